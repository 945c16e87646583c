from django.core.management.base import BaseCommand

from orders.seed import load_username, seed_load_users


class Command(BaseCommand):
    help = "Accounts for the load bench (npm run bench:load): load0001..load<count>, each with 25 orders."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--password", required=True)

    def handle(self, *args, count, password, **options):
        made = seed_load_users(count, password)
        self.stdout.write(f"{made} new of {load_username(1)}..{load_username(count)}")

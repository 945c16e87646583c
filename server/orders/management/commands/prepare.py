from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from orders.seed import seed_demo_data


class Command(BaseCommand):
    help = "Readies the database before the server starts: SERVER_FRESH=1 deletes it, then migrate, then seed if new."

    def handle(self, *args, **options):
        database = Path(settings.DATABASES["default"]["NAME"])
        if settings.SERVER_FRESH:
            connections.close_all()
            for path in (database, database.with_name(database.name + "-journal")):
                path.unlink(missing_ok=True)
            self.stdout.write(f"Deleted {database}")
        database.parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        if get_user_model().objects.exists():
            self.stdout.write("Users exist: seed skipped")
        else:
            seed_demo_data()
            self.stdout.write("Seeded users demo, admin and their orders")

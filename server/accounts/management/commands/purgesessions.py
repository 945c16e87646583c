from django.core.management.base import BaseCommand

from accounts.services import sessions_purge


class Command(BaseCommand):
    help = "Deletes sessions that ended or passed their absolute end (run daily, with simplejwt's flushexpiredtokens)."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {sessions_purge()} ended or expired sessions")

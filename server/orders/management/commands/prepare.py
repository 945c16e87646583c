from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from orders.seed import seed_demo_data


def database_start_over() -> str:
    """Empties the database as SERVER_FRESH=1 asks (SQLite: deletes the file; PostgreSQL: drops the schema `public`
    with everything in it and creates it again); says what it did."""
    if connection.vendor == "sqlite":
        database = Path(settings.DATABASES["default"]["NAME"])
        connections.close_all()
        for path in (database, database.with_name(database.name + "-journal")):
            path.unlink(missing_ok=True)
        return f"Deleted {database}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        return f"Emptied the schema public of {connection.settings_dict['NAME']}"
    raise CommandError(f"SERVER_FRESH=1: no way to start a {connection.vendor} database over")


class Command(BaseCommand):
    help = (
        "Readies the database before the server starts: SERVER_FRESH=1 empties it, then migrate, then seed if new. "
        "With several app servers on one database, run it once before starting them."
    )

    def handle(self, *args, **options):
        if settings.SERVER_FRESH:
            self.stdout.write(database_start_over())
        if connection.vendor == "sqlite":
            Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        if get_user_model().objects.exists():
            self.stdout.write("Users exist: seed skipped")
        else:
            seed_demo_data()
            self.stdout.write("Seeded users demo, admin and their orders")

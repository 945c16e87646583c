from django.core.management.base import BaseCommand

from accounts.services import purged_table_rows, tokens_purge_expired


class Command(BaseCommand):
    help = (
        "Deletes expired refresh tokens and their blacklist rows (simplejwt's flushexpiredtokens), then the device "
        "sessions' own purge where it exists; prints each table's rows before and after. Schedule it (e.g. daily)."
    )

    def handle(self, *args, **options):
        before = purged_table_rows()
        ran = tokens_purge_expired()
        after = purged_table_rows()
        self.stdout.write(f"ran {', '.join(ran)}")
        for table, rows in before.items():
            self.stdout.write(f"{table}: {rows} -> {after[table]} rows")

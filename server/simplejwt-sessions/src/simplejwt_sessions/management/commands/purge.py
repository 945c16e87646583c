from django.core.management.base import BaseCommand

from simplejwt_sessions.services import purged_table_rows, tokens_purge_expired


class Command(BaseCommand):
    help = (
        "Deletes expired refresh tokens and their blacklist rows (simplejwt's flushexpiredtokens), then the sessions "
        "that ended or passed their end; prints each table's rows before and after. Schedule it daily."
    )

    def handle(self, *args, **options):
        before = purged_table_rows()
        tokens_purge_expired()
        after = purged_table_rows()
        for table, rows in before.items():
            self.stdout.write(f"{table}: {rows} -> {after[table]} rows")

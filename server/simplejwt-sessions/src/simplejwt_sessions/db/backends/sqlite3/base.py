"""Django's SQLite backend whose transactions begin with BEGIN IMMEDIATE: what Django 5.1 and later do with
OPTIONS={"transaction_mode": "IMMEDIATE"}, for the Djangos before it (4.2 LTS; 3.2).
ENGINE = "simplejwt_sessions.db.backends.sqlite3".

A deferred transaction that reads and then writes (the lockout's SELECT … FOR UPDATE, which SQLite ignores, then its
INSERT or UPDATE) fails at once with "database is locked" when another process took the write lock meanwhile: SQLite
doesn't wait there, since waiting could deadlock. An immediate one takes the write lock when it begins, waiting up to
the busy timeout (5 s) for it, so parallel logins and refreshes on several processes take turns instead of failing."""

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self):
        self.cursor().execute("BEGIN IMMEDIATE")

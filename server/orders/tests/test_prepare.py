"""`manage.py prepare`, run as the launcher runs it: a new database is migrated and seeded once, SERVER_FRESH=1
starts over. On the database the tests run on: a SQLite file, or (DATABASE_URL) a scratch PostgreSQL database."""

import os
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase

ENVIRONMENT = {
    name: value
    for name, value in os.environ.items()
    if name not in ("SERVER_FRESH", "DJANGO_SECRET_KEY", "DATABASE_URL", "SERVER_DB")
}


def prepare(**env):
    subprocess.run(
        [sys.executable, "manage.py", "prepare", "-v0"],
        cwd=settings.BASE_DIR,
        env={**ENVIRONMENT, **env},
        capture_output=True,
        check=True,
    )


class PrepareChecks:
    """The same checks on each database; `query(sql)` runs SQL on the prepared database."""

    def counts(self):
        return self.query("SELECT (SELECT count(*) FROM auth_user), (SELECT count(*) FROM orders_order)")[0]

    def check_prepare(self, **env):
        prepare(**env)
        self.assertEqual(self.counts(), (2, 28))
        self.assertEqual(
            self.query("SELECT id, username FROM auth_user ORDER BY id"), [(1, "demo"), (2, "admin")]
        )
        self.assertIn(("token_blacklist",), self.query("SELECT DISTINCT app FROM django_migrations"))
        self.query("DELETE FROM orders_order WHERE id > 3")
        prepare(**env)
        self.assertEqual(self.counts(), (2, 3))  # users exist: no second seed
        prepare(**env, SERVER_FRESH="1")
        self.assertEqual(self.counts(), (2, 28))
        self.assertEqual(self.query("SELECT max(id) FROM orders_order"), [(28,)])


class PrepareCommandTests(PrepareChecks, SimpleTestCase):
    def setUp(self):
        data = tempfile.TemporaryDirectory()
        self.addCleanup(data.cleanup)
        self.database = Path(data.name, "db.sqlite3")

    def query(self, sql):
        with closing(sqlite3.connect(self.database)) as db, db:  # the inner `with` commits
            return db.execute(sql).fetchall()

    def test_a_new_sqlite_database_is_migrated_and_seeded_once_and_server_fresh_starts_over(self):
        self.check_prepare(SERVER_DB=str(self.database))


if connection.vendor == "postgresql":
    import psycopg

    class PostgresPrepareCommandTests(PrepareChecks, SimpleTestCase):
        """On a scratch database beside the test database (the prepare process can't see the test's transaction)."""

        databases = {"default"}  # for CREATE and DROP DATABASE, outside any transaction

        def setUp(self):
            name = f"{connection.settings_dict['NAME']}_prepare"
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name}")
                cursor.execute(f"CREATE DATABASE {name}")
            self.addCleanup(self.drop, name)
            self.url = urlsplit(settings.DATABASE_URL)._replace(path=f"/{name}").geturl()

        def drop(self, name):
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE {name} WITH (FORCE)")

        def query(self, sql):
            with psycopg.connect(self.url, autocommit=True) as db:
                cursor = db.execute(sql)
                return cursor.fetchall() if cursor.description else None

        def test_a_new_postgres_database_is_migrated_and_seeded_once_and_server_fresh_starts_over(self):
            self.check_prepare(DATABASE_URL=self.url)

        def test_the_next_order_continues_the_seeds_ids(self):
            prepare(DATABASE_URL=self.url)
            self.query(
                "INSERT INTO orders_order (owner_id, item, quantity, price, status, note, created_at, updated_at)"
                " VALUES (1, 'x', 1, 1, 'pending', '', now(), now())"
            )
            self.assertEqual(self.query("SELECT max(id) FROM orders_order"), [(29,)])

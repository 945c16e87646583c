"""`manage.py prepare`, run as the launcher runs it: a new database is migrated and seeded once."""

import os
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase


class PrepareCommandTests(SimpleTestCase):
    def setUp(self):
        data = tempfile.TemporaryDirectory()
        self.addCleanup(data.cleanup)
        self.database = Path(data.name, "db.sqlite3")

    def prepare(self, **env):
        base = {
            name: value
            for name, value in os.environ.items()
            if name not in ("SERVER_FRESH", "DJANGO_SECRET_KEY")
        }
        subprocess.run(
            [sys.executable, "manage.py", "prepare", "-v0"],
            cwd=settings.BASE_DIR,
            env={**base, "SERVER_DB": str(self.database), **env},
            capture_output=True,
            check=True,
        )

    def query(self, sql):
        with closing(sqlite3.connect(self.database)) as db, db:  # the inner `with` commits
            return db.execute(sql).fetchall()

    def counts(self):
        return self.query("SELECT (SELECT count(*) FROM auth_user), (SELECT count(*) FROM orders_order)")[0]

    def test_a_new_database_is_migrated_and_seeded_once_and_server_fresh_starts_over(self):
        self.prepare()
        self.assertEqual(self.counts(), (2, 28))
        self.assertEqual(
            self.query("SELECT id, username FROM auth_user ORDER BY id"), [(1, "demo"), (2, "admin")]
        )
        self.assertIn(("token_blacklist",), self.query("SELECT DISTINCT app FROM django_migrations"))
        self.query("DELETE FROM orders_order WHERE id > 3")
        self.prepare()
        self.assertEqual(self.counts(), (2, 3))  # users exist: no second seed
        self.prepare(SERVER_FRESH="1")
        self.assertEqual(self.counts(), (2, 28))
        self.assertEqual(self.query("SELECT max(id) FROM orders_order"), [(28,)])

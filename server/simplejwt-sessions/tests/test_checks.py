"""The system checks: wrong SIMPLEJWT_SESSIONS, simplejwt's blacklist app missing, SQLite without IMMEDIATE."""

from datetime import timedelta

import django
from django.core import checks
from django.test import SimpleTestCase, override_settings
from simplejwt_sessions.checks import check_blacklist_app, check_settings, sqlite_warnings

SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.sqlite3"}


class SettingsChecks(SimpleTestCase):
    def test_the_test_settings_pass_every_check(self):
        self.assertEqual(checks.run_checks(), [])

    def ids(self, **setting):
        with override_settings(SIMPLEJWT_SESSIONS=setting):
            return [(message.id, message.msg.split(" must")[0]) for message in check_settings()]

    def test_wrong_values_are_errors(self):
        self.assertEqual(
            self.ids(
                GRACE_WINDOW=30,
                LOGIN_FAILURE_LIMIT=-1,
                LEGACY_REFRESH_TOKENS="keep",
                TRUSTED_PROXIES="10.0.0.1",
            ),
            [
                ("simplejwt_sessions.E002", "SIMPLEJWT_SESSIONS['GRACE_WINDOW']"),
                ("simplejwt_sessions.E002", "SIMPLEJWT_SESSIONS['LOGIN_FAILURE_LIMIT']"),
                ("simplejwt_sessions.E002", "SIMPLEJWT_SESSIONS['LEGACY_REFRESH_TOKENS']"),
                ("simplejwt_sessions.E002", "SIMPLEJWT_SESSIONS['TRUSTED_PROXIES']"),
            ],
        )

    def test_an_unknown_key_and_a_zero_lifetime(self):
        self.assertEqual(
            [id for id, _ in self.ids(GRACE_SECONDS=30, SESSION_LIFETIME=timedelta(0))],
            ["simplejwt_sessions.E001", "simplejwt_sessions.E002"],
        )

    def test_good_values_pass(self):
        self.assertEqual(self.ids(GRACE_WINDOW=timedelta(0), TRUSTED_PROXIES=["10.0.0.0/8", "::1"]), [])

    def test_wrong_cookie_settings_are_errors(self):
        self.assertEqual(
            self.ids(
                REFRESH_TOKEN_TRANSPORT="header",
                REFRESH_COOKIE_SAMESITE="strict",
                REFRESH_COOKIE_NAME="",
                REFRESH_COOKIE_PATH="api",
                REFRESH_COOKIE_SECURE="yes",
                CSRF_HEADER=None,
            ),
            [
                ("simplejwt_sessions.E002", "SIMPLEJWT_SESSIONS['REFRESH_TOKEN_TRANSPORT']"),
                ("simplejwt_sessions.E002", "SIMPLEJWT_SESSIONS['REFRESH_COOKIE_SAMESITE']"),
                ("simplejwt_sessions.E002", "SIMPLEJWT_SESSIONS['REFRESH_COOKIE_NAME']"),
                ("simplejwt_sessions.E002", "SIMPLEJWT_SESSIONS['REFRESH_COOKIE_PATH']"),
                ("simplejwt_sessions.E002", "SIMPLEJWT_SESSIONS['REFRESH_COOKIE_SECURE']"),
                ("simplejwt_sessions.E002", "SIMPLEJWT_SESSIONS['CSRF_HEADER']"),
            ],
        )

    def prefix_errors(self, **setting):
        with override_settings(SIMPLEJWT_SESSIONS=setting):
            return [message.msg for message in check_settings() if message.id == "simplejwt_sessions.E004"]

    def test_a_cookie_prefix_browsers_would_drop_the_cookie_for_is_an_error(self):
        for setting in ({"REFRESH_COOKIE_PATH": "/api/"}, {"REFRESH_COOKIE_SECURE": False}):
            with self.subTest(setting):
                (message,) = self.prefix_errors(REFRESH_TOKEN_TRANSPORT="cookie", **setting)
                self.assertIn(
                    "'__Host-refresh' needs REFRESH_COOKIE_PATH '/' and REFRESH_COOKIE_SECURE True", message
                )
        (message,) = self.prefix_errors(REFRESH_COOKIE_NAME="__Secure-refresh", REFRESH_COOKIE_SECURE=False)
        self.assertIn("'__Secure-refresh' needs REFRESH_COOKIE_SECURE True", message)
        (message,) = self.prefix_errors(
            REFRESH_COOKIE_NAME="refresh", REFRESH_COOKIE_SAMESITE="None", REFRESH_COOKIE_SECURE=False
        )
        self.assertIn("'None' needs REFRESH_COOKIE_SECURE True", message)

    def test_good_cookie_settings_pass(self):
        self.assertEqual(self.ids(REFRESH_TOKEN_TRANSPORT="cookie"), [])
        self.assertEqual(
            self.ids(
                REFRESH_TOKEN_TRANSPORT="cookie",
                REFRESH_COOKIE_NAME="refresh",
                REFRESH_COOKIE_PATH="/api/token/",
                REFRESH_COOKIE_SECURE=False,
                REFRESH_COOKIE_SAMESITE="Lax",
                CSRF_HEADER="X-CSRF",
            ),
            [],
        )
        self.assertEqual(self.ids(REFRESH_COOKIE_NAME="__Secure-refresh", REFRESH_COOKIE_PATH="/api/"), [])

    @override_settings(SIMPLEJWT_SESSIONS=[("GRACE_WINDOW", 1)])
    def test_not_a_dict(self):
        self.assertEqual([message.id for message in check_settings()], ["simplejwt_sessions.E001"])

    def test_the_blacklist_app_is_needed(self):
        with self.modify_settings(INSTALLED_APPS={"remove": "rest_framework_simplejwt.token_blacklist"}):
            self.assertEqual([message.id for message in check_blacklist_app()], ["simplejwt_sessions.E003"])


class SQLiteChecks(SimpleTestCase):
    def warnings(self, database):
        return sqlite_warnings({"default": database})

    def test_deferred_transactions_are_a_warning_with_the_fix_for_this_django(self):
        (warning,) = self.warnings(SQLITE)
        self.assertEqual(warning.id, "simplejwt_sessions.W001")
        expected = (
            "transaction_mode" if django.VERSION >= (5, 1) else "simplejwt_sessions.db.backends.sqlite3"
        )
        self.assertIn(expected, warning.hint)

    def test_the_fix_passes(self):
        if django.VERSION >= (5, 1):
            fixed = {**SQLITE, "OPTIONS": {"transaction_mode": "IMMEDIATE"}}
        else:
            fixed = {**SQLITE, "ENGINE": "simplejwt_sessions.db.backends.sqlite3"}
        self.assertEqual(self.warnings(fixed), [])
        self.assertEqual(self.warnings({"ENGINE": "django.db.backends.postgresql", "NAME": "x"}), [])

"""Project-level behaviour: URLs outside the API, and settings read from the environment."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, override_settings
from rest_framework.test import APITestCase

from orders.seed import seed_demo_data

SETTINGS_VARIABLES = [
    "PORT",
    "SERVER_DB",
    "SERVER_FRESH",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "ACCESS_SECONDS",
    "REFRESH_SECONDS",
    "ROTATE",
    "DJANGO_SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "REFRESH_GRACE_SECONDS",
    "SESSION_MAX_SECONDS",
    "REFRESH_TRANSPORT",
]
PRINT_SETTINGS = """
import json
from django.conf import settings as s
jwt = s.SIMPLE_JWT
print(json.dumps({
    "port": s.PORT, "db": s.DATABASES["default"]["NAME"], "fresh": s.SERVER_FRESH, "debug": s.DEBUG,
    "engine": s.DATABASES["default"]["ENGINE"], "conn_max_age": s.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": s.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "hosts": s.ALLOWED_HOSTS, "secret": s.SECRET_KEY, "access": jwt["ACCESS_TOKEN_LIFETIME"].total_seconds(),
    "refresh": jwt["REFRESH_TOKEN_LIFETIME"].total_seconds(), "rotate": jwt["ROTATE_REFRESH_TOKENS"],
    "blacklist": jwt["BLACKLIST_AFTER_ROTATION"], "grace": s.REFRESH_GRACE_SECONDS, "session": s.SESSION_MAX_SECONDS,
    "transport": s.SIMPLEJWT_SESSIONS["REFRESH_TOKEN_TRANSPORT"],
}))
"""


def settings_under(env: dict) -> dict:
    """backend.settings as a fresh process with exactly these settings variables sees them."""
    clean = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", PRINT_SETTINGS],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


class UrlTests(SimpleTestCase):
    def test_an_unknown_url_is_djangos_html_404(self):
        for path in ("/nope/", "/api/", "/api/orders.json", "/api/token/extra/"):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 404)
                self.assertTrue(response["Content-Type"].startswith("text/html"))
                self.assertIn(b"<h1>Not Found</h1>", response.content)

    def test_a_missing_trailing_slash_is_a_301(self):
        for method, path in (("get", "/api/me"), ("post", "/api/token"), ("get", "/api/orders/1")):
            with self.subTest(path=path):
                response = getattr(self.client, method)(path)
                self.assertEqual((response.status_code, response["Location"]), (301, path + "/"))


class RendererTests(SimpleTestCase):
    def test_api_answers_vary_on_accept_and_language_like_drfs_defaults(self):
        response = self.client.get("/api/me/")
        self.assertEqual((response.status_code, response["Content-Type"]), (401, "application/json"))
        self.assertEqual(response["Vary"], "Accept, Accept-Language")

    def test_a_browser_gets_the_browsable_api(self):
        response = self.client.get("/api/me/", HTTP_ACCEPT="text/html")
        self.assertEqual((response.status_code, response["Content-Type"]), (401, "text/html; charset=utf-8"))
        self.assertIn(b"Authentication credentials were not provided.", response.content)


class EnvironmentSettingsTests(SimpleTestCase):
    def test_defaults(self):
        with tempfile.TemporaryDirectory() as data:
            seen = settings_under({"SERVER_DB": f"{data}/db.sqlite3"})
            secret_file = Path(data, "secret_key")
            self.assertEqual(seen["secret"], secret_file.read_text().strip())
            self.assertGreaterEqual(len(seen["secret"]), 50)
            self.assertEqual(settings_under({"SERVER_DB": f"{data}/db.sqlite3"})["secret"], seen["secret"])
        self.assertEqual(
            {
                key: seen[key]
                for key in (
                    "port",
                    "engine",
                    "conn_max_age",
                    "health_checks",
                    "fresh",
                    "debug",
                    "hosts",
                    "access",
                    "refresh",
                    "rotate",
                    "blacklist",
                    "grace",
                    "session",
                    "transport",
                )
            },
            {
                "port": 8000,
                "engine": "django.db.backends.sqlite3",
                "conn_max_age": 60,
                "health_checks": False,
                "fresh": False,
                "debug": False,
                "hosts": ["127.0.0.1", "localhost", "[::1]"],
                "access": 300,
                "refresh": 86400,
                "rotate": True,
                "blacklist": True,
                "grace": 30,
                "session": 30 * 24 * 3600,
                "transport": "body",
            },
        )
        self.assertEqual(settings_under({"ROTATE": "0"})["rotate"], False)
        self.assertEqual(settings_under({})["db"], str(settings.BASE_DIR / ".data" / "db.sqlite3"))

    def test_every_variable(self):
        with tempfile.TemporaryDirectory() as data:
            seen = settings_under(
                {
                    "PORT": "8123",
                    "SERVER_DB": f"{data}/other.sqlite3",
                    "SERVER_FRESH": "1",
                    "ACCESS_SECONDS": "3",
                    "REFRESH_SECONDS": "60",
                    "ROTATE": "1",
                    "DJANGO_SECRET_KEY": "from-the-environment",
                    "DEBUG": "1",
                    "ALLOWED_HOSTS": "api.example,localhost",
                    "REFRESH_GRACE_SECONDS": "5",
                    "SESSION_MAX_SECONDS": "3600",
                    "DATABASE_CONN_MAX_AGE": "0",
                    "REFRESH_TRANSPORT": "cookie",
                }
            )
            self.assertFalse(Path(data, "secret_key").exists())
        self.assertEqual(
            seen,
            {
                "port": 8123,
                "db": f"{data}/other.sqlite3",
                "engine": "django.db.backends.sqlite3",
                "conn_max_age": 0,
                "health_checks": False,
                "fresh": True,
                "debug": True,
                "hosts": ["api.example", "localhost"],
                "secret": "from-the-environment",
                "access": 3,
                "refresh": 60,
                "rotate": True,
                "blacklist": True,
                "grace": 5,
                "session": 3600,
                "transport": "cookie",
            },
        )

    def test_refresh_transport_cookie_is_for_the_pair_dialect_only(self):
        for env in ({"REFRESH_TRANSPORT": "cookie", "DIALECT": "sliding"}, {"REFRESH_TRANSPORT": "header"}):
            with self.subTest(env), self.assertRaises(subprocess.CalledProcessError) as refused:
                settings_under({"DIALECT": "pair", **env})
            self.assertIn("REFRESH_TRANSPORT", refused.exception.stderr)

    def test_database_url_chooses_postgresql_with_kept_connections(self):
        url = "postgres://app:secret@db.example:6543/orders"
        seen = settings_under({"DATABASE_URL": url, "DJANGO_SECRET_KEY": "x"})
        self.assertEqual(
            {key: seen[key] for key in ("engine", "db", "conn_max_age", "health_checks")},
            {
                "engine": "django.db.backends.postgresql",
                "db": "orders",
                "conn_max_age": 60,
                "health_checks": True,
            },
        )
        seen = settings_under({"DATABASE_URL": url, "DJANGO_SECRET_KEY": "x", "DATABASE_CONN_MAX_AGE": "0"})
        self.assertEqual((seen["conn_max_age"], seen["health_checks"]), (0, False))


class HealthTests(SimpleTestCase):
    def test_answers_without_a_login_or_the_database(self):
        response = self.client.get("/api/health/", HTTP_AUTHORIZATION="JWT not-even-a-token")
        self.assertEqual((response.status_code, response.json()), (200, {"status": "ok"}))

    def test_only_get(self):
        self.assertEqual(self.client.post("/api/health/").status_code, 405)


class HostileBodyTests(APITestCase):
    """Issue 23: bodies Django or Python's json refuse are JSON 4xx in the contract's shape, not Django's HTML 400
    or a 500 (backend/parsers.py, backend/exceptions.py)."""

    @classmethod
    def setUpTestData(cls):
        seed_demo_data()

    def post(self, path, body, content_type="application/json", **extra):
        return self.client.post(path, body, content_type=content_type, **extra)

    def test_json_nested_too_deep_is_a_parse_error(self):
        for body in (b"[" * 5000 + b"]" * 5000, b'{"a":' * 5000 + b"1" + b"}" * 5000):
            response = self.post("/api/token/", body)
            self.assertEqual(response.status_code, 400)
            self.assertEqual(list(response.json()), ["detail"])
            self.assertRegex(
                response.json()["detail"], r"^JSON parse error - maximum recursion depth exceeded"
            )

    def test_a_body_over_django_s_limit_is_413_request_too_large(self):
        big = json.dumps({"username": "demo", "password": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
        for language, detail in (("en", "Request body too large."), ("zh-CN", "请求体过大。")):
            response = self.post("/api/token/", big, HTTP_ACCEPT_LANGUAGE=language)
            self.assertEqual(
                (response.status_code, response["Content-Type"], response.json()),
                (413, "application/json", {"detail": detail, "code": "request_too_large"}),
            )

    def test_too_many_form_fields_is_a_parse_error(self):
        body = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
        response = self.post("/api/token/", body, content_type="application/x-www-form-urlencoded")
        self.assertEqual(
            (response.status_code, response.json()),
            (
                400,
                {
                    "detail": "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
                },
            ),
        )

    def test_nul_in_a_username_is_drfs_field_error_in_both_languages(self):
        body = json.dumps({"username": "de\x00mo", "password": "demo123"})
        for language, message in (
            ("en", "Null characters are not allowed."),
            ("zh-CN", "不允许使用空字符。"),
        ):
            response = self.post("/api/token/", body, HTTP_ACCEPT_LANGUAGE=language)
            self.assertEqual((response.status_code, response.json()), (400, {"username": [message]}))


@override_settings(SIMPLEJWT_SESSIONS={**settings.SIMPLEJWT_SESSIONS, "REFRESH_TOKEN_TRANSPORT": "cookie"})
class CookieTransportTests(APITestCase):
    """REFRESH_TRANSPORT=cookie through the demo's middleware and exception handler (the package's tests have the rest)."""

    def setUp(self):
        get_user_model().objects.create_user("demo", password="correct horse 12")

    def test_login_refresh_logout_through_the_cookie(self):
        xhr = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest", "HTTP_SEC_FETCH_SITE": "same-origin"}
        login = self.client.post(
            "/api/token/", {"username": "demo", "password": "correct horse 12"}, format="json", **xhr
        )
        self.assertEqual((login.status_code, list(login.json())), (200, ["access"]))
        self.assertIn("HttpOnly", login.cookies["__Host-refresh"].OutputString())
        refreshed = self.client.post("/api/token/refresh/", {}, format="json", **xhr)
        self.assertEqual((refreshed.status_code, list(refreshed.json())), (200, ["access"]))
        me = self.client.get("/api/me/", HTTP_AUTHORIZATION=f"JWT {refreshed.json()['access']}")
        self.assertEqual(me.status_code, 200)
        logout = self.client.post("/api/token/blacklist/", {}, format="json", **xhr)
        self.assertEqual((logout.status_code, logout.json()), (200, {}))
        self.assertEqual(logout.cookies["__Host-refresh"]["max-age"], 0)

    def test_a_cross_site_request_is_a_translated_403(self):
        response = self.client.post(
            "/api/token/refresh/",
            {},
            format="json",
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
            HTTP_ORIGIN="https://evil.example",
            HTTP_ACCEPT_LANGUAGE="zh-CN",
        )
        self.assertEqual(
            (response.status_code, response.json()),
            (403, {"detail": "已拒绝跨站请求。", "code": "csrf_failed"}),
        )

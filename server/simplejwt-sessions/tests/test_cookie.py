"""REFRESH_TOKEN_TRANSPORT="cookie" (the wire contract of issue 26): the refresh token in an httpOnly cookie, the
token endpoints behind the CSRF check."""

import re
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import override_settings
from rest_framework.test import APITestCase
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken
from simplejwt_sessions.models import LoginLockout, Session

NAME = "__Host-refresh"
COOKIE = {"REFRESH_TOKEN_TRANSPORT": "cookie"}
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
# Django's delete_cookie with the cookie's flags.
CLEARING = (
    f'{NAME}=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Max-Age=0; Path=/; SameSite=Strict; Secure'
)


@override_settings(SIMPLEJWT_SESSIONS=COOKIE)
class CookieCase(APITestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_user("demo", password="correct horse 12")

    def post(self, path, body=None, **headers):
        return self.client.post(path, body or {}, format="json", **{**XHR, **headers})

    def login(self, remember=None, password="correct horse 12", **headers):
        body = {"username": "demo", "password": password}
        if remember is not None:
            body["remember"] = remember
        return self.post("/api/token/", body, **headers)

    def refresh(self, **headers):
        return self.post("/api/token/refresh/", **headers)

    def logout(self, **headers):
        return self.post("/api/token/blacklist/", **headers)

    def set_cookie(self, response) -> str:
        """The answer's Set-Cookie for the refresh cookie, as the browser gets it."""
        return response.cookies[NAME].OutputString()

    def cookie_value(self, response) -> str:
        return response.cookies[NAME].value

    def use(self, token):
        """The browser's cookie jar holds `token`."""
        self.client.cookies[NAME] = token

    def assertSessionCookie(self, response):
        token = self.cookie_value(response)
        self.assertEqual(
            self.set_cookie(response), f"{NAME}={token}; HttpOnly; Path=/; SameSite=Strict; Secure"
        )
        return token

    def assertCleared(self, response):
        self.assertEqual(self.set_cookie(response), CLEARING)


class LoginTests(CookieCase):
    def test_login_answers_the_access_token_and_sets_a_session_cookie(self):
        response = self.login()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.json()), ["access"])
        token = self.assertSessionCookie(response)
        refresh = RefreshToken(token)
        self.assertEqual(AccessToken(response.json()["access"])["refresh_exp"], refresh["exp"])
        self.assertFalse(Session.objects.get().remember)

    def test_remember_makes_the_cookie_persistent_until_the_refresh_token_expires(self):
        response = self.login(remember=True)
        token = self.cookie_value(response)
        exp = RefreshToken(token)["exp"]
        match = re.fullmatch(
            rf"{NAME}={re.escape(token)}; expires=[^;]+ GMT; HttpOnly; Max-Age=(\d+); Path=/; SameSite=Strict; Secure",
            self.set_cookie(response),
        )
        self.assertIsNotNone(match, self.set_cookie(response))
        self.assertAlmostEqual(int(match[1]), exp - time.time(), delta=2)
        self.assertTrue(Session.objects.get().remember)
        self.assertNotIn("refresh", response.json())

    def test_remember_false_is_a_session_cookie(self):
        self.assertSessionCookie(self.login(remember=False))

    def test_remember_must_be_a_boolean(self):
        response = self.login(remember="maybe")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()), ["remember"])
        self.assertNotIn(NAME, response.cookies)
        self.assertEqual(Session.objects.count(), 0)

    def test_login_errors_are_those_of_body_mode_and_set_no_cookie(self):
        wrong = self.login(password="wrong")
        missing = self.post("/api/token/", {"username": "demo"})
        with override_settings(SIMPLEJWT_SESSIONS={}):
            body_mode = [self.login(password="wrong"), self.post("/api/token/", {"username": "demo"})]
        self.assertEqual(
            [(wrong.status_code, wrong.json()), (missing.status_code, missing.json())],
            [(answer.status_code, answer.json()) for answer in body_mode],
        )
        self.assertEqual(wrong.status_code, 401)
        self.assertEqual(list(missing.json()), ["password"])
        self.assertNotIn(NAME, wrong.cookies)
        self.assertNotIn(NAME, missing.cookies)

    @override_settings(SIMPLEJWT_SESSIONS={**COOKIE, "LOGIN_FAILURE_LIMIT": 2})
    def test_the_lockout_is_unchanged(self):
        self.assertEqual(self.login(password="wrong").status_code, 401)
        self.assertEqual(self.login(password="wrong").status_code, 401)
        locked = self.login()
        self.assertEqual((locked.status_code, locked.json()["code"]), (429, "too_many_attempts"))
        self.assertIn("Retry-After", locked)
        self.assertNotIn(NAME, locked.cookies)


class RefreshTests(CookieCase):
    def test_refresh_reads_the_cookie_and_sets_the_successor(self):
        first = self.cookie_value(self.login())
        response = self.refresh()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.json()), ["access"])
        successor = self.assertSessionCookie(response)
        self.assertNotEqual(successor, first)
        self.assertEqual(Session.objects.get().refresh_token, successor)
        self.assertEqual(
            AccessToken(response.json()["access"])["refresh_exp"], RefreshToken(successor)["exp"]
        )
        # The client's jar now holds the successor: the next refresh spends it.
        self.assertNotEqual(self.cookie_value(self.refresh()), successor)

    @override_settings(SIMPLE_JWT={"ROTATE_REFRESH_TOKENS": False})
    def test_without_rotation_the_cookie_stays(self):
        first = self.cookie_value(self.login())
        for _ in range(2):
            response = self.refresh()
            self.assertEqual(response.status_code, 200)
            self.assertEqual(list(response.json()), ["access"])
            self.assertNotIn(NAME, response.cookies)  # neither a successor nor the clearing cookie
        self.assertEqual(AccessToken(response.json()["access"])["refresh_exp"], RefreshToken(first)["exp"])

    def test_the_body_is_ignored(self):
        self.login()
        self.assertEqual(self.post("/api/token/refresh/", {"refresh": "x"}).status_code, 200)

    def test_a_remembered_session_gets_persistent_successors(self):
        self.login(remember=True)
        self.assertIn("Max-Age=", self.set_cookie(self.refresh()))
        self.client.cookies.clear()
        self.login(remember=False)
        self.assertSessionCookie(self.refresh())

    def test_the_just_spent_cookie_gets_the_same_successor_within_the_window(self):
        first = self.cookie_value(self.login())
        successor = self.cookie_value(self.refresh())
        self.use(first)  # the answer was lost: the browser still holds the first token
        retried = self.refresh()
        self.assertEqual((retried.status_code, self.cookie_value(retried)), (200, successor))

    @override_settings(SIMPLEJWT_SESSIONS={**COOKIE, "GRACE_WINDOW": timedelta(0)})
    def test_reuse_after_the_window_ends_the_family_and_clears_the_cookie(self):
        first = self.cookie_value(self.login())
        successor = self.cookie_value(self.refresh())
        self.use(first)
        with self.assertLogs("simplejwt_sessions.security", "WARNING"):
            reused = self.refresh()
        self.assertEqual(
            (reused.status_code, reused.json()),
            (401, {"detail": "Token is blacklisted", "code": "token_not_valid"}),
        )
        self.assertCleared(reused)
        self.assertEqual(Session.objects.get().end_reason, Session.EndReason.REUSE)
        self.use(successor)
        self.assertEqual(self.refresh().status_code, 401)

    def test_no_cookie_is_401_and_clears(self):
        response = self.refresh()
        self.assertEqual(
            (response.status_code, response.json()),
            (401, {"detail": "Token is invalid or expired", "code": "token_not_valid"}),
        )
        self.assertCleared(response)

    def test_an_invalid_cookie_gets_the_body_mode_answer_and_clears(self):
        self.use("not-a-jwt")
        response = self.refresh()
        self.assertEqual(
            (response.status_code, response.json()),
            (401, {"detail": "Token is invalid", "code": "token_not_valid"}),
        )
        self.assertCleared(response)

    def test_an_ended_session_is_refused_and_clears(self):
        pair = self.login()
        self.client.post("/api/me/logout-all/", HTTP_AUTHORIZATION=f"Bearer {pair.json()['access']}", **XHR)
        self.use(self.cookie_value(pair))
        response = self.refresh()
        self.assertEqual((response.status_code, response.json()["code"]), (401, "token_not_valid"))
        self.assertCleared(response)


class LogoutTests(CookieCase):
    def test_logout_ends_the_session_and_clears(self):
        self.login()
        response = self.logout()
        self.assertEqual((response.status_code, response.json()), (200, {}))
        self.assertCleared(response)
        self.assertEqual(Session.objects.get().end_reason, Session.EndReason.LOGOUT)

    def test_no_cookie_is_200_and_clears(self):
        response = self.logout()
        self.assertEqual((response.status_code, response.json()), (200, {}))
        self.assertCleared(response)

    def test_a_refused_cookie_gets_the_body_mode_refusal_and_clears(self):
        first = self.cookie_value(self.login())
        self.logout()
        self.use(first)
        response = self.logout()
        self.assertEqual(
            (response.status_code, response.json()),
            (401, {"detail": "Token is blacklisted", "code": "token_not_valid"}),
        )
        self.assertCleared(response)


class AccountTests(CookieCase):
    def password(self, access):
        return self.client.post(
            "/api/me/password/",
            {"old_password": "correct horse 12", "new_password": "another horse 34"},
            format="json",
            HTTP_AUTHORIZATION=f"Bearer {access}",
        )

    def test_a_password_change_sets_the_new_session_cookie(self):
        login = self.login()
        response = self.password(login.json()["access"])
        self.assertEqual((response.status_code, list(response.json())), (200, ["access"]))
        token = self.assertSessionCookie(response)
        self.assertEqual(AccessToken(response.json()["access"])["refresh_exp"], RefreshToken(token)["exp"])
        new = Session.objects.get(ended_at__isnull=True)
        self.assertEqual((new.refresh_token, new.remember), (token, False))
        self.assertEqual(self.refresh().status_code, 200)  # the new cookie works

    def test_a_remembered_session_stays_remembered_after_a_password_change(self):
        response = self.password(self.login(remember=True).json()["access"])
        self.assertIn("Max-Age=", self.set_cookie(response))
        self.assertTrue(Session.objects.get(ended_at__isnull=True).remember)

    def test_devices_and_signing_out_still_work(self):
        access = self.login().json()["access"]
        other = self.login().json()["access"]
        devices = self.client.get("/api/me/sessions/", HTTP_AUTHORIZATION=f"Bearer {access}")
        self.assertEqual(devices.status_code, 200)
        self.assertEqual([device["current"] for device in devices.json()], [False, True])
        gone = self.client.delete(
            f"/api/me/sessions/{devices.json()[0]['id']}/", HTTP_AUTHORIZATION=f"Bearer {access}"
        )
        self.assertEqual(gone.status_code, 204)
        self.assertEqual(
            self.client.get("/api/me/sessions/", HTTP_AUTHORIZATION=f"Bearer {other}").status_code, 401
        )

    def test_logout_all_clears_the_cookie(self):
        access = self.login().json()["access"]
        response = self.client.post("/api/me/logout-all/", HTTP_AUTHORIZATION=f"Bearer {access}")
        self.assertEqual(response.status_code, 204)
        self.assertCleared(response)


class CsrfTests(CookieCase):
    def assertRefused(self, response):
        self.assertEqual(
            (response.status_code, response.json()),
            (403, {"detail": "Cross-site request refused.", "code": "csrf_failed"}),
        )
        self.assertNotIn(NAME, response.cookies)  # nothing set, nothing cleared

    def test_the_custom_header_is_required(self):
        for path in ("/api/token/", "/api/token/refresh/", "/api/token/blacklist/"):
            with self.subTest(path):
                self.assertRefused(self.client.post(path, {}, format="json"))
                self.assertRefused(self.client.post(path, {}, format="json", HTTP_X_REQUESTED_WITH=""))

    def test_fetch_metadata_must_say_same_origin(self):
        for site in ("cross-site", "same-site", "none"):
            with self.subTest(site):
                self.assertRefused(self.login(HTTP_SEC_FETCH_SITE=site))
        self.assertEqual(self.login(HTTP_SEC_FETCH_SITE="same-origin").status_code, 200)
        # Sec-Fetch-Site decides when present, whatever Origin says.
        self.assertRefused(self.login(HTTP_SEC_FETCH_SITE="cross-site", HTTP_ORIGIN="http://testserver"))

    def test_origin_must_be_the_servers_own(self):
        self.assertRefused(self.login(HTTP_ORIGIN="https://evil.example"))
        self.assertRefused(self.login(HTTP_ORIGIN="null"))
        self.assertRefused(self.login(HTTP_ORIGIN="https://testserver"))  # another scheme
        self.assertEqual(self.login(HTTP_ORIGIN="http://testserver").status_code, 200)

    @override_settings(CSRF_TRUSTED_ORIGINS=["https://app.example", "https://*.trusted.example"])
    def test_csrf_trusted_origins_are_allowed(self):
        self.assertEqual(self.login(HTTP_ORIGIN="https://app.example").status_code, 200)
        self.assertEqual(self.login(HTTP_ORIGIN="https://www.trusted.example").status_code, 200)
        self.assertRefused(self.login(HTTP_ORIGIN="https://app.example.evil"))
        self.assertRefused(self.login(HTTP_ORIGIN="http://www.trusted.example"))

    def test_neither_header_is_allowed(self):
        self.assertEqual(self.login().status_code, 200)
        self.assertEqual(self.refresh().status_code, 200)

    def test_a_refusal_changes_nothing(self):
        login = self.login()
        session = Session.objects.get()
        self.assertRefused(self.login(password="wrong", HTTP_ORIGIN="null"))
        self.assertRefused(self.login(password="wrong", HTTP_SEC_FETCH_SITE="cross-site"))
        self.assertRefused(self.refresh(HTTP_SEC_FETCH_SITE="cross-site"))
        self.assertRefused(self.logout(HTTP_ORIGIN="https://evil.example"))
        self.assertRefused(self.client.post("/api/token/blacklist/", {}, format="json"))
        self.assertEqual(LoginLockout.objects.filter(failures__gt=0).count(), 0)  # no lockout count
        after = Session.objects.get()
        self.assertEqual((after.refresh_token, after.ended_at), (session.refresh_token, None))
        self.assertEqual(self.client.cookies[NAME].value, self.cookie_value(login))

    def test_the_refusal_is_translated(self):
        response = self.client.post("/api/token/", {}, format="json", HTTP_ACCEPT_LANGUAGE="zh-CN")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"detail": "已拒绝跨站请求。", "code": "csrf_failed"})

    @override_settings(SIMPLEJWT_SESSIONS={**COOKIE, "CSRF_HEADER": "X-CSRF"})
    def test_the_header_is_configurable(self):
        self.assertRefused(self.login())
        self.assertEqual(self.login(HTTP_X_CSRF="1").status_code, 200)


class BodyModeTests(APITestCase):
    def test_body_mode_sets_no_cookie_and_no_refresh_exp(self):
        get_user_model().objects.create_user("demo", password="correct horse 12")
        response = self.client.post(
            "/api/token/",
            {"username": "demo", "password": "correct horse 12", "remember": "maybe"},
            format="json",
        )
        self.assertEqual((response.status_code, list(response.json())), (200, ["refresh", "access"]))
        self.assertEqual(response.cookies, {})
        self.assertNotIn("refresh_exp", AccessToken(response.json()["access"]).payload)
        self.assertEqual(self.client.post("/api/token/refresh/", {}, format="json").status_code, 400)

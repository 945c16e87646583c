"""The README's promises, through the app's own endpoints (include("simplejwt_sessions.urls"))."""

from datetime import timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APITestCase
from simplejwt_sessions.models import Session

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


class SessionCase(APITestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_user("demo", password="correct horse 12")

    def login(self, user_agent=FIREFOX, password="correct horse 12"):
        return self.client.post(
            "/api/token/",
            {"username": "demo", "password": password},
            format="json",
            HTTP_USER_AGENT=user_agent,
        )

    def refresh(self, token):
        return self.client.post("/api/token/refresh/", {"refresh": token}, format="json")

    def get(self, path, access, **extra):
        return self.client.get(path, HTTP_AUTHORIZATION=f"Bearer {access}", **extra)


class RotationTests(SessionCase):
    def test_each_refresh_rotates_and_the_just_spent_token_gets_the_same_successor_within_the_window(self):
        first = self.login().json()
        second = self.refresh(first["refresh"])
        self.assertEqual(second.status_code, 200)
        third = self.refresh(second.json()["refresh"]).json()
        self.assertNotIn(third["refresh"], (first["refresh"], second.json()["refresh"]))
        retried = self.refresh(second.json()["refresh"])
        self.assertEqual((retried.status_code, retried.json()["refresh"]), (200, third["refresh"]))
        self.assertEqual(self.get("/api/me/sessions/", third["access"]).status_code, 200)

    @override_settings(SIMPLEJWT_SESSIONS={"GRACE_WINDOW": timedelta(0)})
    def test_a_spent_token_after_the_window_ends_the_family(self):
        first = self.login().json()
        second = self.refresh(first["refresh"]).json()
        with self.assertLogs("simplejwt_sessions.security", "WARNING"):
            reused = self.refresh(first["refresh"])
        self.assertEqual((reused.status_code, reused.json()["code"]), (401, "token_not_valid"))
        self.assertEqual(self.refresh(second["refresh"]).status_code, 401)  # the thief's copy and the owner's
        self.assertEqual(self.get("/api/me/sessions/", second["access"]).status_code, 401)
        self.assertEqual(Session.objects.get().end_reason, Session.EndReason.REUSE)

    @override_settings(SIMPLEJWT_SESSIONS={"SESSION_LIFETIME": timedelta(hours=1)})
    def test_no_token_outlives_the_absolute_lifetime(self):
        pair = self.login().json()
        later = timezone.now() + timedelta(minutes=59, seconds=59)
        with mock.patch("simplejwt_sessions.services.timezone.now", return_value=later):
            self.assertEqual(self.refresh(pair["refresh"]).status_code, 200)
        session = Session.objects.get()
        self.assertEqual(session.expires_at - session.created_at, timedelta(hours=1))
        with mock.patch(
            "simplejwt_sessions.services.timezone.now", return_value=later + timedelta(seconds=2)
        ):
            self.assertEqual(self.refresh(session.refresh_token).status_code, 401)


class DeviceTests(SessionCase):
    def test_devices_list_and_signing_one_out(self):
        firefox = self.login(FIREFOX).json()
        chrome = self.login(CHROME).json()
        devices = self.get("/api/me/sessions/", firefox["access"]).json()
        self.assertEqual(
            [(device["device"], device["current"]) for device in devices],
            [("Chrome on Windows", False), ("Firefox on Linux", True)],
        )
        gone = self.client.delete(
            f"/api/me/sessions/{devices[0]['id']}/", HTTP_AUTHORIZATION=f"Bearer {firefox['access']}"
        )
        self.assertEqual(gone.status_code, 204)
        self.assertEqual(self.refresh(chrome["refresh"]).status_code, 401)
        self.assertEqual(self.get("/api/me/sessions/", chrome["access"]).status_code, 401)
        self.assertEqual(len(self.get("/api/me/sessions/", firefox["access"]).json()), 1)

    def test_another_users_device_is_404(self):
        get_user_model().objects.create_user("other", password="x")
        mine = self.login().json()
        other = Session.objects.create(
            user=get_user_model().objects.get(username="other"),
            created_at=timezone.now(),
            last_used_at=timezone.now(),
            expires_at=timezone.now() + timedelta(days=1),
        )
        answer = self.client.delete(
            f"/api/me/sessions/{other.pk}/", HTTP_AUTHORIZATION=f"Bearer {mine['access']}"
        )
        self.assertEqual(answer.status_code, 404)

    def test_devices_are_labelled_in_chinese(self):
        pair = self.login(FIREFOX).json()
        devices = self.get("/api/me/sessions/", pair["access"], HTTP_ACCEPT_LANGUAGE="zh-hans").json()
        self.assertEqual(devices[0]["device"], "Linux 上的 Firefox")  # the wheel's own catalogue


class RevocationTests(SessionCase):
    def test_log_out_everywhere_ends_every_session(self):
        one, two = self.login().json(), self.login(CHROME).json()
        answer = self.client.post("/api/me/logout-all/", HTTP_AUTHORIZATION=f"Bearer {one['access']}")
        self.assertEqual(answer.status_code, 204)
        for pair in (one, two):
            self.assertEqual(self.refresh(pair["refresh"]).status_code, 401)
            self.assertEqual(self.get("/api/me/sessions/", pair["access"]).status_code, 401)
        self.assertEqual(self.login().status_code, 200)  # a new login works

    def test_a_password_change_revokes_the_other_tokens_and_gives_this_device_a_pair(self):
        other = self.login(CHROME).json()
        mine = self.login().json()
        answer = self.client.post(
            "/api/me/password/",
            {"old_password": "correct horse 12", "new_password": "another horse 34"},
            format="json",
            HTTP_AUTHORIZATION=f"Bearer {mine['access']}",
        )
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(self.refresh(other["refresh"]).status_code, 401)
        self.assertEqual(self.get("/api/me/sessions/", answer.json()["access"]).status_code, 200)

    def test_logout_ends_the_session(self):
        pair = self.login().json()
        self.assertEqual(
            self.client.post("/api/token/blacklist/", {"refresh": pair["refresh"]}).status_code, 200
        )
        self.assertEqual(self.refresh(pair["refresh"]).status_code, 401)
        self.assertEqual(Session.objects.get().end_reason, Session.EndReason.LOGOUT)


@override_settings(SIMPLEJWT_SESSIONS={"LOGIN_FAILURE_LIMIT": 3})
class LockoutTests(SessionCase):
    def test_the_limit_locks_the_account_at_this_address_even_for_the_right_password(self):
        for _ in range(3):
            self.assertEqual(self.login(password="wrong").status_code, 401)
        locked = self.login()
        self.assertEqual((locked.status_code, locked.json()["code"]), (429, "too_many_attempts"))
        self.assertEqual(locked["Retry-After"], str(locked.json()["retry_after"]))
        chinese = self.client.post(
            "/api/token/",
            {"username": "demo", "password": "x"},
            format="json",
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
        self.assertEqual(chinese.json()["detail"], "失败次数过多，请稍后再试。")

    @override_settings(AUTHENTICATION_BACKENDS=["simplejwt_sessions.lockout.LockoutModelBackend"])
    def test_with_the_lockout_backend_every_login_counts(self):
        for _ in range(3):
            self.login(password="wrong")
        self.assertEqual(self.login().status_code, 429)

"""A running site switching from stock simplejwt: what happens to the refresh tokens it issued before (no "sid")."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import override_settings
from rest_framework.test import APITestCase
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken
from simplejwt_sessions.models import SESSION_CLAIM, Session
from simplejwt_sessions.services import sessions_end_all

from tests.test_sessions import FIREFOX
from tests.tokens import payload


class LegacyCase(APITestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_user("demo", password="correct horse 12")
        self.stock = RefreshToken.for_user(self.user)  # stock simplejwt's login, recorded as outstanding

    def refresh(self, token, **extra):
        return self.client.post("/api/token/refresh/", {"refresh": str(token)}, format="json", **extra)


class AdoptTests(LegacyCase):
    """The default, LEGACY_REFRESH_TOKENS="adopt": nobody is logged out by the switch."""

    def test_the_first_refresh_starts_a_session_that_lists_the_device(self):
        answer = self.refresh(self.stock, HTTP_USER_AGENT=FIREFOX)
        self.assertEqual(answer.status_code, 200)
        session = Session.objects.get()
        self.assertEqual(payload(answer.json()["refresh"])[SESSION_CLAIM], session.pk)
        devices = self.client.get("/api/me/sessions/", HTTP_AUTHORIZATION=f"Bearer {answer.json()['access']}")
        self.assertEqual([device["device"] for device in devices.json()], ["Firefox on Linux"])
        # from now on it is a session's token: rotation as usual
        self.assertEqual(self.refresh(answer.json()["refresh"]).status_code, 200)

    def test_a_retry_within_the_window_gets_the_same_successor(self):
        first = self.refresh(self.stock).json()
        again = self.refresh(self.stock)
        self.assertEqual((again.status_code, again.json()["refresh"]), (200, first["refresh"]))
        self.assertEqual(Session.objects.count(), 1)

    @override_settings(SIMPLEJWT_SESSIONS={"GRACE_WINDOW": timedelta(0)})
    def test_a_replay_after_the_window_ends_the_adopted_session(self):
        first = self.refresh(self.stock).json()
        with self.assertLogs("simplejwt_sessions.security", "WARNING"):
            self.assertEqual(self.refresh(self.stock).status_code, 401)
        self.assertEqual(self.refresh(first["refresh"]).status_code, 401)
        self.assertEqual(Session.objects.get().end_reason, Session.EndReason.REUSE)

    def test_a_token_simplejwt_blacklisted_before_the_switch_stays_refused(self):
        self.stock.blacklist()
        self.assertEqual(self.refresh(self.stock).status_code, 401)
        self.assertFalse(Session.objects.exists())

    def test_log_out_everywhere_covers_tokens_of_before_the_switch(self):
        access = str(AccessToken.for_user(self.user))
        self.assertEqual(
            self.client.get("/api/me/sessions/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code, 200
        )
        sessions_end_all(self.user)
        self.assertEqual(self.refresh(self.stock).status_code, 401)
        self.assertEqual(
            self.client.get("/api/me/sessions/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code, 401
        )


@override_settings(SIMPLEJWT_SESSIONS={"LEGACY_REFRESH_TOKENS": "simplejwt"})
class StockTests(LegacyCase):
    def test_stock_refresh_until_it_expires_single_use(self):
        answer = self.refresh(self.stock)
        self.assertEqual(answer.status_code, 200)
        self.assertNotIn(SESSION_CLAIM, payload(answer.json()["refresh"]))
        self.assertFalse(Session.objects.exists())
        self.assertEqual(self.refresh(self.stock).status_code, 401)  # rotated: blacklisted


@override_settings(SIMPLEJWT_SESSIONS={"LEGACY_REFRESH_TOKENS": "refuse"})
class RefuseTests(LegacyCase):
    def test_every_user_logs_in_again(self):
        answer = self.refresh(self.stock)
        self.assertEqual((answer.status_code, answer.json()["code"]), (401, "token_not_valid"))


class AdoptVerifyTests(LegacyCase):
    def test_verify_refuses_a_token_of_before_the_switch_once_the_user_logged_out_everywhere(self):
        answer = self.client.post("/api/token/verify/", {"token": str(self.stock)}, format="json")
        self.assertEqual(answer.status_code, 200)
        sessions_end_all(self.user)
        answer = self.client.post("/api/token/verify/", {"token": str(self.stock)}, format="json")
        self.assertEqual(
            answer.status_code, 400
        )  # verify's "Token is blacklisted", as for any revoked refresh token

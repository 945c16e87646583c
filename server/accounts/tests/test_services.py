"""simplejwt_sessions.services called directly: ending every session, changing a password, and the token version behind them."""

from datetime import timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken
from simplejwt_sessions.models import Session, TokenVersion
from simplejwt_sessions.services import (
    password_change,
    purged_table_rows,
    session_start,
    sessions_end_all,
    token_user,
    tokens_purge_expired,
)
from simplejwt_sessions.tokens import SessionRefreshToken

from backend.tokens_for_tests import access_for, jwt_payload, refresh_for


def blacklisted_jtis(user):
    return set(BlacklistedToken.objects.filter(token__user=user).values_list("token__jti", flat=True))


class TokenVersionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")

    def test_starts_at_0_and_a_token_without_the_claim_counts_as_0(self):
        self.assertEqual(TokenVersion.objects.current(self.user.pk), 0)
        legacy = RefreshToken.for_user(self.user)  # simplejwt's own token: no token_version claim, no session
        self.assertNotIn("token_version", legacy.payload)
        self.assertEqual(token_user(legacy.access_token), self.user)
        sessions_end_all(self.user)
        self.assertIsNone(token_user(legacy.access_token))

    def test_a_user_id_claim_that_names_no_one_has_version_0(self):
        for user_id in (999, "not-a-number", None):
            self.assertEqual(TokenVersion.objects.current(user_id), 0)

    def test_tokens_carry_the_current_version_then_the_session(self):
        sessions_end_all(self.user)
        pair = session_start(self.user, "agent")
        for token in pair.values():
            self.assertEqual(list(jwt_payload(token))[-3:], ["user_id", "token_version", "sid"])
            self.assertEqual(jwt_payload(token)["token_version"], 1)
        # The outstanding record holds the token as issued, claims included.
        stored = OutstandingToken.objects.get(jti=jwt_payload(pair["refresh"])["jti"]).token
        self.assertEqual(stored, pair["refresh"])

    def test_a_token_of_an_older_version_or_an_ended_session_has_no_user(self):
        pair = session_start(self.user)
        access = SessionRefreshToken(pair["refresh"]).access_token
        self.assertEqual(token_user(access), self.user)
        Session.objects.update(ended_at=Session.objects.get().created_at)
        self.assertIsNone(token_user(access))


class SessionsEndAllTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")
        cls.other = get_user_model().objects.create_user(username="admin", password="admin123")

    def test_bumps_the_version_each_time(self):
        for expected in (1, 2, 3):
            sessions_end_all(self.user)
            self.assertEqual(TokenVersion.objects.current(self.user.pk), expected)
        self.assertEqual(TokenVersion.objects.current(self.other.pk), 0)

    def test_blacklists_every_outstanding_refresh_token_of_the_user_and_no_one_elses(self):
        mine = {jwt_payload(refresh_for(self.user))["jti"] for _ in range(3)}
        RefreshToken(refresh_for(self.user)).blacklist()  # one already blacklisted stays so, once
        theirs = jwt_payload(refresh_for(self.other))["jti"]
        sessions_end_all(self.user)
        self.assertTrue(mine <= blacklisted_jtis(self.user))
        self.assertEqual(len(blacklisted_jtis(self.user)), 4)
        self.assertEqual(blacklisted_jtis(self.other), set())
        self.assertFalse(BlacklistedToken.objects.filter(token__jti=theirs).exists())
        sessions_end_all(self.user)  # nothing left to blacklist: no error, no duplicate
        self.assertEqual(len(blacklisted_jtis(self.user)), 4)


class PasswordChangeServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")

    def test_changes_the_password_revokes_older_tokens_and_returns_a_pair_of_the_new_version(self):
        old_refresh = refresh_for(self.user)
        old_session = session_start(self.user)
        pair = password_change(self.user, "demo123", "kettle-violet-42", user_agent="agent")
        self.assertEqual(list(pair), ["access", "refresh"])
        self.assertEqual(jwt_payload(pair["access"])["token_version"], 1)
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password("kettle-violet-42"))
        self.assertIn(jwt_payload(old_refresh)["jti"], blacklisted_jtis(self.user))
        self.assertNotIn(jwt_payload(pair["refresh"])["jti"], blacklisted_jtis(self.user))
        self.assertIn(jwt_payload(old_session["refresh"])["jti"], blacklisted_jtis(self.user))
        ended, started = Session.objects.order_by("created_at")
        self.assertEqual((ended.end_reason, started.ended_at), (Session.EndReason.PASSWORD, None))
        self.assertEqual((started.pk, started.user_agent), (jwt_payload(pair["access"])["sid"], "agent"))

    def test_refuses_with_djangos_messages_per_field_and_changes_nothing(self):
        with self.assertRaises(ValidationError) as refused:
            password_change(self.user, "wrong", "123")
        self.assertEqual(
            refused.exception.message_dict,
            {
                "old_password": ["Your old password was entered incorrectly. Please enter it again."],
                "new_password": [
                    "This password is too short. It must contain at least 8 characters.",
                    "This password is too common.",
                    "This password is entirely numeric.",
                ],
            },
        )
        self.assertEqual(
            [error.code for error in refused.exception.error_dict["new_password"]],
            ["password_too_short", "password_too_common", "password_entirely_numeric"],
        )
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password("demo123"))
        self.assertEqual(TokenVersion.objects.current(self.user.pk), 0)

    def test_a_right_old_password_and_a_weak_new_one_is_refused_too(self):
        with self.assertRaises(ValidationError) as refused:
            password_change(self.user, "demo123", "demo")
        self.assertEqual(list(refused.exception.message_dict), ["new_password"])
        self.assertEqual(TokenVersion.objects.current(self.user.pk), 0)
        self.assertEqual(token_user(AccessToken(access_for(self.user))), self.user)

    def test_a_new_session_gives_the_current_version(self):
        sessions_end_all(self.user)
        self.assertEqual(jwt_payload(session_start(self.user)["refresh"])["token_version"], 1)


class PurgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")

    def test_deletes_expired_tokens_with_their_blacklist_rows_and_ended_sessions_and_keeps_the_rest(self):
        now = timezone.now()
        # Each has its outstanding row; one expired, two blacklisted.
        expired, spent, live = (RefreshToken.for_user(self.user) for _ in range(3))
        OutstandingToken.objects.filter(jti=expired["jti"]).update(expires_at=now - timedelta(seconds=1))
        expired.blacklist()
        spent.blacklist()
        kept, ended = session_start(self.user), session_start(self.user)
        Session.objects.filter(pk=jwt_payload(ended["refresh"])["sid"]).update(ended_at=now)
        self.assertEqual(
            purged_table_rows(),
            {
                "token_blacklist_outstandingtoken": 5,
                "token_blacklist_blacklistedtoken": 2,
                "simplejwt_sessions_session": 2,
            },
        )
        tokens_purge_expired()
        self.assertEqual(
            purged_table_rows(),
            {
                "token_blacklist_outstandingtoken": 4,
                "token_blacklist_blacklistedtoken": 1,
                "simplejwt_sessions_session": 1,
            },
        )
        self.assertNotIn(expired["jti"], set(OutstandingToken.objects.values_list("jti", flat=True)))
        self.assertTrue(BlacklistedToken.objects.filter(token__jti=spent["jti"]).exists())
        self.assertEqual(
            list(Session.objects.values_list("pk", flat=True)), [jwt_payload(kept["refresh"])["sid"]]
        )

    def test_the_command_prints_each_tables_rows_before_and_after(self):
        RefreshToken.for_user(self.user).blacklist()
        OutstandingToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        out = StringIO()
        call_command("purge", stdout=out)
        self.assertEqual(
            out.getvalue().splitlines(),
            [
                "token_blacklist_outstandingtoken: 1 -> 0 rows",
                "token_blacklist_blacklistedtoken: 1 -> 0 rows",
                "simplejwt_sessions_session: 0 -> 0 rows",
            ],
        )

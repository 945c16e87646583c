"""accounts.services called directly: ending every session, changing a password, and the token version behind them."""

from datetime import timedelta
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import TokenVersion
from accounts.services import (
    password_change,
    purged_table_rows,
    sessions_end_all,
    token_pair_for,
    tokens_purge_expired,
)
from accounts.tokens import VersionedRefreshToken, holds_current_version
from backend.tokens_for_tests import access_for, jwt_payload, refresh_for


def blacklisted_jtis(user):
    return set(BlacklistedToken.objects.filter(token__user=user).values_list("token__jti", flat=True))


class TokenVersionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")

    def test_starts_at_0_and_a_token_without_the_claim_counts_as_0(self):
        self.assertEqual(TokenVersion.objects.current(self.user.pk), 0)
        legacy = RefreshToken.for_user(self.user)  # simplejwt's own token: no token_version claim
        self.assertNotIn("token_version", legacy.payload)
        self.assertTrue(holds_current_version(legacy))
        sessions_end_all(self.user)
        self.assertFalse(holds_current_version(legacy))

    def test_a_user_id_claim_that_names_no_one_has_version_0(self):
        for user_id in (999, "not-a-number", None):
            self.assertEqual(TokenVersion.objects.current(user_id), 0)

    def test_tokens_carry_the_current_version_after_user_id(self):
        sessions_end_all(self.user)
        refresh = VersionedRefreshToken.for_user(self.user)
        for token in (refresh, refresh.access_token):
            self.assertEqual(list(token.payload)[-2:], ["user_id", "token_version"])
            self.assertEqual(token["token_version"], 1)
        # The outstanding record holds the token as issued, claim included.
        stored = OutstandingToken.objects.get(jti=refresh["jti"]).token
        self.assertEqual(jwt_payload(stored)["token_version"], 1)

    def test_outstand_records_a_token_once(self):
        refresh = VersionedRefreshToken.for_user(self.user)
        refresh.set_jti()
        refresh.outstand()
        refresh.outstand()
        self.assertEqual(OutstandingToken.objects.filter(jti=refresh["jti"], user=self.user).count(), 1)


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
        pair = password_change(self.user, "demo123", "kettle-violet-42")
        self.assertEqual(list(pair), ["access", "refresh"])
        self.assertEqual(jwt_payload(pair["access"])["token_version"], 1)
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password("kettle-violet-42"))
        self.assertIn(jwt_payload(old_refresh)["jti"], blacklisted_jtis(self.user))
        self.assertNotIn(jwt_payload(pair["refresh"])["jti"], blacklisted_jtis(self.user))

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
        self.assertTrue(holds_current_version(jwt_payload(access_for(self.user))))

    def test_token_pair_for_gives_the_current_version(self):
        sessions_end_all(self.user)
        self.assertEqual(jwt_payload(token_pair_for(self.user)["refresh"])["token_version"], 1)


class PurgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")

    def test_deletes_expired_refresh_tokens_with_their_blacklist_rows_and_keeps_the_rest(self):
        now = timezone.now()
        # Each has its outstanding row; one expired, two blacklisted.
        expired, spent, live = (VersionedRefreshToken.for_user(self.user) for _ in range(3))
        OutstandingToken.objects.filter(jti=expired["jti"]).update(expires_at=now - timedelta(seconds=1))
        expired.blacklist()
        spent.blacklist()
        self.assertEqual(
            purged_table_rows(),
            {"token_blacklist_outstandingtoken": 3, "token_blacklist_blacklistedtoken": 2},
        )
        self.assertEqual(tokens_purge_expired(), ["flushexpiredtokens"])
        self.assertEqual(
            purged_table_rows(),
            {"token_blacklist_outstandingtoken": 2, "token_blacklist_blacklistedtoken": 1},
        )
        self.assertEqual(
            set(OutstandingToken.objects.values_list("jti", flat=True)), {spent["jti"], live["jti"]}
        )
        self.assertTrue(BlacklistedToken.objects.filter(token__jti=spent["jti"]).exists())

    def test_runs_the_sessions_purge_where_it_exists(self):
        ran = []
        with (
            mock.patch("accounts.services.get_commands", return_value={"purgesessions": "accounts"}),
            mock.patch("accounts.services.call_command", side_effect=lambda name: ran.append(name)),
        ):
            self.assertEqual(tokens_purge_expired(), ["flushexpiredtokens", "purgesessions"])
        self.assertEqual(ran, ["flushexpiredtokens", "purgesessions"])

    def test_the_command_prints_each_tables_rows_before_and_after(self):
        VersionedRefreshToken.for_user(self.user).blacklist()
        OutstandingToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        out = StringIO()
        call_command("purge", stdout=out)
        self.assertEqual(
            out.getvalue().splitlines(),
            [
                "ran flushexpiredtokens",
                "token_blacklist_outstandingtoken: 1 -> 0 rows",
                "token_blacklist_blacklistedtoken: 1 -> 0 rows",
            ],
        )

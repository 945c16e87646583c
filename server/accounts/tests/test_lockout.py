"""The login lockout (accounts/lockout.py): per (address, account) and per address, growing cool-offs, the client's
address from the trusted proxy only, the password change, sliding logins, parallel guesses, equal cost for unknown
usernames."""

import threading
from datetime import timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient, APITestCase
from simplejwt_sessions.models import LoginLockout

from accounts.tests import override_sessions

LOCKED_EN = {"detail": "Too many failed attempts. Try again later.", "code": "too_many_attempts"}
LOCKED_ZH = {"detail": "失败次数过多，请稍后再试。", "code": "too_many_attempts"}


class LockoutTestCase(APITestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo = get_user_model().objects.create_user(username="demo", password="demo123")
        get_user_model().objects.create_user(username="admin", password="admin123")

    def login(self, username="demo", password="wrong", address="127.0.0.1", path="/api/token/", **extra):
        return self.client.post(
            path, {"username": username, "password": password}, format="json", REMOTE_ADDR=address, **extra
        )

    def fail_times(self, times, **kwargs):
        statuses = [self.login(**kwargs).status_code for _ in range(times)]
        return statuses

    def assertLocked(self, response, retry_after, body=LOCKED_EN):
        self.assertEqual(response.status_code, 429, response.content)
        self.assertEqual(response["Retry-After"], str(retry_after))
        self.assertEqual(list(response.json()), ["detail", "code", "retry_after"])
        self.assertEqual(response.json(), {**body, "retry_after": retry_after})

    def later(self, seconds):
        """The clock `seconds` from now, for the lockout's timezone.now()."""
        moment = timezone.now() + timedelta(seconds=seconds)
        return mock.patch("simplejwt_sessions.lockout.timezone.now", return_value=moment)


class PerAccountTests(LockoutTestCase):
    def test_ten_failures_then_429_even_for_the_right_password(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING") as logs:
            self.assertEqual(self.fail_times(10), [401] * 10)
        self.assertIn("locked for 60 s", logs.output[0])
        self.assertNotIn("wrong", " ".join(logs.output))  # never a password
        self.assertLocked(self.login(password="demo123"), 60)
        self.assertLocked(self.login(), 60)
        self.assertEqual(LoginLockout.objects.count(), 2)

    def test_the_429_speaks_chinese(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.fail_times(10)
        self.assertLocked(self.login(HTTP_ACCEPT_LANGUAGE="zh-CN"), 60, LOCKED_ZH)

    def test_usernames_count_case_insensitively(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.fail_times(5, username="demo")
            self.fail_times(5, username="DEMO")
        self.assertEqual(self.login(username="Demo", password="demo123").status_code, 429)

    def test_the_cooloff_ends_and_doubles_on_the_next_lockout(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.fail_times(10)
        with self.later(59.5):
            self.assertLocked(self.login(), 1)
        with self.later(61), self.assertLogs("simplejwt_sessions.security", level="WARNING") as logs:
            self.assertEqual(self.fail_times(10), [401] * 10)
            self.assertLocked(self.login(password="demo123"), 120)
        self.assertIn("locked for 120 s (lockout 2)", logs.output[0])

    def test_the_cooloff_stops_at_its_maximum(self):
        LoginLockout.objects.all().delete()
        with (
            override_sessions(LOGIN_COOLOFF_MAX=timedelta(seconds=90)),
            self.assertLogs("simplejwt_sessions.security", level="WARNING"),
        ):
            self.fail_times(10)
            with self.later(61):
                self.fail_times(10)
                self.assertLocked(self.login(), 90)

    def test_a_key_untouched_for_a_day_starts_afresh(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.fail_times(10)
        with self.later(86400 + 61), self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.assertEqual(self.fail_times(10), [401] * 10)
            self.assertLocked(self.login(), 60)  # the first lockout again, not the second

    def test_a_success_resets_the_failures_in_a_row(self):
        self.fail_times(9)
        self.assertEqual(self.login(password="demo123").status_code, 200)
        self.assertEqual(self.fail_times(9), [401] * 9)
        self.assertEqual(self.login(password="demo123").status_code, 200)

    def test_the_owner_at_another_address_still_logs_in(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.fail_times(10)
        self.assertEqual(self.login(password="demo123", address="127.0.0.2").status_code, 200)
        self.assertEqual(self.login(password="demo123").status_code, 429)  # nor did that unlock the guesser

    def test_a_password_change_does_not_unlock_the_guesser(self):
        access = self.login(password="demo123", address="127.0.0.2").json()["access"]
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.fail_times(10)
        changed = self.client.post(
            "/api/me/password/",
            {"old_password": "demo123", "new_password": "a-new-long-secret"},
            format="json",
            HTTP_AUTHORIZATION=f"JWT {access}",
            REMOTE_ADDR="127.0.0.2",
        )
        self.assertEqual(changed.status_code, 200)
        self.assertEqual(self.login(password="a-new-long-secret").status_code, 429)

    @override_sessions(LOGIN_FAILURE_LIMIT=0, LOGIN_ADDRESS_FAILURE_LIMIT=0)
    def test_a_limit_of_zero_is_off(self):
        self.assertEqual(set(self.fail_times(40)), {401})

    def test_a_refused_body_is_not_an_attempt(self):
        for _ in range(12):
            self.assertEqual(
                self.client.post("/api/token/", {"username": "demo"}, format="json").status_code, 400
            )
        self.assertEqual(self.login(password="demo123").status_code, 200)


class StuffingTests(LockoutTestCase):
    def test_one_address_trying_many_usernames_stops_at_30(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING") as logs:
            statuses = [self.login(username=f"user{n}").status_code for n in range(30)]
        self.assertEqual(statuses, [401] * 30)
        self.assertIn("address locked", logs.output[-1])
        self.assertLocked(self.login(username="someone-else"), 60)
        self.assertEqual(self.login(password="demo123").status_code, 429)  # every account, from that address
        self.assertEqual(self.login(password="demo123", address="127.0.0.2").status_code, 200)

    def test_a_success_does_not_launder_the_address(self):
        for n in range(29):
            self.login(username=f"user{n}")
        self.assertEqual(
            self.login(username="admin", password="admin123").status_code, 200
        )  # the attacker's own
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.assertEqual(self.login(username="user99").status_code, 401)
        self.assertEqual(self.login(username="user100").status_code, 429)


@override_sessions(TRUSTED_PROXIES=["10.0.0.1", "10.1.0.0/16"])
class ClientAddressTests(LockoutTestCase):
    def test_forged_headers_from_an_untrusted_peer_change_nothing(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            for n in range(10):
                self.login(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", HTTP_X_REAL_IP=f"198.51.100.{n}")
        self.assertEqual(self.login(password="demo123", HTTP_X_REAL_IP="198.51.100.200").status_code, 429)
        self.assertEqual(
            self.login(password="demo123", HTTP_X_FORWARDED_FOR="198.51.100.201").status_code, 429
        )

    def test_from_a_trusted_proxy_x_real_ip_is_the_address(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.fail_times(10, address="10.0.0.1", HTTP_X_REAL_IP="198.51.100.7")
        self.assertEqual(
            self.login(password="demo123", address="10.1.2.3", HTTP_X_REAL_IP="198.51.100.7").status_code, 429
        )
        self.assertEqual(
            self.login(password="demo123", address="10.0.0.1", HTTP_X_REAL_IP="198.51.100.8").status_code, 200
        )
        # X-Forwarded-For is never read, not even from the proxy.
        self.assertEqual(
            self.login(
                password="demo123",
                address="10.0.0.1",
                HTTP_X_REAL_IP="198.51.100.7",
                HTTP_X_FORWARDED_FOR="198.51.100.9",
            ).status_code,
            429,
        )

    def test_a_proxy_header_that_is_no_address_counts_the_proxy(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.fail_times(10, address="10.0.0.1", HTTP_X_REAL_IP="not an address")
        self.assertEqual(self.login(password="demo123", address="10.0.0.1").status_code, 429)


class PasswordChangeTests(LockoutTestCase):
    def change(self, access, old, new="a-new-long-secret", **extra):
        return self.client.post(
            "/api/me/password/",
            {"old_password": old, "new_password": new},
            format="json",
            HTTP_AUTHORIZATION=f"JWT {access}",
            REMOTE_ADDR="127.0.0.1",
            **extra,
        )

    def test_a_stolen_access_token_gets_ten_guesses_of_the_current_password(self):
        access = self.login(password="demo123").json()["access"]
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            statuses = [self.change(access, f"guess{n}").status_code for n in range(10)]
        self.assertEqual(statuses, [400] * 10)
        self.assertLocked(self.change(access, "demo123"), 60)
        self.assertLocked(self.change(access, "demo123", HTTP_ACCEPT_LANGUAGE="zh-Hans"), 60, LOCKED_ZH)
        self.assertEqual(self.login(password="demo123").status_code, 429)  # the same keys as the login
        self.demo.refresh_from_db()
        self.assertTrue(self.demo.check_password("demo123"))

    def test_the_right_current_password_resets_the_pair_even_if_the_new_one_is_refused(self):
        access = self.login(password="demo123").json()["access"]
        for n in range(9):
            self.change(access, f"guess{n}")
        self.assertEqual(self.change(access, "demo123", new="123").status_code, 400)
        self.assertEqual([self.change(access, f"again{n}").status_code for n in range(9)], [400] * 9)
        self.assertEqual(self.change(access, "demo123").status_code, 200)


@override_settings(ROOT_URLCONF="backend.urls_sliding")
class SlidingTests(LockoutTestCase):
    def test_sliding_logins_are_limited(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.assertEqual(self.fail_times(10), [401] * 10)
        self.assertLocked(self.login(password="demo123"), 60)


class CountingHasher(MD5PasswordHasher):
    """The test runner's fast hasher, counting how often a password is hashed."""

    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@override_settings(PASSWORD_HASHERS=["accounts.tests.test_lockout.CountingHasher"])
class EqualCostTests(APITestCase):
    """An unknown username costs what a wrong password costs: one hash, the same queries (no timing oracle)."""

    def setUp(self):
        get_user_model().objects.create_user(username="demo", password="demo123")

    def cost(self, username):
        CountingHasher.calls = 0
        with CaptureQueriesContext(connection) as queries:
            response = self.client.post(
                "/api/token/", {"username": username, "password": "wrong"}, format="json"
            )
        self.assertEqual(response.status_code, 401)
        return CountingHasher.calls, len(queries)

    def test_unknown_and_known_usernames_hash_once_with_the_same_queries(self):
        self.cost("warm-up")
        self.assertEqual(self.cost("nobody"), self.cost("demo"))
        self.assertEqual(self.cost("nobody")[0], 1)

    def test_a_login_adds_at_most_eight_queries(self):
        """Counted with the lockout off and on (in a test, inside its transaction: two SAVEPOINTs among them): the keys
        rows locked (created the first time), both written, then the pair deleted and the address taken back."""
        with CaptureQueriesContext(connection) as queries:
            self.client.post("/api/token/", {"username": "demo", "password": "demo123"}, format="json")
        on = len(queries)
        with (
            override_settings(AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.ModelBackend"]),
            CaptureQueriesContext(connection) as queries,
        ):
            self.client.post("/api/token/", {"username": "demo", "password": "demo123"}, format="json")
        print(f"\nlockout: a successful login makes {on - len(queries)} more queries ({len(queries)} → {on})")
        self.assertLessEqual(on - len(queries), 8)


class ParallelGuessTests(TransactionTestCase):
    """Real parallel requests, each thread on its own database connection: a burst gets no more tries than the limit."""

    def setUp(self):
        get_user_model().objects.create_user(username="demo", password="demo123")

    def test_20_parallel_guesses_are_judged_at_most_10_times(self):
        answers, start = [], threading.Barrier(20)

        def guess():
            start.wait()
            response = APIClient().post(
                "/api/token/", {"username": "demo", "password": "wrong"}, format="json"
            )
            answers.append(response.status_code)
            connection.close()

        threads = [threading.Thread(target=guess) for _ in range(20)]
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        self.assertEqual(sorted(answers), [401] * 10 + [429] * 10)

"""Sessions the server knows: one family of rotating refresh tokens per login, consumed once however many refreshes
race, a grace window for a lost answer, reuse detection, an absolute end, and the user's devices."""

import threading
from datetime import timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient, APITestCase
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.utils import datetime_to_epoch
from simplejwt_sessions.models import Session

from accounts.tests import override_sessions
from backend.tokens_for_tests import jwt_payload, simple_jwt_settings

BLACKLISTED = {"detail": "Token is blacklisted", "code": "token_not_valid"}
EXPIRED = {"detail": "Token is expired", "code": "token_not_valid"}
REFUSED_ACCESS = {
    "detail": "Given token not valid for any token type",
    "code": "token_not_valid",
    "messages": [{"token_class": "AccessToken", "token_type": "access", "message": "Token is invalid"}],
}
CHROME_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
SESSION_KEYS = ["id", "device", "created_at", "last_used_at", "expires_at", "current"]


class SessionTestCase(APITestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")
        cls.other = get_user_model().objects.create_user(username="admin", password="admin123")

    def post(self, path, data=None, access=None, **extra):
        if access is not None:
            extra["HTTP_AUTHORIZATION"] = f"JWT {access}"
        return self.client.post(path, data, format="json", **extra)

    def login(self, username="demo", password="demo123", user_agent=CHROME_LINUX):
        response = self.post(
            "/api/token/", {"username": username, "password": password}, HTTP_USER_AGENT=user_agent
        )
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def refresh(self, refresh):
        return self.post("/api/token/refresh/", {"refresh": refresh})

    def rotate(self, refresh):
        response = self.refresh(refresh)
        self.assertEqual((response.status_code, list(response.json())), (200, ["access", "refresh"]))
        return response.json()

    def sessions(self, access, language="en"):
        return self.client.get(
            "/api/me/sessions/", HTTP_AUTHORIZATION=f"JWT {access}", HTTP_ACCEPT_LANGUAGE=language
        )

    def session_of(self, token) -> Session:
        return Session.objects.get(pk=jwt_payload(token)["sid"])

    def assertAnswer(self, response, status, body):
        self.assertEqual((response.status_code, response.json()), (status, body))

    def assertAccessRefused(self, access):
        for path in ("/api/me/", "/api/orders/", "/api/me/sessions/"):
            with self.subTest(path=path):
                self.assertAnswer(
                    self.client.get(path, HTTP_AUTHORIZATION=f"JWT {access}"), 401, REFUSED_ACCESS
                )
        # verify refuses it as it refuses a forged one.
        self.assertAnswer(
            self.post("/api/token/verify/", {"token": access}),
            401,
            {"detail": "Token is invalid", "code": "token_not_valid"},
        )

    def assertAccessWorks(self, access):
        self.assertEqual(self.client.get("/api/me/", HTTP_AUTHORIZATION=f"JWT {access}").status_code, 200)

    def age_spent_token(self, token, seconds):
        """Moves the moment the session spent its last token `seconds` into the past."""
        Session.objects.filter(pk=jwt_payload(token)["sid"]).update(
            spent_at=F("spent_at") - timedelta(seconds=seconds)
        )


class LoginTests(SessionTestCase):
    def test_a_login_starts_a_session_named_in_both_tokens(self):
        before = timezone.now()
        tokens = self.login()
        sid = jwt_payload(tokens["refresh"])["sid"]
        for kind in ("refresh", "access"):
            payload = jwt_payload(tokens[kind])
            self.assertEqual(
                list(payload), ["token_type", "exp", "iat", "jti", "user_id", "token_version", "sid"]
            )
            self.assertEqual(
                (payload["token_type"], payload["user_id"], payload["sid"]), (kind, str(self.user.pk), sid)
            )
        session = Session.objects.get(pk=sid)
        self.assertRegex(sid, r"^[A-Za-z0-9_-]{22}$")
        self.assertEqual(
            (session.user, session.user_agent, session.ended_at), (self.user, CHROME_LINUX, None)
        )
        self.assertEqual(session.refresh_jti, jwt_payload(tokens["refresh"])["jti"])
        self.assertEqual(session.created_at, session.last_used_at)
        self.assertGreaterEqual(session.created_at, before)
        self.assertEqual(session.expires_at - session.created_at, timedelta(days=30))
        # simplejwt's own record of the token, as issued.
        self.assertEqual(OutstandingToken.objects.get(jti=session.refresh_jti).token, tokens["refresh"])

    def test_each_login_is_its_own_session(self):
        self.assertNotEqual(
            jwt_payload(self.login()["refresh"])["sid"], jwt_payload(self.login()["refresh"])["sid"]
        )
        self.assertEqual(Session.objects.filter(user=self.user).count(), 2)


class RotationTests(SessionTestCase):
    def test_a_refresh_spends_the_token_and_gives_its_successor(self):
        first = self.login()
        session = self.session_of(first["refresh"])
        second = self.rotate(first["refresh"])
        for kind in ("access", "refresh"):
            self.assertEqual(jwt_payload(second[kind])["sid"], session.pk)
        self.assertAccessWorks(second["access"])
        after = self.session_of(second["refresh"])
        self.assertEqual(after.refresh_jti, jwt_payload(second["refresh"])["jti"])
        self.assertEqual(after.spent_jti, jwt_payload(first["refresh"])["jti"])
        self.assertGreater(after.last_used_at, session.last_used_at)
        # simplejwt's tables in step: the spent token blacklisted, its successor outstanding.
        self.assertTrue(BlacklistedToken.objects.filter(token__jti=after.spent_jti).exists())
        self.assertEqual(OutstandingToken.objects.get(jti=after.refresh_jti).token, second["refresh"])
        self.assertAnswer(
            self.post("/api/token/verify/", {"token": first["refresh"]}),
            400,
            {"non_field_errors": ["Token is blacklisted"]},
        )
        # The successor rotates in its turn.
        self.rotate(second["refresh"])

    def test_the_refreshed_access_token_has_its_own_iat(self):
        first = self.login()
        Session.objects.update(created_at=F("created_at"))
        second = self.rotate(first["refresh"])
        self.assertGreaterEqual(jwt_payload(second["access"])["iat"], jwt_payload(first["refresh"])["iat"])
        self.assertEqual(jwt_payload(second["access"])["exp"] - jwt_payload(second["access"])["iat"], 300)


class GraceWindowTests(SessionTestCase):
    def test_the_spent_token_again_within_the_window_gets_the_same_successor(self):
        first = self.login()
        second = self.rotate(first["refresh"])
        self.age_spent_token(first["refresh"], 29)
        again = self.rotate(first["refresh"])
        self.assertEqual(again["refresh"], second["refresh"])
        self.assertNotEqual(again["access"], second["access"])
        self.assertAccessWorks(again["access"])
        self.assertEqual(jwt_payload(again["access"])["sid"], jwt_payload(first["refresh"])["sid"])
        # The family never forked: the successor is still the one current token.
        self.rotate(second["refresh"])

    def test_the_spent_token_after_the_window_ends_the_session(self):
        first = self.login()
        second = self.rotate(first["refresh"])
        self.age_spent_token(first["refresh"], 30)
        with self.assertLogs("simplejwt_sessions.security", level="WARNING") as logs:
            self.assertAnswer(self.refresh(first["refresh"]), 401, BLACKLISTED)
        session = self.session_of(first["refresh"])
        self.assertEqual(session.end_reason, Session.EndReason.REUSE)
        self.assertIsNotNone(session.ended_at)
        # Owner and thief alike: the current refresh token and every access token of the session are refused.
        self.assertAnswer(self.refresh(second["refresh"]), 401, BLACKLISTED)
        self.assertAccessRefused(second["access"])
        self.assertAccessRefused(first["access"])
        self.assertTrue(BlacklistedToken.objects.filter(token__jti=session.refresh_jti).exists())
        # The event names the session and the user, never a token.
        self.assertEqual(
            logs.output,
            [f"WARNING:simplejwt_sessions.security:session {session.pk} of user {self.user.pk} ended: reuse"],
        )
        for token in (*first.values(), *second.values()):
            self.assertNotIn(token, logs.output[0])

    def test_only_the_immediate_predecessor_qualifies(self):
        first = self.login()
        second = self.rotate(first["refresh"])
        third = self.rotate(second["refresh"])
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.assertAnswer(self.refresh(first["refresh"]), 401, BLACKLISTED)  # an ancestor, within seconds
        self.assertAnswer(self.refresh(third["refresh"]), 401, BLACKLISTED)
        self.assertAccessRefused(third["access"])

    @override_sessions(GRACE_WINDOW=timedelta(0))
    def test_a_window_of_0_is_none(self):
        first = self.login()
        second = self.rotate(first["refresh"])
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.assertAnswer(self.refresh(first["refresh"]), 401, BLACKLISTED)
        self.assertAnswer(self.refresh(second["refresh"]), 401, BLACKLISTED)

    def test_another_sessions_tokens_are_untouched_by_a_reuse(self):
        mine, theirs = self.login(), self.login()
        self.rotate(mine["refresh"])
        self.age_spent_token(mine["refresh"], 60)
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.assertAnswer(self.refresh(mine["refresh"]), 401, BLACKLISTED)
        self.assertAccessWorks(theirs["access"])
        self.rotate(theirs["refresh"])


class AbsoluteEndTests(SessionTestCase):
    @override_sessions(SESSION_LIFETIME=timedelta(seconds=120))  # shorter than both lifetimes (300 s, 1 day)
    def test_no_token_outlives_the_session_and_no_rotation_extends_it(self):
        tokens = self.login()
        end = datetime_to_epoch(self.session_of(tokens["refresh"]).expires_at)
        for kind in ("refresh", "access"):
            self.assertEqual(jwt_payload(tokens[kind])["exp"], end)
        rotated = self.rotate(tokens["refresh"])
        for kind in ("refresh", "access"):
            self.assertEqual(jwt_payload(rotated[kind])["exp"], end)
        self.assertEqual(datetime_to_epoch(self.session_of(rotated["refresh"]).expires_at), end)
        outstanding = OutstandingToken.objects.get(jti=jwt_payload(rotated["refresh"])["jti"])
        self.assertEqual(datetime_to_epoch(outstanding.expires_at), end)

    def test_past_its_end_a_refresh_is_refused_as_expired(self):
        tokens = self.login()
        Session.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        self.assertAnswer(self.refresh(tokens["refresh"]), 401, EXPIRED)
        self.assertAccessRefused(tokens["access"])


class ParallelRefreshTests(TransactionTestCase):
    """Real parallel requests, each thread on its own database connection (the test database is a file)."""

    def setUp(self):
        get_user_model().objects.create_user(username="demo", password="demo123")
        response = APIClient().post("/api/token/", {"username": "demo", "password": "demo123"}, format="json")
        self.tokens = response.json()

    def refresh_in_parallel(self, count):
        answers, start = [], threading.Barrier(count)

        def refresh():
            start.wait()
            response = APIClient().post(
                "/api/token/refresh/", {"refresh": self.tokens["refresh"]}, format="json"
            )
            answers.append((response.status_code, response.json()))
            connection.close()

        threads = [threading.Thread(target=refresh) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return answers

    def test_20_parallel_refreshes_with_one_token_yield_one_successor_all_200(self):
        answers = self.refresh_in_parallel(20)
        self.assertEqual([status for status, _ in answers], [200] * 20)
        self.assertEqual(len({body["refresh"] for _, body in answers}), 1)
        self.assertEqual(len({body["access"] for _, body in answers}), 20)
        successor = answers[0][1]["refresh"]
        session = Session.objects.get()
        self.assertEqual((session.refresh_jti, session.ended_at), (jwt_payload(successor)["jti"], None))
        self.assertEqual(OutstandingToken.objects.count(), 2)  # the login's and its one successor

    @override_sessions(GRACE_WINDOW=timedelta(0))
    def test_without_the_window_one_wins_and_the_rest_are_replays(self):
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            answers = self.refresh_in_parallel(8)
        statuses = sorted(status for status, _ in answers)
        self.assertEqual(statuses, [200] + [401] * 7)
        self.assertEqual(Session.objects.get().end_reason, Session.EndReason.REUSE)


class DevicesTests(SessionTestCase):
    def test_the_list_newest_first_with_this_device_marked(self):
        phone = self.login(user_agent=SAFARI_IPHONE)
        laptop = self.login()
        self.login("admin", "admin123")
        Session.objects.filter(pk=jwt_payload(phone["refresh"])["sid"]).update(
            created_at=F("created_at") - timedelta(hours=1)
        )
        response = self.sessions(laptop["access"])
        self.assertEqual(response.status_code, 200)
        listed = response.json()
        self.assertEqual(
            [item["id"] for item in listed], [jwt_payload(t["refresh"])["sid"] for t in (laptop, phone)]
        )
        self.assertEqual([list(item) for item in listed], [SESSION_KEYS, SESSION_KEYS])
        self.assertEqual([item["device"] for item in listed], ["Chrome on Linux", "Safari on iOS"])
        self.assertEqual([item["current"] for item in listed], [True, False])
        self.assertEqual([item["current"] for item in self.sessions(phone["access"]).json()], [False, True])
        for item in listed:
            for field in ("created_at", "last_used_at", "expires_at"):
                self.assertRegex(item[field], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")

    def test_labels_in_the_readers_language(self):
        self.login(user_agent="curl/8.5.0")
        tokens = self.login()
        self.assertEqual(
            [item["device"] for item in self.sessions(tokens["access"], "zh-CN").json()],
            ["Linux 上的 Chrome", "未知设备"],
        )
        self.assertEqual(
            [item["device"] for item in self.sessions(tokens["access"]).json()],
            ["Chrome on Linux", "Unknown device"],
        )

    def test_last_used_moves_with_each_refresh(self):
        tokens = self.login()
        before = self.sessions(tokens["access"]).json()[0]
        rotated = self.rotate(tokens["refresh"])
        after = self.sessions(rotated["access"]).json()[0]
        self.assertEqual(
            (after["id"], after["created_at"], after["expires_at"]),
            (before["id"], before["created_at"], before["expires_at"]),
        )
        self.assertGreater(after["last_used_at"], before["last_used_at"])

    def test_signing_out_another_device_ends_its_session_at_once(self):
        laptop, phone = self.login(), self.login(user_agent=SAFARI_IPHONE)
        phone_sid = jwt_payload(phone["refresh"])["sid"]
        response = self.client.delete(
            f"/api/me/sessions/{phone_sid}/", HTTP_AUTHORIZATION=f"JWT {laptop['access']}"
        )
        self.assertEqual((response.status_code, response.content), (204, b""))
        self.assertAccessRefused(phone["access"])
        self.assertAnswer(self.refresh(phone["refresh"]), 401, BLACKLISTED)
        self.assertEqual(Session.objects.get(pk=phone_sid).end_reason, Session.EndReason.SIGNED_OUT)
        self.assertEqual(
            [item["id"] for item in self.sessions(laptop["access"]).json()],
            [jwt_payload(laptop["refresh"])["sid"]],
        )
        self.assertAccessWorks(laptop["access"])
        self.rotate(laptop["refresh"])

    def test_another_users_or_an_unknown_or_ended_session_is_404(self):
        mine = self.login()
        theirs = jwt_payload(self.login("admin", "admin123")["refresh"])["sid"]
        ended = self.login()
        self.post("/api/token/blacklist/", {"refresh": ended["refresh"]})
        for sid in (theirs, "unknown", jwt_payload(ended["refresh"])["sid"]):
            with self.subTest(sid=sid):
                response = self.client.delete(
                    f"/api/me/sessions/{sid}/", HTTP_AUTHORIZATION=f"JWT {mine['access']}"
                )
                self.assertEqual(response.status_code, 404)
        self.assertIsNone(Session.objects.get(pk=theirs).ended_at)

    def test_needs_a_login(self):
        self.assertEqual(self.client.get("/api/me/sessions/").status_code, 401)
        self.assertEqual(self.client.delete("/api/me/sessions/x/").status_code, 401)


class EndingTests(SessionTestCase):
    def test_logout_ends_the_session_its_access_tokens_included(self):
        tokens, other = self.login(), self.login()
        self.assertAnswer(self.post("/api/token/blacklist/", {"refresh": tokens["refresh"]}), 200, {})
        self.assertAccessRefused(tokens["access"])
        self.assertAnswer(self.refresh(tokens["refresh"]), 401, BLACKLISTED)
        self.assertAnswer(
            self.post("/api/token/blacklist/", {"refresh": tokens["refresh"]}), 401, BLACKLISTED
        )
        self.assertEqual(self.session_of(tokens["refresh"]).end_reason, Session.EndReason.LOGOUT)
        self.assertAccessWorks(other["access"])

    def test_an_inactive_user_gets_no_new_tokens_but_can_log_out(self):
        tokens = self.login()
        get_user_model().objects.filter(pk=self.user.pk).update(is_active=False)
        self.assertAnswer(
            self.refresh(tokens["refresh"]),
            401,
            {"detail": "No active account found for the given token.", "code": "no_active_account"},
        )
        self.assertAnswer(self.post("/api/token/blacklist/", {"refresh": tokens["refresh"]}), 200, {})
        self.assertEqual(self.session_of(tokens["refresh"]).end_reason, Session.EndReason.LOGOUT)

    def test_logout_with_the_token_spent_last_within_the_window(self):
        first = self.login()
        second = self.rotate(first["refresh"])
        self.assertAnswer(self.post("/api/token/blacklist/", {"refresh": first["refresh"]}), 200, {})
        self.assertAccessRefused(second["access"])

    def test_logout_with_an_older_token_is_a_replay(self):
        first = self.login()
        third = self.rotate(self.rotate(first["refresh"])["refresh"])
        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.assertAnswer(
                self.post("/api/token/blacklist/", {"refresh": first["refresh"]}), 401, BLACKLISTED
            )
        self.assertEqual(self.session_of(first["refresh"]).end_reason, Session.EndReason.REUSE)
        self.assertAccessRefused(third["access"])

    def test_log_out_everywhere_ends_every_session(self):
        a, b = self.login(), self.login()
        self.assertEqual(self.post("/api/me/logout-all/", None, a["access"]).status_code, 204)
        for tokens in (a, b):
            self.assertAccessRefused(tokens["access"])
            self.assertAnswer(self.refresh(tokens["refresh"]), 401, BLACKLISTED)
        self.assertEqual(
            set(Session.objects.values_list("end_reason", flat=True)), {Session.EndReason.EVERYWHERE}
        )

    def test_a_password_change_ends_every_session_and_starts_one_for_the_device_that_asked(self):
        a, b = self.login(), self.login(user_agent=SAFARI_IPHONE)
        response = self.post(
            "/api/me/password/",
            {"old_password": "demo123", "new_password": "kettle-violet-42"},
            b["access"],
            HTTP_USER_AGENT=SAFARI_IPHONE,
        )
        self.assertEqual(response.status_code, 200, response.content)
        pair = response.json()
        for tokens in (a, b):
            self.assertAccessRefused(tokens["access"])
        listed = self.sessions(pair["access"]).json()
        self.assertEqual([(item["device"], item["current"]) for item in listed], [("Safari on iOS", True)])
        self.rotate(pair["refresh"])

    def test_purge_deletes_ended_and_expired_sessions_only(self):
        live, ended, expired = self.login(), self.login(), self.login()
        self.post("/api/token/blacklist/", {"refresh": ended["refresh"]})
        Session.objects.filter(pk=jwt_payload(expired["refresh"])["sid"]).update(expires_at=timezone.now())
        call_command("purge", stdout=StringIO())
        self.assertEqual(
            list(Session.objects.values_list("pk", flat=True)), [jwt_payload(live["refresh"])["sid"]]
        )
        # A purged session's tokens are refused as before: the tokens of no session.
        self.assertAccessRefused(ended["access"])
        self.assertAnswer(self.refresh(ended["refresh"]), 401, BLACKLISTED)


class RotationOffTests(SessionTestCase):
    def test_rotate_0_keeps_one_refresh_token_for_the_session(self):
        with simple_jwt_settings(ROTATE_REFRESH_TOKENS=False, BLACKLIST_AFTER_ROTATION=False):
            tokens = self.login()
            for _ in range(2):
                response = self.refresh(tokens["refresh"])
                self.assertEqual((response.status_code, list(response.json())), (200, ["access"]))
                self.assertEqual(
                    jwt_payload(response.json()["access"])["sid"], jwt_payload(tokens["refresh"])["sid"]
                )
            self.assertAnswer(self.post("/api/token/blacklist/", {"refresh": tokens["refresh"]}), 200, {})
            self.assertAnswer(self.refresh(tokens["refresh"]), 401, BLACKLISTED)
            self.assertAccessRefused(tokens["access"])


class QueryCountTests(SessionTestCase):
    """A constant, small number of queries: printed for the README, and held."""

    def test_an_authenticated_request_makes_one_query_to_authenticate(self):
        access = self.login()["access"]
        with self.assertNumQueries(1):  # the session, its user and the token version, joined
            self.assertAccessWorks(access)

    def test_a_refresh_with_rotation(self):
        tokens = self.login()
        with CaptureQueriesContext(connection) as queries:
            self.rotate(tokens["refresh"])
        statements = [query["sql"].split()[0] for query in queries if "SAVEPOINT" not in query["sql"]]
        # The session with its user; its consumption; simplejwt's tables: the spent token blacklisted, its successor.
        self.assertEqual(
            statements, ["SELECT", "UPDATE", "SELECT", "INSERT", "INSERT"], [q["sql"] for q in queries]
        )


class HostileInputTests(SessionTestCase):
    """Issue 23: NUL (PostgreSQL refuses it in text) and lone surrogates (no database takes them) never reach a
    query."""

    def test_a_session_id_with_nul_is_404_like_any_unknown_id(self):
        access = self.login()["access"]
        for session_id in ("a%00b", "%00", "1%00"):
            with self.subTest(session_id=session_id):
                response = self.client.delete(
                    f"/api/me/sessions/{session_id}/", HTTP_AUTHORIZATION=f"JWT {access}"
                )
                self.assertAnswer(response, 404, {"detail": "No Session matches the given query."})
        self.assertEqual(Session.objects.filter(ended_at__isnull=True).count(), 1)

    def test_a_user_agent_is_stored_without_nul(self):
        access = self.login(user_agent="Mozilla/5.0 (X11; Linux x86_64)\x00 Chrome/120.0")["access"]
        self.assertEqual(self.session_of(access).user_agent, "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0")

"""The token endpoints: obtain, refresh (rotation off and on), verify, blacklist, and their error rows."""

from datetime import timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APITestCase
from rest_framework_simplejwt.tokens import RefreshToken
from simplejwt_sessions.models import Session

from backend.hostile import signed
from backend.tokens_for_tests import (
    access_for,
    expired_access_for,
    expired_refresh_for,
    jwt_header,
    jwt_payload,
    refresh_for,
    simple_jwt_settings,
    unsigned,
    with_bad_signature,
    with_changed_payload,
)

# simplejwt 5.4 split its one "Token is invalid or expired" in two.
INVALID = {"detail": "Token is invalid", "code": "token_not_valid"}
EXPIRED = {"detail": "Token is expired", "code": "token_not_valid"}
WRONG_TYPE = {"detail": "Token has wrong type", "code": "token_not_valid"}
BLACKLISTED = {"detail": "Token is blacklisted", "code": "token_not_valid"}
REQUIRED = ["This field is required."]


class TokenTestCase(APITestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")

    def post(self, path, data, **extra):
        return self.client.post(path, data, format="json", **extra)

    def obtain(self):
        response = self.post("/api/token/", {"username": "demo", "password": "demo123"})
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def assertAnswer(self, response, status, body):
        self.assertEqual((response.status_code, response.json()), (status, body))


class ObtainTests(TokenTestCase):
    def test_gives_a_refresh_and_an_access_token_hs256(self):
        tokens = self.obtain()
        self.assertEqual(list(tokens), ["refresh", "access"])
        for kind, lifetime in (("access", 300), ("refresh", 86400)):
            self.assertEqual(jwt_header(tokens[kind]), {"alg": "HS256", "typ": "JWT"})
            payload = jwt_payload(tokens[kind])
            self.assertEqual(
                list(payload), ["token_type", "exp", "iat", "jti", "user_id", "token_version", "sid"]
            )
            self.assertEqual(payload["token_version"], 0)
            self.assertEqual(payload["token_type"], kind)
            self.assertEqual(payload["user_id"], str(self.user.id))  # simplejwt 5.5: always a string
            self.assertRegex(payload["jti"], r"^[0-9a-f]{32}$")
            self.assertEqual(payload["exp"] - payload["iat"], lifetime)

    def test_wrong_password_or_unknown_user_is_401_without_code(self):
        body = {"detail": "No active account found with the given credentials"}
        for credentials in (
            {"username": "demo", "password": "nope"},
            {"username": "ghost", "password": "demo123"},
        ):
            self.assertAnswer(self.post("/api/token/", credentials), 401, body)

    def test_missing_or_blank_fields_are_400(self):
        self.assertAnswer(self.post("/api/token/", {}), 400, {"username": REQUIRED, "password": REQUIRED})
        blank = ["This field may not be blank."]
        self.assertAnswer(
            self.post("/api/token/", {"username": "", "password": ""}),
            400,
            {"username": blank, "password": blank},
        )

    def test_malformed_json_is_400_with_the_parse_error(self):
        response = self.client.post("/api/token/", "{bad", content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()), ["detail"])
        self.assertTrue(response.json()["detail"].startswith("JSON parse error - "), response.json())

    def test_wrong_method_is_405(self):
        self.assertAnswer(self.client.get("/api/token/"), 405, {"detail": 'Method "GET" not allowed.'})

    def test_ignores_a_broken_authorization_header(self):
        response = self.post(
            "/api/token/", {"username": "demo", "password": "demo123"}, HTTP_AUTHORIZATION="JWT garbage"
        )
        self.assertEqual(response.status_code, 200)


class RefreshTests(TokenTestCase):
    def test_rotation_off_gives_only_an_access_token_and_the_refresh_token_stays_valid(self):
        with simple_jwt_settings(ROTATE_REFRESH_TOKENS=False, BLACKLIST_AFTER_ROTATION=False):
            for refresh in (
                self.obtain()["refresh"],
                refresh_for(self.user),
            ):  # a session's, and one of no session
                for _ in range(2):
                    response = self.post("/api/token/refresh/", {"refresh": refresh})
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(list(response.json()), ["access"])

    def test_a_refreshed_access_token_has_its_own_iat(self):
        # simplejwt 5.5 no longer copies the refresh token's iat into the access token.
        refresh = refresh_for(self.user)
        with mock.patch(
            "rest_framework_simplejwt.tokens.aware_utcnow", return_value=timezone.now() + timedelta(seconds=5)
        ):
            access = self.post("/api/token/refresh/", {"refresh": refresh}).json()["access"]
        self.assertEqual(jwt_payload(access)["iat"], jwt_payload(refresh)["iat"] + 5)
        self.assertEqual(jwt_payload(access)["token_type"], "access")

    def test_rotation_on_returns_a_new_refresh_token_and_blacklists_the_old_one(self):
        # A token of no session (issued before sessions): simplejwt's own rotation, made single-use.
        with simple_jwt_settings(ROTATE_REFRESH_TOKENS=True, BLACKLIST_AFTER_ROTATION=True):
            old = refresh_for(self.user)
            response = self.post("/api/token/refresh/", {"refresh": old})
            self.assertEqual(response.status_code, 200)
            self.assertEqual(list(response.json()), ["access", "refresh"])
            new = response.json()["refresh"]
            self.assertNotEqual(jwt_payload(new)["jti"], jwt_payload(old)["jti"])
            self.assertAnswer(self.post("/api/token/refresh/", {"refresh": old}), 401, BLACKLISTED)
            self.assertEqual(self.post("/api/token/refresh/", {"refresh": new}).status_code, 200)
            # verify checks the blacklist only with BLACKLIST_AFTER_ROTATION on, as a plain validation error.
            verified = self.post("/api/token/verify/", {"token": old})
            self.assertAnswer(verified, 400, {"non_field_errors": ["Token is blacklisted"]})
        # Without rotation: an access token only.
        with simple_jwt_settings(ROTATE_REFRESH_TOKENS=False, BLACKLIST_AFTER_ROTATION=False):
            self.assertEqual(
                list(self.post("/api/token/refresh/", {"refresh": refresh_for(self.user)}).json()), ["access"]
            )

    def test_rotation_on_of_two_racing_refreshes_with_one_token_the_second_to_blacklist_it_loses(self):
        refresh = refresh_for(self.user)
        with simple_jwt_settings(ROTATE_REFRESH_TOKENS=True, BLACKLIST_AFTER_ROTATION=True):
            # The race window: this request read the blacklist before the other one wrote to it.
            with mock.patch.object(RefreshToken, "check_blacklist", lambda token: None):
                RefreshToken(refresh).blacklist()  # the other request's rotation
                self.assertAnswer(self.post("/api/token/refresh/", {"refresh": refresh}), 401, BLACKLISTED)

    def test_an_access_token_has_the_wrong_type(self):
        self.assertAnswer(
            self.post("/api/token/refresh/", {"refresh": access_for(self.user)}), 401, WRONG_TYPE
        )

    def test_garbage_tampered_expired_or_unsigned_tokens_are_invalid(self):
        refresh = refresh_for(self.user)
        for token in (
            "garbage",
            with_bad_signature(refresh),
            with_changed_payload(refresh, user_id=2),
            unsigned(refresh),
        ):
            self.assertAnswer(self.post("/api/token/refresh/", {"refresh": token}), 401, INVALID)
        self.assertAnswer(
            self.post("/api/token/refresh/", {"refresh": expired_refresh_for(self.user)}), 401, EXPIRED
        )

    def test_missing_field_is_400(self):
        self.assertAnswer(self.post("/api/token/refresh/", {}), 400, {"refresh": REQUIRED})


class VerifyTests(TokenTestCase):
    def test_a_valid_access_or_refresh_token_verifies(self):
        for token in (access_for(self.user), refresh_for(self.user)):
            self.assertAnswer(self.post("/api/token/verify/", {"token": token}), 200, {})

    def test_garbage_tampered_expired_or_unsigned_tokens_are_invalid(self):
        access = access_for(self.user)
        for token in (
            "garbage",
            with_bad_signature(access),
            with_changed_payload(access, user_id=2),
            unsigned(access),
        ):
            self.assertAnswer(self.post("/api/token/verify/", {"token": token}), 401, INVALID)
        self.assertAnswer(
            self.post("/api/token/verify/", {"token": expired_access_for(self.user)}), 401, EXPIRED
        )

    def test_missing_field_is_400(self):
        self.assertAnswer(self.post("/api/token/verify/", {}), 400, {"token": REQUIRED})


class BlacklistTests(TokenTestCase):
    def test_blacklisting_a_token_of_no_session_revokes_it_but_not_the_access_token(self):
        # simplejwt's own logout, for a refresh token issued before sessions (test_sessions: a session's logout).
        refresh = RefreshToken.for_user(self.user)
        self.assertAnswer(self.post("/api/token/blacklist/", {"refresh": str(refresh)}), 200, {})
        self.assertAnswer(self.post("/api/token/refresh/", {"refresh": str(refresh)}), 401, BLACKLISTED)
        self.assertAnswer(self.post("/api/token/blacklist/", {"refresh": str(refresh)}), 401, BLACKLISTED)
        me = self.client.get("/api/me/", HTTP_AUTHORIZATION=f"JWT {refresh.access_token}")
        self.assertEqual(me.status_code, 200)
        # With rotation off, verify does not look at the blacklist.
        with simple_jwt_settings(ROTATE_REFRESH_TOKENS=False, BLACKLIST_AFTER_ROTATION=False):
            self.assertAnswer(self.post("/api/token/verify/", {"token": str(refresh)}), 200, {})

    def test_an_access_token_has_the_wrong_type(self):
        self.assertAnswer(
            self.post("/api/token/blacklist/", {"refresh": access_for(self.user)}), 401, WRONG_TYPE
        )

    def test_garbage_is_invalid(self):
        self.assertAnswer(self.post("/api/token/blacklist/", {"refresh": "garbage"}), 401, INVALID)

    def test_missing_field_is_400(self):
        self.assertAnswer(self.post("/api/token/blacklist/", {}), 400, {"refresh": REQUIRED})

    def test_ignores_a_broken_authorization_header(self):
        response = self.post(
            "/api/token/blacklist/", {"refresh": refresh_for(self.user)}, HTTP_AUTHORIZATION="JWT x"
        )
        self.assertEqual(response.status_code, 200)


class HostileInputTests(TokenTestCase):
    """Issue 23: what stock simplejwt 5.5 answers with a 500 on the token endpoints."""

    def test_a_session_token_with_claims_of_the_wrong_type_or_size_is_invalid(self):
        refresh = jwt_payload(self.obtain()["refresh"])
        for claim, value in (
            ("user_id", "abc"),
            ("user_id", 2**64),
            ("exp", 2**64),
            ("sid", "\ud800"),
            ("sid", "a\x00b"),
            ("jti", "\ud800"),
        ):
            token = signed({**refresh, claim: value})
            for path, field in (
                ("/api/token/refresh/", "refresh"),
                ("/api/token/blacklist/", "refresh"),
                ("/api/token/verify/", "token"),
            ):
                with self.subTest(claim=claim, value=str(value)[:20], path=path):
                    self.assertAnswer(self.post(path, {field: token}), 401, INVALID)
        chinese = self.post("/api/token/refresh/", {"refresh": token}, HTTP_ACCEPT_LANGUAGE="zh-CN")
        self.assertAnswer(chinese, 401, {"detail": "令牌无效", "code": "token_not_valid"})
        self.assertFalse(Session.objects.filter(ended_at__isnull=False).exists())  # nothing ended

    def test_a_token_of_no_session_with_a_user_id_that_is_no_number_is_invalid(self):
        plain = jwt_payload(refresh_for(self.user))
        for value in ("abc", [1], 2**64):
            with self.subTest(value=str(value)[:20]):
                token = signed({**plain, "user_id": value})
                self.assertAnswer(self.post("/api/token/refresh/", {"refresh": token}), 401, INVALID)

    def test_a_token_of_no_session_for_a_deleted_user_is_no_active_account(self):
        # Stock simplejwt 5.5 looks the user up unguarded: User.DoesNotExist, a 500.
        token = refresh_for(self.user)
        self.user.delete()
        no_account = {"detail": "No active account found for the given token.", "code": "no_active_account"}
        self.assertAnswer(self.post("/api/token/refresh/", {"refresh": token}), 401, no_account)
        chinese = self.post("/api/token/refresh/", {"refresh": token}, HTTP_ACCEPT_LANGUAGE="zh-CN")
        self.assertAnswer(
            chinese, 401, {"detail": "找不到指定令牌对应的有效用户", "code": "no_active_account"}
        )

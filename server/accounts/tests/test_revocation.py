"""Revocation: POST /api/me/password/ and POST /api/me/logout-all/, and how every older token is refused after."""

from django.contrib.auth import get_user_model
from rest_framework.test import APITestCase
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from backend.tokens_for_tests import jwt_payload, simple_jwt_settings

REQUIRED = ["This field is required."]
BLANK = ["This field may not be blank."]
NOT_PROVIDED = {"detail": "Authentication credentials were not provided."}
BLACKLISTED = {"detail": "Token is blacklisted", "code": "token_not_valid"}
REFUSED_ACCESS = {
    "detail": "Given token not valid for any token type",
    "code": "token_not_valid",
    "messages": [{"token_class": "AccessToken", "token_type": "access", "message": "Token is invalid"}],
}
OLD_PASSWORD_WRONG = "Your old password was entered incorrectly. Please enter it again."
SIMILAR = "The password is too similar to the username."
SHORT = "This password is too short. It must contain at least 8 characters."
COMMON = "This password is too common."
NUMERIC = "This password is entirely numeric."

CHINESE = {
    OLD_PASSWORD_WRONG: "你的旧密码不正确。请重新输入。",
    SIMILAR: "密码跟 用户名 太相似了。",
    SHORT: "密码长度太短。密码必须包含至少 8 个字符。",
    COMMON: "这个密码太常见了。",
    NUMERIC: "密码只包含数字。",
    "This field is required.": "该字段是必填项。",
    "This field may not be blank.": "该字段不能为空。",
}

NEW_PASSWORD = "kettle-violet-42"


class RevocationTestCase(APITestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")
        cls.other = get_user_model().objects.create_user(username="admin", password="admin123")

    def post(self, path, data=None, access=None, language=None):
        extra = {}
        if access is not None:
            extra["HTTP_AUTHORIZATION"] = f"JWT {access}"
        if language is not None:
            extra["HTTP_ACCEPT_LANGUAGE"] = language
        return self.client.post(path, data, format="json", **extra)

    def obtain(self, username="demo", password="demo123"):
        response = self.post("/api/token/", {"username": username, "password": password})
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def change(self, access, old="demo123", new=NEW_PASSWORD, language=None):
        return self.post("/api/me/password/", {"old_password": old, "new_password": new}, access, language)

    def assertAnswer(self, response, status, body):
        self.assertEqual((response.status_code, response.json()), (status, body))

    def assertAccessRefused(self, access):
        """Refused by every protected endpoint, with the answer an expired or forged token gets."""
        for path in ("/api/me/", "/api/orders/", "/api/orders/1/"):
            with self.subTest(path=path):
                response = self.client.get(path, HTTP_AUTHORIZATION=f"JWT {access}")
                self.assertAnswer(response, 401, REFUSED_ACCESS)
                self.assertEqual(response["WWW-Authenticate"], 'JWT realm="api"')

    def assertAccessWorks(self, access):
        self.assertEqual(self.client.get("/api/me/", HTTP_AUTHORIZATION=f"JWT {access}").status_code, 200)

    def assertRefreshRefused(self, refresh):
        self.assertAnswer(self.post("/api/token/refresh/", {"refresh": refresh}), 401, BLACKLISTED)


class PasswordChangeTests(RevocationTestCase):
    def test_success_gives_a_new_pair_and_refuses_every_older_token_of_the_user(self):
        device_a, device_b = self.obtain(), self.obtain()
        admin = self.obtain("admin", "admin123")
        response = self.change(device_a["access"])
        self.assertEqual(response.status_code, 200, response.content)
        pair = response.json()
        self.assertEqual(list(pair), ["access", "refresh"])
        for kind in ("access", "refresh"):
            payload = jwt_payload(pair[kind])
            self.assertEqual(
                list(payload), ["token_type", "exp", "iat", "jti", "user_id", "token_version", "sid"]
            )
            self.assertEqual(
                (payload["token_type"], payload["user_id"], payload["token_version"]),
                (kind, str(self.user.id), 1),
            )
        for old in (device_a, device_b):
            self.assertAccessRefused(old["access"])
            self.assertRefreshRefused(old["refresh"])
        self.assertAccessWorks(pair["access"])
        refreshed = self.post("/api/token/refresh/", {"refresh": pair["refresh"]})
        self.assertEqual(refreshed.status_code, 200)
        self.assertAccessWorks(refreshed.json()["access"])
        self.assertEqual(jwt_payload(refreshed.json()["access"])["token_version"], 1)
        # Another user's tokens are untouched.
        self.assertAccessWorks(admin["access"])
        self.assertEqual(self.post("/api/token/refresh/", {"refresh": admin["refresh"]}).status_code, 200)

    def test_the_old_password_no_longer_logs_in_and_the_new_one_does(self):
        self.assertEqual(self.change(self.obtain()["access"]).status_code, 200)
        self.assertAnswer(
            self.post("/api/token/", {"username": "demo", "password": "demo123"}),
            401,
            {"detail": "No active account found with the given credentials"},
        )
        tokens = self.obtain(password=NEW_PASSWORD)
        self.assertEqual(jwt_payload(tokens["access"])["token_version"], 1)
        self.assertAccessWorks(tokens["access"])

    def test_the_new_pair_can_change_the_password_again(self):
        pair = self.change(self.obtain()["access"]).json()
        second = self.change(pair["access"], old=NEW_PASSWORD, new="another-kettle-43")
        self.assertEqual(second.status_code, 200)
        self.assertEqual(jwt_payload(second.json()["access"])["token_version"], 2)
        self.assertAccessRefused(pair["access"])
        self.assertRefreshRefused(pair["refresh"])

    def test_a_wrong_old_password_is_400_and_changes_nothing(self):
        tokens = self.obtain()
        self.assertAnswer(
            self.change(tokens["access"], old="nope"), 400, {"old_password": [OLD_PASSWORD_WRONG]}
        )
        self.assertAccessWorks(tokens["access"])
        self.assertEqual(self.post("/api/token/refresh/", {"refresh": tokens["refresh"]}).status_code, 200)
        self.obtain()

    def test_each_of_djangos_validators_refuses_with_its_message(self):
        access = self.obtain()["access"]
        for new, messages in (
            ("x7!kq", [SHORT]),
            ("password", [COMMON]),
            ("Password", [COMMON]),
            ("3141592653", [NUMERIC]),
            ("2024", [SHORT, NUMERIC]),
            ("123", [SHORT, COMMON, NUMERIC]),
            ("demo", [SIMILAR, SHORT, COMMON]),
            ("dem0", [SIMILAR, SHORT]),
        ):
            with self.subTest(new=new):
                self.assertAnswer(self.change(access, new=new), 400, {"new_password": messages})
        # Similar to the username without being short: possible for a longer username.
        admin = self.obtain("admin", "admin123")["access"]
        self.assertAnswer(
            self.change(admin, old="admin123", new="nimda123"), 400, {"new_password": [SIMILAR]}
        )
        # demo's "demo1234" is only 0.67 similar (Django's limit is 0.7): accepted.
        self.assertEqual(self.change(access, new="demo1234").status_code, 200)

    def test_both_fields_are_checked_at_once(self):
        response = self.change(self.obtain()["access"], old="nope", new="123")
        self.assertAnswer(
            response, 400, {"old_password": [OLD_PASSWORD_WRONG], "new_password": [SHORT, COMMON, NUMERIC]}
        )
        self.assertEqual(list(response.json()), ["old_password", "new_password"])

    def test_missing_or_blank_fields_are_400_before_any_password_check(self):
        access = self.obtain()["access"]
        self.assertAnswer(
            self.post("/api/me/password/", {}, access),
            400,
            {"old_password": REQUIRED, "new_password": REQUIRED},
        )
        self.assertAnswer(
            self.post("/api/me/password/", {"old_password": "", "new_password": " "}, access),
            400,
            {"old_password": BLANK, "new_password": BLANK},
        )
        self.assertAnswer(
            self.post("/api/me/password/", {"old_password": "nope"}, access), 400, {"new_password": REQUIRED}
        )

    def test_every_message_in_chinese(self):
        access = self.obtain()["access"]
        for data, english in (
            ({"old_password": "nope", "new_password": NEW_PASSWORD}, {"old_password": [OLD_PASSWORD_WRONG]}),
            ({"old_password": "demo123", "new_password": "demo"}, {"new_password": [SIMILAR, SHORT, COMMON]}),
            ({"old_password": "demo123", "new_password": "3141592653"}, {"new_password": [NUMERIC]}),
            ({}, {"old_password": REQUIRED, "new_password": REQUIRED}),
            ({"old_password": "", "new_password": ""}, {"old_password": BLANK, "new_password": BLANK}),
        ):
            chinese = {
                field: [CHINESE[message] for message in messages] for field, messages in english.items()
            }
            for language, body, content_language in (("en", english, "en"), ("zh-CN", chinese, "zh-hans")):
                with self.subTest(data=data, language=language):
                    response = self.post("/api/me/password/", data, access, language)
                    self.assertAnswer(response, 400, body)
                    self.assertEqual(response["Content-Language"], content_language)

    def test_needs_a_login_and_a_post(self):
        self.assertAnswer(self.post("/api/me/password/", {"old_password": "demo123"}), 401, NOT_PROVIDED)
        access = self.obtain()["access"]
        response = self.client.get("/api/me/password/", HTTP_AUTHORIZATION=f"JWT {access}")
        self.assertAnswer(response, 405, {"detail": 'Method "GET" not allowed.'})


class LogoutAllTests(RevocationTestCase):
    def test_204_and_every_token_of_the_user_is_refused_this_devices_too(self):
        device_a, device_b = self.obtain(), self.obtain()
        admin = self.obtain("admin", "admin123")
        response = self.post("/api/me/logout-all/", None, device_b["access"])
        self.assertEqual((response.status_code, response.content), (204, b""))
        for old in (device_a, device_b):
            self.assertAccessRefused(old["access"])
            self.assertRefreshRefused(old["refresh"])
            self.assertAnswer(
                self.post("/api/token/blacklist/", {"refresh": old["refresh"]}), 401, BLACKLISTED
            )
        self.assertAccessWorks(admin["access"])
        # Logging in again works, with the next version; the password is unchanged.
        tokens = self.obtain()
        self.assertEqual(jwt_payload(tokens["refresh"])["token_version"], 1)
        self.assertAccessWorks(tokens["access"])

    def test_refused_again_is_401_like_any_revoked_token(self):
        access = self.obtain()["access"]
        self.assertEqual(self.post("/api/me/logout-all/", None, access).status_code, 204)
        self.assertAnswer(self.post("/api/me/logout-all/", None, access), 401, REFUSED_ACCESS)

    def test_with_rotation_the_rotated_refresh_tokens_and_their_access_tokens_are_refused_too(self):
        first = self.obtain()
        rotated = self.post("/api/token/refresh/", {"refresh": first["refresh"]}).json()
        self.assertEqual(jwt_payload(rotated["refresh"])["token_version"], 0)
        self.assertEqual(self.post("/api/me/logout-all/", None, self.obtain()["access"]).status_code, 204)
        self.assertAccessRefused(rotated["access"])
        self.assertRefreshRefused(rotated["refresh"])
        # The rotated token was recorded as outstanding, so simplejwt's blacklist has it too.
        jti = jwt_payload(rotated["refresh"])["jti"]
        self.assertTrue(BlacklistedToken.objects.filter(token__jti=jti, token__user=self.user).exists())
        # verify looks at the blacklist with BLACKLIST_AFTER_ROTATION on: a revoked refresh token is in it.
        self.assertAnswer(
            self.post("/api/token/verify/", {"token": rotated["refresh"]}),
            400,
            {"non_field_errors": ["Token is blacklisted"]},
        )
        # And it refuses a revoked access token as it refuses a forged one.
        self.assertAnswer(
            self.post("/api/token/verify/", {"token": rotated["access"]}),
            401,
            {"detail": "Token is invalid", "code": "token_not_valid"},
        )

    def test_a_refresh_token_of_no_session_the_blacklist_never_recorded_is_refused_by_its_version(self):
        # e.g. one rotated by simplejwt 5.2, which did not record rotated tokens as outstanding.
        refresh = RefreshToken.for_user(self.user)
        OutstandingToken.objects.filter(jti=refresh["jti"]).delete()
        self.assertEqual(self.post("/api/me/logout-all/", None, str(refresh.access_token)).status_code, 204)
        self.assertRefreshRefused(str(refresh))
        self.assertAnswer(self.post("/api/token/blacklist/", {"refresh": str(refresh)}), 401, BLACKLISTED)
        self.assertAnswer(
            self.post("/api/token/verify/", {"token": str(refresh)}),
            400,
            {"non_field_errors": ["Token is blacklisted"]},
        )
        # Without rotation verify does not look at the blacklist, nor at versions.
        with simple_jwt_settings(ROTATE_REFRESH_TOKENS=False, BLACKLIST_AFTER_ROTATION=False):
            self.assertAnswer(self.post("/api/token/verify/", {"token": str(refresh)}), 200, {})

    def test_needs_a_login_and_a_post(self):
        self.assertAnswer(self.post("/api/me/logout-all/"), 401, NOT_PROVIDED)
        access = self.obtain()["access"]
        response = self.client.get("/api/me/logout-all/", HTTP_AUTHORIZATION=f"JWT {access}")
        self.assertAnswer(response, 405, {"detail": 'Method "GET" not allowed.'})
        self.assertAccessWorks(access)

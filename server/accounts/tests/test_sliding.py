"""DIALECT=sliding: simplejwt's sliding views and SlidingToken authentication, as api-contract-sliding.md measured."""

from datetime import timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APITestCase
from rest_framework_simplejwt.tokens import SlidingToken

from backend.hostile import signed
from backend.tokens_for_tests import access_for, jwt_payload, use_sliding_dialect

EXPIRED = {"detail": "Token is expired", "code": "token_not_valid"}
INVALID = {"detail": "Token is invalid", "code": "token_not_valid"}
NO_ID = {"detail": "Token has no id", "code": "token_not_valid"}
REFRESH_EXP_EXPIRED = {"detail": "Token 'refresh_exp' claim has expired", "code": "token_not_valid"}
SLIDING_CLASSES = ("simplejwt_sessions.tokens.SlidingToken",)


@override_settings(ROOT_URLCONF="backend.urls_sliding")
class SlidingTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")

    def setUp(self):
        use_sliding_dialect(self)

    def post(self, path, data):
        return self.client.post(path, data, format="json")

    def obtain(self):
        response = self.post("/api/token/", {"username": "demo", "password": "demo123"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(list(response.json()), ["token"])
        return response.json()["token"]

    def me(self, token, scheme="JWT"):
        return self.client.get("/api/me/", HTTP_AUTHORIZATION=f"{scheme} {token}")

    def test_login_gives_one_sliding_token_with_the_claims_in_order(self):
        payload = jwt_payload(self.obtain())
        self.assertEqual(
            list(payload), ["token_type", "exp", "iat", "jti", "refresh_exp", "user_id", "token_version"]
        )
        self.assertEqual(payload["token_version"], 0)
        self.assertEqual(payload["token_type"], "sliding")
        self.assertEqual(payload["exp"] - payload["iat"], 300)
        self.assertEqual(payload["refresh_exp"] - payload["iat"], 86400)

    def test_wrong_password_is_401(self):
        response = self.post("/api/token/", {"username": "demo", "password": "nope"})
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], 'JWT realm="api"')

    def test_the_token_authenticates_with_jwt_and_bearer(self):
        token = self.obtain()
        for scheme in ("JWT", "Bearer"):
            self.assertEqual(self.me(token, scheme).json(), {"id": self.user.id, "username": "demo"})
        self.assertEqual(self.me(token, "jwt").status_code, 401)

    def test_a_pair_access_token_has_the_wrong_type(self):
        messages = self.me(access_for(self.user)).json()["messages"]
        self.assertEqual(
            messages,
            [{"token_class": "SlidingToken", "token_type": "sliding", "message": "Token has wrong type"}],
        )

    def test_slide_moves_exp_and_iat_and_keeps_jti_and_refresh_exp(self):
        token = self.obtain()
        later = timezone.now() + timedelta(seconds=2)
        with mock.patch("rest_framework_simplejwt.tokens.aware_utcnow", return_value=later):
            response = self.post("/api/token/refresh/", {"token": token})
        self.assertEqual(response.status_code, 200, response.content)
        before, after = jwt_payload(token), jwt_payload(response.json()["token"])
        self.assertGreater(after["exp"], before["exp"])
        self.assertEqual((after["jti"], after["refresh_exp"]), (before["jti"], before["refresh_exp"]))
        self.assertEqual(self.me(token).status_code, 200)  # nothing is revoked

    def test_the_field_is_token(self):
        response = self.post("/api/token/refresh/", {"refresh": self.obtain()})
        self.assertEqual(
            (response.status_code, response.json()), (400, {"token": ["This field is required."]})
        )

    def test_an_expired_token_cannot_be_slid(self):
        token = SlidingToken.for_user(self.user)
        token.set_exp(from_time=timezone.now() - timedelta(seconds=301))
        response = self.post("/api/token/refresh/", {"token": str(token)})
        self.assertEqual((response.status_code, response.json()), (401, EXPIRED))

    def test_after_refresh_exp_a_slide_is_refused(self):
        token = SlidingToken.for_user(self.user)
        token.set_exp("refresh_exp", from_time=timezone.now() - timedelta(days=2))
        response = self.post("/api/token/refresh/", {"token": str(token)})
        self.assertEqual((response.status_code, response.json()), (401, REFRESH_EXP_EXPIRED))

    def test_there_is_no_blacklist_endpoint(self):
        self.assertEqual(self.post("/api/token/blacklist/", {"refresh": self.obtain()}).status_code, 404)

    def test_verify_answers_an_empty_object(self):
        response = self.post("/api/token/verify/", {"token": self.obtain()})
        self.assertEqual((response.status_code, response.json()), (200, {}))

    def test_revocation_covers_sliding_tokens_and_a_login_after_it_works(self):
        old = self.obtain()
        self.assertEqual(
            self.client.post("/api/me/logout-all/", HTTP_AUTHORIZATION=f"JWT {old}").status_code, 204
        )
        self.assertEqual(self.me(old).status_code, 401)
        new = self.obtain()
        self.assertEqual(jwt_payload(new)["token_version"], 1)
        self.assertEqual(self.me(new).status_code, 200)


@override_settings(ROOT_URLCONF="backend.urls_sliding")
class SlidingHostileClaimsTests(APITestCase):
    """Issue 23: stock simplejwt answers 500 to a sliding token whose refresh_exp is no number or huge
    (datetime_from_epoch), or that has no jti (its blacklist looks the id up first: a KeyError)."""

    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")

    def setUp(self):
        use_sliding_dialect(self)

    def test_a_refresh_exp_of_the_wrong_type_or_size_is_invalid(self):
        payload = jwt_payload(str(SlidingToken.for_user(self.user)))
        for value in ("abc", None, [1], 2**64, 1e308):
            token = signed({**payload, "refresh_exp": value})
            with self.subTest(value=str(value)[:20]):
                response = self.client.post("/api/token/refresh/", {"token": token}, format="json")
                self.assertEqual((response.status_code, response.json()), (401, INVALID))
                me = self.client.get("/api/me/", HTTP_AUTHORIZATION=f"JWT {token}")
                self.assertEqual(
                    (me.status_code, me.json()["messages"][0]["message"]), (401, "Token is invalid")
                )

    def test_a_token_without_jti_has_no_id(self):
        payload = jwt_payload(str(SlidingToken.for_user(self.user)))
        token = signed({key: value for key, value in payload.items() if key != "jti"})
        response = self.client.post("/api/token/refresh/", {"token": token}, format="json")
        self.assertEqual((response.status_code, response.json()), (401, NO_ID))
        chinese = self.client.post(
            "/api/token/refresh/", {"token": token}, format="json", HTTP_ACCEPT_LANGUAGE="zh-CN"
        )
        self.assertEqual(chinese.json(), {"detail": "令牌没有标识符", "code": "token_not_valid"})
        me = self.client.get("/api/me/", HTTP_AUTHORIZATION=f"JWT {token}")
        self.assertEqual(
            (me.status_code, me.json()["messages"]),
            (401, [{"token_class": "SlidingToken", "token_type": "sliding", "message": "Token has no id"}]),
        )

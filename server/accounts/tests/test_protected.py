"""How a protected endpoint (GET /api/me/) treats every kind of Authorization header."""

from django.contrib.auth import get_user_model
from rest_framework.test import APITestCase
from simplejwt_sessions.models import TokenVersion

from backend.hostile import signed
from backend.tokens_for_tests import (
    access_for,
    expired_access_for,
    jwt_payload,
    refresh_for,
    unsigned,
    with_bad_signature,
    with_changed_payload,
)
from orders.models import Order

NOT_PROVIDED = {"detail": "Authentication credentials were not provided."}
TWO_VALUES = {
    "detail": "Authorization header must contain two space-delimited values",
    "code": "bad_authorization_header",
}


def not_valid(message):
    return {
        "detail": "Given token not valid for any token type",
        "code": "token_not_valid",
        "messages": [{"token_class": "AccessToken", "token_type": "access", "message": message}],
    }


class ProtectedEndpointTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")

    def me(self, authorization=None):
        extra = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
        return self.client.get("/api/me/", **extra)

    def assertRefused(self, response, body):
        self.assertEqual((response.status_code, response.json()), (401, body))
        self.assertEqual(response["WWW-Authenticate"], 'JWT realm="api"')

    def test_me_names_the_tokens_user_with_either_scheme(self):
        for scheme in ("JWT", "Bearer"):
            response = self.me(f"{scheme} {access_for(self.user)}")
            self.assertEqual(
                (response.status_code, response.json()), (200, {"id": self.user.id, "username": "demo"})
            )

    def test_no_header_or_an_unknown_scheme_is_not_provided(self):
        token = access_for(self.user)
        for authorization in (None, f"Token {token}", f"jwt {token}"):
            self.assertRefused(self.me(authorization), NOT_PROVIDED)

    def test_a_scheme_without_exactly_one_value_is_a_bad_header(self):
        for authorization in ("JWT", "JWT a b"):
            self.assertRefused(self.me(authorization), TWO_VALUES)

    def test_forged_or_garbage_tokens_all_get_the_same_answer(self):
        access = access_for(self.user)
        for token in (
            with_bad_signature(access),
            with_changed_payload(access, user_id=999),
            unsigned(access),
            "garbage",
        ):
            self.assertRefused(self.me(f"JWT {token}"), not_valid("Token is invalid"))

    def test_an_expired_token_is_said_to_be_expired(self):
        # simplejwt 5.4 split "Token is invalid or expired": an expired token now says so.
        self.assertRefused(self.me(f"JWT {expired_access_for(self.user)}"), not_valid("Token is expired"))

    def test_a_refresh_token_is_not_an_access_token(self):
        self.assertRefused(self.me(f"JWT {refresh_for(self.user)}"), not_valid("Token has wrong type"))

    def test_orders_refuse_the_same_way(self):
        for method in ("get", "post"):
            self.assertRefused(getattr(self.client, method)("/api/orders/"), NOT_PROVIDED)
        self.assertRefused(self.client.get("/api/orders/1/", HTTP_AUTHORIZATION="JWT"), TWO_VALUES)


class QueriesPerRequestTests(APITestCase):
    """Authentication is one indexed query (the user joined to their token version); an order list adds DRF's two
    (the count, the page)."""

    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")

    def test_one_query_authenticates(self):
        access = access_for(self.user)
        with self.assertNumQueries(1):
            self.assertEqual(self.client.get("/api/me/", HTTP_AUTHORIZATION=f"JWT {access}").status_code, 200)
        TokenVersion.objects.create(user=self.user, version=0)  # with a version row too
        with self.assertNumQueries(1):
            self.assertEqual(self.client.get("/api/me/", HTTP_AUTHORIZATION=f"JWT {access}").status_code, 200)

    def test_a_page_of_orders_is_three(self):
        Order.objects.bulk_create(
            Order(owner=self.user, item=f"x{i}", quantity=1, price=1) for i in range(12)
        )
        access = access_for(self.user)
        with self.assertNumQueries(3):
            response = self.client.get("/api/orders/?page=1&page_size=10", HTTP_AUTHORIZATION=f"JWT {access}")
        self.assertEqual(response.status_code, 200)


class HostileClaimsTests(APITestCase):
    """Issue 23: a token signed with the right key whose claims have the wrong type or size is refused like a forged
    one (stock simplejwt 5.5 answers 500: the user lookup's ValueError/TypeError/OverflowError, datetime_from_epoch's
    OverflowError, the database's refusal of a lone surrogate or NUL), in every language, on every endpoint."""

    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(username="demo", password="demo123")

    def test_claims_of_the_wrong_type_or_size_are_an_invalid_token(self):
        payload = jwt_payload(access_for(self.user))
        for claim, value in (
            ("user_id", "abc"),
            ("user_id", [1]),
            ("user_id", {"a": 1}),
            ("user_id", 2**64),
            ("user_id", float("inf")),
            ("exp", 2**64),
            ("exp", 1e308),
            ("jti", "\ud800"),
            ("jti", "a\x00b"),
            ("jti", "j" * 256),
        ):
            token = signed({**payload, claim: value})
            for path in ("/api/me/", "/api/orders/", "/api/me/sessions/"):
                with self.subTest(claim=claim, value=str(value)[:20], path=path):
                    response = self.client.get(path, HTTP_AUTHORIZATION=f"JWT {token}")
                    self.assertEqual(
                        (response.status_code, response.json()), (401, not_valid("Token is invalid"))
                    )
            chinese = self.client.get(
                "/api/me/", HTTP_AUTHORIZATION=f"JWT {token}", HTTP_ACCEPT_LANGUAGE="zh-CN"
            )
            self.assertEqual(
                (chinese.status_code, chinese.json()["detail"], chinese.json()["messages"][0]["message"]),
                (401, "此令牌对任何类型的令牌无效", "令牌无效"),
            )

    def test_what_the_users_lookup_takes_still_names_the_user(self):
        # Django's lookup int()s the claim: "1", " 1 " and 1.5 are user 1, as in stock simplejwt (not refused).
        payload = jwt_payload(access_for(self.user))
        pk = self.user.pk
        for value in (str(pk), f" {pk} ", pk + 0.5):
            token = signed({**payload, "user_id": value})
            self.assertEqual(self.client.get("/api/me/", HTTP_AUTHORIZATION=f"JWT {token}").status_code, 200)

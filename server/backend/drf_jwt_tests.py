"""The djangorestframework-jwt server (DIALECT=drf-jwt, its own environment: Django 3.2, DRF 3.14, PyJWT 1.7):
its three views at the paths of api-contract-drf-jwt.md, its header, and the shared API behind it. Run by
`npm run test:server` as `DIALECT=drf-jwt manage.py test backend.drf_jwt_tests backend.test_lockfile backend.test_schema`; the
differential tests hold every row of the contract against the mock."""

import base64
import json

from django.conf import settings
from django.test import SimpleTestCase
from rest_framework.test import APITestCase

from orders.seed import seed_demo_data


def payload_of(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


class SettingsTests(SimpleTestCase):
    def test_the_contracts_settings(self):
        self.assertEqual(
            settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"],
            ["rest_framework_jwt.authentication.JSONWebTokenAuthentication"],
        )
        jwt_auth = settings.JWT_AUTH
        self.assertEqual((jwt_auth["JWT_ALLOW_REFRESH"], jwt_auth["JWT_AUTH_HEADER_PREFIX"]), (True, "JWT"))
        self.assertNotIn("rest_framework_simplejwt", settings.INSTALLED_APPS)


class DrfJwtTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        seed_demo_data()

    def obtain(self):
        response = self.client.post(
            "/api/api-token-auth/", {"username": "demo", "password": "demo123"}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(list(response.json()), ["token"])
        return response.json()["token"]

    def test_login_gives_one_token_with_the_users_claims(self):
        payload = payload_of(self.obtain())
        self.assertEqual(list(payload), ["user_id", "username", "exp", "email", "orig_iat"])
        self.assertEqual((payload["user_id"], payload["username"]), (1, "demo"))
        self.assertEqual(payload["exp"] - payload["orig_iat"], 300)

    def test_a_wrong_password_is_400_non_field_errors(self):
        response = self.client.post(
            "/api/api-token-auth/", {"username": "demo", "password": "x"}, format="json"
        )
        self.assertEqual(
            (response.status_code, response.json()),
            (400, {"non_field_errors": ["Unable to log in with provided credentials."]}),
        )

    def test_refresh_and_verify_take_the_token(self):
        token = self.obtain()
        refreshed = self.client.post("/api/api-token-refresh/", {"token": token}, format="json")
        self.assertEqual((refreshed.status_code, list(refreshed.json())), (200, ["token"]))
        self.assertEqual(payload_of(refreshed.json()["token"])["orig_iat"], payload_of(token)["orig_iat"])
        verified = self.client.post("/api/api-token-verify/", {"token": token}, format="json")
        self.assertEqual((verified.status_code, verified.json()), (200, {"token": token}))

    def test_the_header_is_jwt_only(self):
        token = self.obtain()
        me = self.client.get("/api/me/", HTTP_AUTHORIZATION=f"JWT {token}")
        self.assertEqual((me.status_code, me.json()), (200, {"id": 1, "username": "demo"}))
        bearer = self.client.get("/api/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertEqual(
            (bearer.status_code, bearer.json(), bearer["WWW-Authenticate"]),
            (401, {"detail": "Authentication credentials were not provided."}, 'JWT realm="api"'),
        )

    def test_the_orders_api_is_the_shared_one_on_drf_3_14(self):
        auth = {"HTTP_AUTHORIZATION": f"JWT {self.obtain()}"}
        self.assertEqual(self.client.get("/api/orders/", **auth).json()["count"], 25)
        missing = self.client.get("/api/orders/9999/", **auth)
        self.assertEqual((missing.status_code, missing.json()), (404, {"detail": "Not found."}))

    def test_the_simplejwt_paths_do_not_exist(self):
        response = self.client.post("/api/token/", {"username": "demo", "password": "demo123"}, format="json")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(response["Content-Type"].startswith("text/html"))

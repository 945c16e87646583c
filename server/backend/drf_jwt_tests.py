"""The djangorestframework-jwt server (DIALECT=drf-jwt, its own environment: Django 3.2, DRF 3.14, PyJWT 1.7):
its three views at the paths of api-contract-drf-jwt.md, its header, and the shared API behind it. Run by
`npm run test:server` as `DIALECT=drf-jwt manage.py test backend.drf_jwt_tests backend.test_lockfile backend.test_schema`; the
differential tests hold every row of the contract against the mock."""

import base64
import json
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import SimpleTestCase, TransactionTestCase
from rest_framework.test import APIClient, APITestCase

from backend.hostile import BAD_BODIES, HOSTILE_VALUES, HostileProbe, hostile_json, signed
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

    def test_the_login_lockout_covers_drf_jwt_logins(self):
        def login(password, address="127.0.0.1", **extra):
            return self.client.post(
                "/api/api-token-auth/",
                {"username": "demo", "password": password},
                format="json",
                REMOTE_ADDR=address,
                **extra,
            )

        with self.assertLogs("simplejwt_sessions.security", level="WARNING"):
            self.assertEqual([login("x").status_code for _ in range(10)], [400] * 10)
        locked = login("demo123", HTTP_ACCEPT_LANGUAGE="zh-Hans")
        self.assertEqual((locked.status_code, locked["Retry-After"]), (429, "60"))
        self.assertEqual(
            locked.json(),
            {"detail": "失败次数过多，请稍后再试。", "code": "too_many_attempts", "retry_after": 60},
        )
        self.assertEqual(login("demo123", address="127.0.0.2").status_code, 200)

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


class ParallelLoginTests(TransactionTestCase):
    """Parallel logins, each thread on its own connection to the file database as gunicorn's processes would be: each
    is judged (200 or 400), none fails with SQLite's "database is locked" (a 500), though each one writes (the
    lockout's counts, last_login). Found by the fuzzer with 2 workers."""

    def setUp(self):
        get_user_model().objects.create_user(username="demo", password="demo123")

    def test_16_parallel_logins_right_and_wrong_are_all_judged(self):
        answers, start = [], threading.Barrier(16)

        def login(password):
            start.wait()
            response = APIClient().post(
                "/api/api-token-auth/", {"username": "demo", "password": password}, format="json"
            )
            answers.append(response.status_code)
            connection.close()

        threads = [threading.Thread(target=login, args=("demo123" if i % 2 else "wrong",)) for i in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(answers), [200] * 8 + [400] * 8)


class HostileInputProbe(HostileProbe, APITestCase):
    """Issue 23's probe on the drf-jwt server: correctly signed tokens with claims of the wrong type or size, broken
    bodies, NUL and surrogates, numbers past 64 bits; every answer a 4xx in JSON (backend/hostile.py)."""

    @classmethod
    def setUpTestData(cls):
        seed_demo_data()

    def obtain(self):
        response = self.client.post(
            "/api/api-token-auth/", {"username": "demo", "password": "demo123"}, format="json"
        )
        return response.json()["token"]

    def test_claims_of_the_wrong_type_or_size(self):
        payload = payload_of(self.obtain())
        for claim in ("user_id", "username", "exp", "email", "orig_iat", "iat", "nbf", "aud", "iss"):
            for name, value in HOSTILE_VALUES.items():
                bad = signed({**payload, claim: value})
                for path in ("/api/me/", "/api/orders/", "/api/orders/1/"):
                    self.send(f"{claim}={name}", "GET", path, HTTP_AUTHORIZATION=f"JWT {bad}")
                for path in ("/api/api-token-refresh/", "/api/api-token-verify/"):
                    self.send(f"{claim}={name}", "POST", path, hostile_json({"token": bad}))
            bad = signed({key: value for key, value in payload.items() if key != claim})
            self.send(f"no {claim}", "GET", "/api/me/", HTTP_AUTHORIZATION=f"JWT {bad}")
            for path in ("/api/api-token-refresh/", "/api/api-token-verify/"):
                self.send(f"no {claim}", "POST", path, hostile_json({"token": bad}))
        none = signed(payload, algorithm="none")
        for path in ("/api/api-token-refresh/", "/api/api-token-verify/"):
            self.send("alg none", "POST", path, hostile_json({"token": none}))
        self.assertNoServerErrors()

    def test_bodies_strings_and_numbers(self):
        auth = {"HTTP_AUTHORIZATION": f"JWT {self.obtain()}"}
        for name, body in BAD_BODIES.items():
            for path in ("/api/api-token-auth/", "/api/api-token-refresh/", "/api/api-token-verify/"):
                self.send(name, "POST", path, body)
            self.send(name, "POST", "/api/orders/", body, **auth)
        for name in ("NUL string", "lone surrogate", "huge string", "list", "null"):
            for field in ("username", "password"):
                body = {"username": "demo", "password": "demo123", field: HOSTILE_VALUES[name]}
                self.send(f"{field}={name}", "POST", "/api/api-token-auth/", hostile_json(body))
            for path in ("/api/api-token-refresh/", "/api/api-token-verify/"):
                self.send(f"token={name}", "POST", path, hostile_json({"token": HOSTILE_VALUES[name]}))
            order = {"item": "Widget", "quantity": 1, "price": "1.00", "status": "pending", "note": ""}
            for field in order:
                self.send(
                    f"{field}={name}",
                    "POST",
                    "/api/orders/",
                    hostile_json({**order, field: HOSTILE_VALUES[name]}),
                    **auth,
                )
        for number in (2**63, 2**64, 10**400):
            self.send(str(number)[:20], "GET", f"/api/orders/{number}/", **auth)
            self.send(str(number)[:20], "GET", f"/api/orders/?page={number}&page_size={number}", **auth)
        big = hostile_json({"username": "demo", "password": "x" * (3 * 1024 * 1024)})
        self.send("3 MB", "POST", "/api/api-token-auth/", big)
        self.assertNoServerErrors()


class HostileClaimsTests(APITestCase):
    """Issue 23 on drf-jwt 1.11 / PyJWT 1.7: tokens signed with the right key that stock answers with a 500 get
    drf-jwt's own refusal of a token it can't decode (accounts/drf_jwt.py)."""

    @classmethod
    def setUpTestData(cls):
        seed_demo_data()

    def setUp(self):
        response = self.client.post(
            "/api/api-token-auth/", {"username": "demo", "password": "demo123"}, format="json"
        )
        self.payload = payload_of(response.json()["token"])

    def refused(self, token, language="en"):
        me = self.client.get("/api/me/", HTTP_AUTHORIZATION=f"JWT {token}", HTTP_ACCEPT_LANGUAGE=language)
        answers = [(me.status_code, me.json())]
        for path in ("/api/api-token-refresh/", "/api/api-token-verify/"):
            response = self.client.post(path, {"token": token}, format="json", HTTP_ACCEPT_LANGUAGE=language)
            answers.append((response.status_code, response.json()))
        return answers

    def test_a_time_claim_that_is_null_a_list_or_infinite_is_error_decoding_signature(self):
        for claim in ("exp", "iat", "nbf"):
            for value in (None, [1], float("inf")):
                with self.subTest(claim=claim, value=value):
                    self.assertEqual(
                        self.refused(signed({**self.payload, claim: value})),
                        [
                            (401, {"detail": "Error decoding signature."}),
                            (400, {"non_field_errors": ["Error decoding signature."]}),
                            (400, {"non_field_errors": ["Error decoding signature."]}),
                        ],
                    )

    def test_a_username_no_database_takes_is_error_decoding_signature(self):
        self.assertEqual(
            self.refused(signed({**self.payload, "username": "\ud800"})),
            [
                (401, {"detail": "Error decoding signature."}),
                (400, {"non_field_errors": ["Error decoding signature."]}),
                (400, {"non_field_errors": ["Error decoding signature."]}),
            ],
        )

    def test_an_orig_iat_that_is_no_number_is_refused_by_refresh(self):
        token = signed({**self.payload, "orig_iat": "1"})
        response = self.client.post("/api/api-token-refresh/", {"token": token}, format="json")
        self.assertEqual(
            (response.status_code, response.json()),
            (400, {"non_field_errors": ["Error decoding signature."]}),
        )

    def test_pyjwt_errors_drf_jwt_lets_through_are_error_decoding_signature_on_refresh_and_verify(self):
        # alg none (InvalidAlgorithmError), a future nbf (ImmatureSignatureError), an iat that is no integer: 500s
        # on stock refresh and verify; its authentication says "Incorrect authentication credentials." as before.
        for token in (
            signed(self.payload, algorithm="none"),
            signed({**self.payload, "nbf": 2**40}),
            signed({**self.payload, "iat": "abc"}),
        ):
            answers = self.refused(token)
            self.assertEqual(answers[0], (401, {"detail": "Incorrect authentication credentials."}))
            self.assertEqual(answers[1:], [(400, {"non_field_errors": ["Error decoding signature."]})] * 2)

    def test_an_order_id_past_64_bits_is_404_not_found(self):
        auth = {"HTTP_AUTHORIZATION": f"JWT {signed(self.payload)}"}
        for number in (2**63, 2**64):
            response = self.client.get(f"/api/orders/{number}/", **auth)
            self.assertEqual((response.status_code, response.json()), (404, {"detail": "Not found."}))

"""The probe of hostile input (issue 23, "never a 5xx"), pair and sliding dialects: every request below must get a
4xx in JSON (or a 2xx), never a 500 or an HTML page. The exact answers are held by the regression tests in
accounts/tests and orders/tests; these sweeps find what they miss."""

from django.contrib.auth import get_user_model
from django.test import override_settings
from rest_framework.test import APITestCase

from backend.hostile import BAD_BODIES, HOSTILE_VALUES, HostileProbe, decoded, hostile_json, signed
from backend.tokens_for_tests import use_sliding_dialect
from orders.seed import seed_demo_data

AUTHENTICATED = [
    ("GET", "/api/me/"),
    ("GET", "/api/orders/"),
    ("GET", "/api/orders/1/"),
    ("GET", "/api/me/sessions/"),
]
PAIR_CLAIMS = ["user_id", "exp", "iat", "jti", "token_type", "sid", "token_version", "nbf"]
SLIDING_CLAIMS = ["user_id", "exp", "iat", "jti", "token_type", "token_version", "refresh_exp", "nbf"]
STRING_FIELDS = {
    "/api/token/": ["username", "password"],
    "/api/token/refresh/": ["refresh"],
    "/api/token/verify/": ["token"],
    "/api/token/blacklist/": ["refresh"],
}


class PairProbe(HostileProbe, APITestCase):
    @classmethod
    def setUpTestData(cls):
        seed_demo_data()

    def login(self):
        response = self.client.post("/api/token/", {"username": "demo", "password": "demo123"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_claims_of_the_wrong_type_or_size(self):
        pair = self.login()
        access, refresh = decoded(pair["access"]), decoded(pair["refresh"])
        for claim in PAIR_CLAIMS:
            for name, value in HOSTILE_VALUES.items():
                label = f"{claim}={name}"
                bad_access = signed({**access, claim: value})
                bad_refresh = signed({**refresh, claim: value})
                for method, path in AUTHENTICATED:
                    self.send(label, method, path, HTTP_AUTHORIZATION=f"JWT {bad_access}")
                self.send(label, "POST", "/api/token/verify/", hostile_json({"token": bad_access}))
                self.send(label, "POST", "/api/token/verify/", hostile_json({"token": bad_refresh}))
                self.send(label, "POST", "/api/token/refresh/", hostile_json({"refresh": bad_refresh}))
                self.send(label, "POST", "/api/token/blacklist/", hostile_json({"refresh": bad_refresh}))
                # The same without a session (a token of simplejwt's own kind).
                plain = {key: val for key, val in refresh.items() if key != "sid"}
                self.send(
                    label,
                    "POST",
                    "/api/token/refresh/",
                    hostile_json({"refresh": signed({**plain, claim: value})}),
                )
        self.assertNoServerErrors()
        self.assertEqual(get_user_model().objects.count(), 2)

    def test_claims_missing(self):
        pair = self.login()
        access, refresh = decoded(pair["access"]), decoded(pair["refresh"])
        for claim in PAIR_CLAIMS:
            bad_access = signed({k: v for k, v in access.items() if k != claim})
            bad_refresh = signed({k: v for k, v in refresh.items() if k != claim})
            for method, path in AUTHENTICATED:
                self.send(f"no {claim}", method, path, HTTP_AUTHORIZATION=f"JWT {bad_access}")
            self.send(f"no {claim}", "POST", "/api/token/refresh/", hostile_json({"refresh": bad_refresh}))
            self.send(f"no {claim}", "POST", "/api/token/blacklist/", hostile_json({"refresh": bad_refresh}))
            self.send(f"no {claim}", "POST", "/api/token/verify/", hostile_json({"token": bad_refresh}))
        self.assertNoServerErrors()

    def test_bodies(self):
        access = self.login()["access"]
        auth = {"HTTP_AUTHORIZATION": f"JWT {access}"}
        for name, body in BAD_BODIES.items():
            for path in STRING_FIELDS:
                self.send(name, "POST", path, body)
            self.send(name, "POST", "/api/orders/", body, **auth)
            self.send(name, "PATCH", "/api/orders/1/", body, **auth)
            self.send(name, "PUT", "/api/orders/1/", body, **auth)
            self.send(name, "POST", "/api/me/password/", body, **auth)
        self.assertNoServerErrors()

    def test_strings_with_nul_and_surrogates(self):
        access = self.login()["access"]
        auth = {"HTTP_AUTHORIZATION": f"JWT {access}"}
        for name in (
            "NUL string",
            "lone surrogate",
            "huge string",
            "list",
            "dict",
            "null",
            "float",
            "10**400",
        ):
            value = HOSTILE_VALUES[name]
            for path, fields in STRING_FIELDS.items():
                for field in fields:
                    body = {"username": "demo", "password": "demo123", field: value}
                    self.send(f"{field}={name}", "POST", path, hostile_json(body))
            order = {"item": "Widget", "quantity": 1, "price": "1.00", "status": "pending", "note": ""}
            for field in ("item", "quantity", "price", "status", "note"):
                self.send(
                    f"{field}={name}", "POST", "/api/orders/", hostile_json({**order, field: value}), **auth
                )
                self.send(f"{field}={name}", "PATCH", "/api/orders/1/", hostile_json({field: value}), **auth)
            for field in ("old_password", "new_password"):
                body = {"old_password": "demo123", "new_password": "a-long-new-one-42", field: value}
                self.send(f"{field}={name}", "POST", "/api/me/password/", hostile_json(body), **auth)
        # WSGI gives headers as latin-1 text (no surrogate can arrive in one); the test client passes any str.
        for value in ("a\x00b", "\xff\xfe", "\ud800"):
            self.send(f"Accept-Language {value!r}", "GET", "/api/me/", HTTP_ACCEPT_LANGUAGE=value, **auth)
        for value in ("a\x00b", "\xff\xfe"):
            self.send(f"Authorization {value!r}", "GET", "/api/me/", HTTP_AUTHORIZATION=f"JWT {value}")
            self.send(f"Authorization scheme {value!r}", "GET", "/api/me/", HTTP_AUTHORIZATION=f"{value} x")
        for value in ("a\x00b", "\xff\xfe", "\ud800"):
            self.send(
                f"User-Agent {value!r}",
                "POST",
                "/api/token/",
                hostile_json({"username": "demo", "password": "demo123"}),
                HTTP_USER_AGENT=value,
            )
        for segment in ("%00", "a%00b", "%ED%A0%80", "%FF", "1%00"):
            self.send(f"path {segment}", "GET", f"/api/orders/{segment}/", **auth)
            self.send(f"path {segment}", "DELETE", f"/api/me/sessions/{segment}/", **auth)
            self.send(f"query {segment}", "GET", f"/api/orders/?page={segment}", **auth)
            self.send(f"query {segment}", "GET", f"/api/orders/?page_size={segment}", **auth)
        self.assertNoServerErrors()
        self.assertEqual(
            list(get_user_model().objects.order_by("pk").values_list("username", flat=True)),
            ["demo", "admin"],
        )

    def test_numbers_past_64_bits(self):
        access = self.login()["access"]
        auth = {"HTTP_AUTHORIZATION": f"JWT {access}"}
        for number in (2**63, 2**64, 10**30, 10**400, -(2**63) - 1):
            for method in ("GET", "PATCH", "PUT", "DELETE"):
                self.send(
                    str(number)[:20],
                    method,
                    f"/api/orders/{number}/",
                    None if method == "GET" else b"{}",
                    **auth,
                )
            self.send(str(number)[:20], "DELETE", f"/api/me/sessions/{number}/", **auth)
            self.send(str(number)[:20], "GET", f"/api/orders/?page={number}", **auth)
            self.send(str(number)[:20], "GET", f"/api/orders/?page_size={number}", **auth)
            self.send(str(number)[:20], "GET", f"/api/orders/?page={number}&page_size={number}", **auth)
        self.assertNoServerErrors()

    def test_oversized_bodies(self):
        access = self.login()["access"]
        auth = {"HTTP_AUTHORIZATION": f"JWT {access}"}
        big = hostile_json({"username": "demo", "password": "x" * (3 * 1024 * 1024)})
        for path in STRING_FIELDS:
            self.send("3 MB", "POST", path, big)
        self.send("3 MB", "POST", "/api/orders/", big, **auth)
        self.send("3 MB", "POST", "/api/me/password/", big, **auth)
        self.send(
            "3 MB form",
            "POST",
            "/api/token/",
            b"username=" + b"x" * (3 * 1024 * 1024),
            content_type="application/x-www-form-urlencoded",
        )
        self.send(
            "many fields",
            "POST",
            "/api/token/",
            "&".join(f"f{i}=1" for i in range(2000)),
            content_type="application/x-www-form-urlencoded",
        )
        self.send("huge token", "GET", "/api/me/", HTTP_AUTHORIZATION="JWT " + "a" * 100000)
        self.assertNoServerErrors()


@override_settings(ROOT_URLCONF="backend.urls_sliding")
class SlidingProbe(HostileProbe, APITestCase):
    @classmethod
    def setUpTestData(cls):
        seed_demo_data()

    def setUp(self):
        super().setUp()
        use_sliding_dialect(self)

    def test_claims_of_the_wrong_type_or_size(self):
        response = self.client.post("/api/token/", {"username": "demo", "password": "demo123"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        token = decoded(response.json()["token"])
        for claim in SLIDING_CLAIMS:
            for name, value in HOSTILE_VALUES.items():
                bad = signed({**token, claim: value})
                for method, path in AUTHENTICATED:
                    self.send(f"{claim}={name}", method, path, HTTP_AUTHORIZATION=f"JWT {bad}")
                self.send(f"{claim}={name}", "POST", "/api/token/refresh/", hostile_json({"token": bad}))
                self.send(f"{claim}={name}", "POST", "/api/token/verify/", hostile_json({"token": bad}))
            bad = signed({k: v for k, v in token.items() if k != claim})
            self.send(f"no {claim}", "GET", "/api/me/", HTTP_AUTHORIZATION=f"JWT {bad}")
            self.send(f"no {claim}", "POST", "/api/token/refresh/", hostile_json({"token": bad}))
        self.assertNoServerErrors()

    def test_bodies(self):
        for name, body in BAD_BODIES.items():
            for path in ("/api/token/", "/api/token/refresh/", "/api/token/verify/"):
                self.send(name, "POST", path, body)
        for value in ("a\x00b", "\ud800"):
            for path, field in (
                ("/api/token/", "username"),
                ("/api/token/refresh/", "token"),
                ("/api/token/verify/", "token"),
            ):
                self.send(
                    field,
                    "POST",
                    path,
                    hostile_json({"username": "demo", "password": "demo123", field: value}),
                )
        self.assertNoServerErrors()

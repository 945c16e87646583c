"""schemathesis' hooks for tests/fuzz/run.mjs (SCHEMATHESIS_HOOKS): the fuzzed server's authenticated endpoints get
a valid access token of demo's, logged in through the dialect's own obtain endpoint (FUZZ_LOGIN_PATH).

The fuzzer also calls what revokes that token: POST /api/me/logout-all/ (every session of demo ends) and, if it ever
guessed demo's password, POST /api/me/password/. Nothing is excluded for it: schemathesis' caching provider logs in
again when an authenticated call answers 401 (its retry_on) and the call is sent again with the new token, and the
token is renewed every minute anyway (ACCESS_SECONDS is 300 on the fuzz server)."""

import os

import requests
import schemathesis

BASE_URL = os.environ["FUZZ_BASE_URL"]
LOGIN_PATH = os.environ["FUZZ_LOGIN_PATH"]
TOKEN_KEY = os.environ["FUZZ_TOKEN_KEY"]  # "access" (pair), "token" (sliding, drf-jwt)
CREDENTIALS = {"username": "demo", "password": "demo123"}


@schemathesis.auth(refresh_interval=60).apply_to(path_regex=r"^/api/(me|orders)/")
class DemoToken:
    def get(self, case, context):
        response = requests.post(f"{BASE_URL}{LOGIN_PATH}", json=CREDENTIALS, timeout=30)
        response.raise_for_status()
        return response.json()[TOKEN_KEY]

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"JWT {data}"}

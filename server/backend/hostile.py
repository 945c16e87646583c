"""Hostile requests for the probe tests (backend/test_hostile_input.py, backend/drf_jwt_tests.py): correctly signed
tokens whose claims have the wrong type or size, broken bodies, NUL bytes and lone surrogates, numbers past 64 bits.
Every one must get a 4xx in JSON; `HostileProbe.send` sends one and records an answer that is not, with the exception
behind a 500 (assertNoServerErrors lists them)."""

import json
import sys
import traceback

from django.conf import settings
from django.core.signals import got_request_exception

# Values of the wrong type or size for any claim. JSON has no NaN or Infinity, but Python's json (PyJWT's) reads them.
HOSTILE_VALUES = {
    "string": "abc",
    "numeric string": "1",
    "empty string": "",
    "float": 1.5,
    "bool": True,
    "null": None,
    "list": [1],
    "dict": {"a": 1},
    "huge string": "9" * 5000,
    "2**64": 2**64,
    "10**400": 10**400,
    "negative": -1,
    "huge float": 1e308,
    "NaN": float("nan"),
    "Infinity": float("inf"),
    "-Infinity": float("-inf"),
    "NUL string": "a\x00b",
    "lone surrogate": "\ud800",
}

# Bodies that are no JSON object, or no JSON at all.
BAD_BODIES = {
    "broken JSON": b'{"username": ',
    "deep JSON": b"[" * 5000 + b"]" * 5000,
    "deep object": b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "a list": b"[]",
    "a string": b'"x"',
    "a number": b"1",
    "null": b"null",
    "NaN": b"NaN",
    "huge number": b"1" + b"0" * 5000,
    "invalid UTF-8": b'{"username": "\xff"}',
    "lone surrogate key": b'{"\\ud800": 1}',
}


def hostile_json(value) -> bytes:
    """JSON as Python's json writes it (NaN and Infinity included), surrogates escaped."""
    return json.dumps(value).encode()


def signed(payload: dict, key: str | None = None, algorithm: str = "HS256") -> str:
    """A JWT of this payload signed with the server's key (PyJWT of either environment)."""
    import base64
    import hashlib
    import hmac

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": algorithm, "typ": "JWT"}).encode())
    body = b64(hostile_json(payload))
    key = key or settings.SECRET_KEY
    signature = hmac.new(key.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{b64(signature)}"


def decoded(token: str) -> dict:
    import base64

    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


class HostileProbe:
    """Mixin of an APITestCase: sends a request and records every answer that is no 4xx in JSON."""

    def setUp(self):
        super().setUp()
        self.client.raise_request_exception = False
        self.failures = []
        self.exceptions = []
        got_request_exception.connect(self._record_exception)
        self.addCleanup(got_request_exception.disconnect, self._record_exception)

    def _record_exception(self, sender, request=None, **kwargs):
        error = sys.exc_info()[1]
        frame = traceback.extract_tb(error.__traceback__)[-1]
        self.exceptions.append(
            f"{type(error).__name__}({str(error)[:60]}) at {frame.filename.split('site-packages/')[-1]}:{frame.lineno}"
        )

    def send(self, label, method, path, body=None, content_type="application/json", **headers):
        kwargs = {"content_type": content_type, **headers}
        if body is not None:
            kwargs["data"] = body
        self.exceptions = []
        response = getattr(self.client, method.lower())(path, **kwargs)
        json_answer = response.get("Content-Type", "").startswith("application/json")
        if response.status_code >= 500 or (response.status_code >= 400 and not json_answer):
            cause = self.exceptions[0] if self.exceptions else response.content[:120]
            self.failures.append(f"{response.status_code} {method} {path[:40]} {label}: {cause}")
        return response

    def assertNoServerErrors(self):
        self.assertEqual(self.failures, [], "\n" + "\n".join(self.failures))

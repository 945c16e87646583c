"""The login lockout: guessing a password costs a cool-off that grows, counted where every app server sees it.

Two keys count an attempt at a password, both in the database (simplejwt_sessions.models.LoginLockout):
- pair = (client address, username.lower()): LOGIN_FAILURE_LIMIT failures in a row lock the pair;
- address = (client address): LOGIN_ADDRESS_FAILURE_LIMIT failures over any usernames lock the address (credential
  stuffing).
A locked key answers 429 at once, to the right password too (the lockout is no oracle), and counts nothing. Each
repeated lockout of a key doubles its cool-off, up to LOGIN_COOLOFF_MAX_SECONDS; a key with no failure and no
lockout for LOGIN_FORGET_SECONDS starts afresh. A success resets the pair only: an attacker's own account must not
launder its address's count, and nothing unlocks a guesser's keys from elsewhere (another address's success, a
password change). The owner at another address has keys of their own, so a guesser can't lock them out.

An attempt is counted as a failure BEFORE the password is checked, in one transaction that locks both rows (in a
fixed order), and undone when the password was right. So the lock holds under any parallelism, across processes:
a burst of guesses, spread over any number of gunicorns, gets no more tries than the same guesses one by one.
Seen one at a time, this is exactly "count the failures"; the mock (packages/mock/src/lockout.ts) does that.

Why not django-axes (8.x, the first candidate): it needs Django 4.2+ and the drf-jwt server runs Django 3.2; its one
failure limit applies to every lockout parameter set (we want 10 per account and address, 30 per address); its
cool-off doesn't grow with repeated lockouts; its counts are read before and written after the password check, so
parallel guesses all pass; and a DRF answer in the contract's shape needs a custom lockout response anyway.
"""

import hashlib
import logging
import math
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import models, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException

from simplejwt_sessions.client_address import client_address
from simplejwt_sessions.models import LoginLockout
from simplejwt_sessions.settings import sessions_settings

security_log = logging.getLogger("simplejwt_sessions.security")


class TooManyAttempts(APIException):
    """429 {"detail", "code": "too_many_attempts", "retry_after"} with Retry-After (DRF's handler reads `wait`)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "too_many_attempts"

    def __init__(self, retry_after: int):
        super().__init__(_("Too many failed attempts. Try again later."))
        self.wait = retry_after
        # DRF's handler answers a dict detail as it is: the message (in the request's language) and the numbers.
        self.detail = {"detail": self.detail, "code": self.default_code, "retry_after": retry_after}


def _hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _keys(address: str, username: str) -> tuple[str, str]:
    """The attempt's pair key and address key."""
    return _hash("pair", address, username.lower()), _hash("address", address)


def _cooloff(lockouts: int) -> timedelta:
    seconds = sessions_settings().LOGIN_COOLOFF.total_seconds() * 2 ** min(lockouts - 1, 32)
    return timedelta(seconds=min(seconds, sessions_settings().LOGIN_COOLOFF_MAX.total_seconds()))


def _is_stale(row: LoginLockout, now) -> bool:
    forget = sessions_settings().LOGIN_FORGET
    return all(moment is None or now - moment > forget for moment in (row.last_failure_at, row.locked_until))


@dataclass
class Attempt:
    """An attempt already counted as a failure; `succeeded()` takes the count back when the password was right."""

    pair_key: str
    address_key: str
    at: object  # the attempt's time
    address_before: tuple | None  # the address row's counts before this attempt, to restore them on success
    locked_address: bool  # this attempt's failure locked the address

    def succeeded(self) -> None:
        LoginLockout.objects.filter(key=self.pair_key).delete()
        address = LoginLockout.objects.filter(key=self.address_key)
        if self.locked_address:
            # No failure was counted on the address since this attempt locked it: a locked key counts nothing.
            failures, lockouts, last_failure_at, locked_until = self.address_before
            address.update(
                failures=failures,
                lockouts=lockouts,
                last_failure_at=last_failure_at,
                locked_until=locked_until,
            )
        else:  # one conditional UPDATE: the failure taken back, its time too unless another failure came meanwhile
            address.update(
                failures=Greatest(F("failures") - 1, 0),
                last_failure_at=Case(
                    When(
                        last_failure_at=self.at,
                        then=Value(self.address_before[2], output_field=models.DateTimeField()),
                    ),
                    default=F("last_failure_at"),
                ),
            )


def _locked_rows(limits: dict) -> dict:
    """The keys' rows, created if missing, locked until the transaction ends (SELECT … FOR UPDATE, in key order, so
    two attempts never wait for each other's rows): two or three queries."""
    query = LoginLockout.objects.select_for_update().filter(key__in=list(limits)).order_by("key")
    rows = {row.key: row for row in query}
    # A missing row is created (another attempt may create it first: ignored) and read again, locked. Again if a
    # parallel success deleted its pair row in between (PostgreSQL: the insert was ignored for a row then gone).
    for _try in range(5):
        if len(rows) == len(limits):
            return rows
        LoginLockout.objects.bulk_create(
            [LoginLockout(key=key) for key in limits if key not in rows], ignore_conflicts=True
        )
        rows = {row.key: row for row in query.all()}
    raise RuntimeError("the login lockout's rows kept vanishing")


def attempt(address: str, username: str) -> Attempt:
    """Counts an attempt at `username`'s password from `address` as a failure, or raises TooManyAttempts (counting
    nothing) if the pair or the address is locked."""
    now = timezone.now()
    pair_key, address_key = _keys(address, username)
    limits = {
        pair_key: sessions_settings().LOGIN_FAILURE_LIMIT,
        address_key: sessions_settings().LOGIN_ADDRESS_FAILURE_LIMIT,
    }
    with transaction.atomic():
        rows = _locked_rows(limits)
        locked_until = max((row.locked_until for row in rows.values() if row.locked_until), default=None)
        if locked_until is not None and locked_until > now:
            raise TooManyAttempts(max(1, math.ceil((locked_until - now).total_seconds())))
        address_row = rows[address_key]
        before = (
            address_row.failures,
            address_row.lockouts,
            address_row.last_failure_at,
            address_row.locked_until,
        )
        locked = {}
        for key, limit in limits.items():
            row = rows[key]
            if _is_stale(row, now):
                row.failures, row.lockouts = 0, 0
            row.failures += 1
            row.last_failure_at = now
            locked[key] = bool(limit) and row.failures >= limit
            if locked[key]:
                row.lockouts += 1
                row.locked_until = now + _cooloff(row.lockouts)
                row.failures = 0
        LoginLockout.objects.bulk_update(
            rows.values(), ["failures", "lockouts", "last_failure_at", "locked_until"]
        )
    attempt = Attempt(pair_key, address_key, now, before, locked[address_key])
    for key, what in ((pair_key, "account at address"), (address_key, "address")):
        if locked[key]:
            security_log.warning(
                "login lockout: %s locked for %d s (lockout %d): address %s, username %r",
                what,
                (rows[key].locked_until - now).total_seconds(),
                rows[key].lockouts,
                address,
                username[:150],
            )
    return attempt


_request: ContextVar = ContextVar("simplejwt_sessions.lockout.request", default=None)


@contextmanager
def request_of_login(request):
    """For code that calls authenticate() without the request (djangorestframework-jwt's serializer): the backend
    counts the attempt at this request's address."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def backend_counts() -> bool:
    """Whether LockoutModelBackend (or a subclass) is in AUTHENTICATION_BACKENDS: it counts every login then."""
    return any(isinstance(backend, LockoutModelBackend) for backend in auth.get_backends())


@contextmanager
def counted_login(request, username):
    """A login by the app's token serializer: counted here, unless the lockout's backend counts it already (so the
    lockout works with the quick start's three lines, and with Django's ModelBackend or another one)."""
    if request is None or not isinstance(username, str) or backend_counts():
        yield
        return
    counted = attempt(client_address(request), username)
    yield counted  # the body raises when the password was wrong: the failure stays counted
    counted.succeeded()


class LockoutModelBackend(ModelBackend):
    """Django's ModelBackend, behind the lockout: every password check that comes with a request (simplejwt's token
    serializers, djangorestframework-jwt's through request_of_login) is an attempt of that request's address. Unknown
    usernames cost what wrong passwords cost: ModelBackend hashes the password for them too, and the lockout's
    queries don't depend on the account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        request = request if request is not None else _request.get()
        if request is None or not isinstance(username, str) or password is None:
            return super().authenticate(request, username=username, password=password, **kwargs)
        counted = attempt(client_address(request), username)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            counted.succeeded()
        return user

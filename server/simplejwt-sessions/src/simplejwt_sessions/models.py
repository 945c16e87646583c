import secrets

from django.conf import settings
from django.db import models


class TokenVersionQuerySet(models.QuerySet):
    def current(self, user_id) -> int:
        """The user's current token version: 0 until their first password change or "log out everywhere"."""
        try:
            return self.filter(user_id=user_id).values_list("version", flat=True).first() or 0
        except (TypeError, ValueError):  # a user_id claim that is no primary key names no one
            return 0


class TokenVersion(models.Model):
    """The version every token of the user must carry; tokens of an older one are refused (see simplejwt_sessions/tokens.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="token_version"
    )
    version = models.PositiveIntegerField(default=0)

    objects = TokenVersionQuerySet.as_manager()

    def __str__(self):
        return f"{self.user} v{self.version}"


# The claim that names a token's session, in every token of it.
SESSION_CLAIM = "sid"


def new_session_id() -> str:
    """An opaque id that names a session in every token of it (claim "sid") and in /api/me/sessions/{id}/."""
    return secrets.token_urlsafe(16)


class SessionQuerySet(models.QuerySet):
    def live(self, now):
        """Sessions that neither ended nor passed their absolute end."""
        return self.filter(ended_at__isnull=True, expires_at__gt=now)


class Session(models.Model):
    """One login: the family of rotating refresh tokens it issued, of which exactly one is current.

    The whole state of the family is this row, so one conditional UPDATE decides which of any number of parallel
    refreshes consumes the current token (simplejwt_sessions/services.py, session_refresh). The token just spent and when
    (spent_jti, spent_at) is all the grace window needs: within it, that token gets the current one again.
    """

    class EndReason(models.TextChoices):
        LOGOUT = "logout"  # the device logged out (POST /api/token/blacklist/)
        SIGNED_OUT = "signed_out"  # another device signed it out (DELETE /api/me/sessions/{id}/)
        EVERYWHERE = "everywhere"  # "log out everywhere"
        PASSWORD = "password"  # the password changed
        REUSE = "reuse"  # a spent refresh token came back: someone holds a copy

    id = models.CharField(primary_key=True, max_length=32, default=new_session_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jwt_sessions")
    # The device's User-Agent, from which the label ("Chrome on Linux") is made in the reader's language.
    user_agent = models.CharField(max_length=512, blank=True, default="")
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField()
    # The absolute end (SESSION_MAX_SECONDS after login): no token of the session outlives it, no rotation extends it.
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=EndReason.choices, blank=True, default="")
    # The current refresh token (its text is given again within the grace window) and the one spent before it.
    refresh_jti = models.CharField(max_length=255)
    refresh_token = models.TextField()
    spent_jti = models.CharField(max_length=255, blank=True, default="")
    spent_at = models.DateTimeField(null=True, blank=True)
    # A session adopted from a refresh token of stock simplejwt (LEGACY_REFRESH_TOKENS="adopt"): that token's jti.
    legacy_jti = models.CharField(max_length=255, blank=True, default="")
    # The login asked to be remembered (REFRESH_TOKEN_TRANSPORT="cookie"): every refresh cookie of the session is
    # then persistent (Max-Age), else a session cookie the browser forgets when it closes.
    remember = models.BooleanField(default=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"], name="session_user_created")]

    def __str__(self):
        return f"{self.user} {self.pk}"

    def is_live(self, now) -> bool:
        return self.ended_at is None and self.expires_at > now


class LoginLockout(models.Model):
    """One key of the login lockout (simplejwt_sessions/lockout.py): a hash of (address, username) or of an address, with its
    failed logins since the last lockout, how many lockouts it has had (each doubles the cool-off) and until when it is
    locked. One row per key that failed lately; every app server sees the same counts."""

    key = models.CharField(primary_key=True, max_length=64)
    failures = models.PositiveIntegerField(default=0)
    lockouts = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.key[:12]}… {self.failures} failures, {self.lockouts} lockouts"

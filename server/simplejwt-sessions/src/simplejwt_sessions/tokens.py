"""simplejwt's refresh token for the project's sessions.

Every token carries its user's token version ("token_version": a password change or "log out everywhere" raises it)
and its session ("sid", simplejwt_sessions.models.Session): the session decides whether a refresh token is current, just
spent (the grace window) or replayed (reuse), and whether any token of it is still good. A refresh token without
"sid" (issued before sessions existed) keeps simplejwt's own blacklist, made single-use, and the version check.
"""

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt import settings as simplejwt_settings
from rest_framework_simplejwt import tokens as simplejwt_tokens
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, Token
from rest_framework_simplejwt.utils import datetime_from_epoch, datetime_to_epoch

from simplejwt_sessions.claims import ValidatedClaims
from simplejwt_sessions.models import SESSION_CLAIM, TokenVersion
from simplejwt_sessions.settings import sessions_settings

TOKEN_VERSION_CLAIM = "token_version"
__all__ = ["SESSION_CLAIM", "SessionRefreshToken"]


def jwt_settings():
    """simplejwt's settings as they are now (override_settings replaces the object its modules imported)."""
    return simplejwt_settings.api_settings


def legacy_mode() -> str:
    """LEGACY_REFRESH_TOKENS, as it works: adoption needs rotation (a session's token is spent by each refresh)."""
    mode = sessions_settings().LEGACY_REFRESH_TOKENS
    return "simplejwt" if mode == "adopt" and not jwt_settings().ROTATE_REFRESH_TOKENS else mode


def blacklisted() -> TokenError:
    """simplejwt's refusal of a revoked refresh token (its own message and translation)."""
    return TokenError(_("Token is blacklisted"))


def version_of(user) -> int:
    """The user's token version, from a user fetched with select_related("token_version") (no query then)."""
    record = getattr(
        user, "token_version", None
    )  # no row until the first password change or "log out everywhere"
    return record.version if record else 0


def holds_version(token: Token, version: int) -> bool:
    """Whether the token carries this version (a token issued before versions existed carries 0)."""
    return token.get(TOKEN_VERSION_CLAIM, 0) == version


def cap_exp(token: Token, end: datetime) -> None:
    """No token of a session outlives the session's absolute end."""
    token["exp"] = min(token["exp"], datetime_to_epoch(end))


# simplejwt's token classes with their claims validated first (simplejwt_sessions/claims.py): a claim of the wrong type or size
# is "Token is invalid", never a 500. They keep simplejwt's names, which authentication's 401 body shows.
class AccessToken(ValidatedClaims, simplejwt_tokens.AccessToken):
    """simplejwt's AccessToken (SIMPLE_JWT["AUTH_TOKEN_CLASSES"] of the pair dialect), claims validated."""


class SlidingToken(ValidatedClaims, simplejwt_tokens.SlidingToken):
    """simplejwt's SlidingToken (the sliding dialect's authentication and refresh), claims validated."""


class UntypedToken(ValidatedClaims, simplejwt_tokens.UntypedToken):
    """simplejwt's UntypedToken (verify), claims validated."""


class SessionRefreshToken(ValidatedClaims, RefreshToken):
    access_token_class = AccessToken

    @classmethod
    def for_session(cls, session, version: int) -> "SessionRefreshToken":
        """The first refresh token of a session, recorded as outstanding (simplejwt's OutstandingToken)."""
        token = cls()
        token[jwt_settings().USER_ID_CLAIM] = str(
            getattr(session.user, jwt_settings().USER_ID_FIELD)
        )  # as for_user does
        token[TOKEN_VERSION_CLAIM] = version
        token[SESSION_CLAIM] = session.pk
        cap_exp(token, session.expires_at)
        token.record(session.user)
        return token

    def record(self, user) -> None:
        """simplejwt's record of an issued refresh token (what its outstand() writes, without looking the user up
        again or checking for a record that a new jti can't have)."""
        OutstandingToken.objects.create(
            user=user,
            jti=self[jwt_settings().JTI_CLAIM],
            token=str(self),
            created_at=self.current_time,
            expires_at=datetime_from_epoch(self["exp"]),
        )

    def successor(self, session) -> "SessionRefreshToken":
        """The token a rotation gives for this one, as simplejwt rotates (same claims; new jti, exp and iat), but never
        past the session's end. Not recorded yet: only the refresh that consumes this token records it."""
        token = type(self)()
        token.payload = {**self.payload}
        token.set_jti()
        token.set_exp(from_time=token.current_time)
        token.set_iat(at_time=token.current_time)
        cap_exp(token, session.expires_at)
        return token

    def access_token_until(self, end: datetime):
        """simplejwt's access token for this refresh token (its claims, sid included), ending with the session."""
        access = self.access_token
        cap_exp(access, end)
        return access

    def check_blacklist(self):
        # A session's token is judged by its session (simplejwt_sessions/services.py), which keeps the blacklist in step.
        if SESSION_CLAIM in self.payload:
            return
        if (
            legacy_mode() != "adopt"
        ):  # an adopted token's blacklist entry is its session's spent token (services.py)
            super().check_blacklist()
        if not holds_version(self, TokenVersion.objects.current(self.get(jwt_settings().USER_ID_CLAIM))):
            raise blacklisted()

    def blacklist(self):
        """simplejwt's blacklist, where the second to blacklist a token loses: without it, two refreshes racing with
        one token (simplejwt checks the blacklist, then writes it) could both win."""
        record, created = super().blacklist()
        if not created:
            raise blacklisted()
        return record, created


class TokenVersionClaim(Token):
    """Adds the user's current version after user_id, as simplejwt adds its own claims in for_user."""

    @classmethod
    def for_user(cls, user):
        token = super().for_user(user)
        token[TOKEN_VERSION_CLAIM] = TokenVersion.objects.current(user.pk)
        return token

"""simplejwt's tokens with a per-user version claim: bumping the user's version revokes every token issued before."""

from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken, Token

from accounts.models import TokenVersion

TOKEN_VERSION_CLAIM = "token_version"


def holds_current_version(token, user_id=None) -> bool:
    """Whether the token carries its user's current version (a token issued before versions existed carries 0)."""
    if user_id is None:
        user_id = token.get(api_settings.USER_ID_CLAIM)
    return token.get(TOKEN_VERSION_CLAIM, 0) == TokenVersion.objects.current(user_id)


def holds_version_of(token, user) -> bool:
    """holds_current_version for a user loaded with select_related("token_version"): no query of its own."""
    try:
        current = user.token_version.version
    except TokenVersion.DoesNotExist:  # no row yet: the user never changed anything
        current = 0
    return token.get(TOKEN_VERSION_CLAIM, 0) == current


class TokenVersionClaim(Token):
    """Adds the user's current version right after user_id, as simplejwt 5.3 adds its password-hash claim."""

    @classmethod
    def for_user(cls, user):
        token = super().for_user(user)
        token[TOKEN_VERSION_CLAIM] = TokenVersion.objects.current(user.pk)
        return token


# TokenVersionClaim comes after RefreshToken in the MRO, so BlacklistMixin.for_user records the outstanding token
# with the claim already in it. The access token copies the claim, and so does a rotated refresh token.
class VersionedRefreshToken(RefreshToken, TokenVersionClaim):
    """A refresh token of an older version is refused exactly like a blacklisted one."""

    def check_blacklist(self):
        super().check_blacklist()
        if not holds_current_version(self):
            raise TokenError(_("Token is blacklisted"))  # simplejwt's own message and translation


class SingleUseRefreshToken(VersionedRefreshToken):
    """A refresh token that one rotation only can consume.

    simplejwt checks the blacklist when it reads the token and blacklists it after issuing new tokens, so two
    refreshes racing with one token could both win. Here the second to blacklist it loses, exactly like a
    refresh that arrives after the first (the contract: parallel refreshes log the loser out).
    """

    def blacklist(self):
        blacklisted, created = super().blacklist()
        if not created:
            raise TokenError(_("Token is blacklisted"))  # simplejwt's own message and translation
        return blacklisted, created

"""The demo's sliding dialect (DIALECT=sliding): simplejwt's sliding tokens, claims validated and carrying the user's
token version, so a password change or "log out everywhere" revokes them too. simplejwt_sessions leaves sliding tokens
to the project: they have no refresh-token family, so none of its session machinery applies; what they use of it is
its public API (the validated SlidingToken, TokenVersionClaim, and SessionJWTAuthentication's version check)."""

from rest_framework_simplejwt.serializers import TokenObtainSlidingSerializer, TokenRefreshSlidingSerializer
from simplejwt_sessions.tokens import SlidingToken, TokenVersionClaim


# TokenVersionClaim comes after SlidingToken in the MRO, so BlacklistMixin.for_user records the outstanding token with
# the claim in it. Without the claim a sliding token would count as version 0, refused for good once the user's
# version rose (a password change or "log out everywhere" would lock sliding logins out).
class VersionedSlidingToken(SlidingToken, TokenVersionClaim):
    """A sliding token (DIALECT=sliding) carrying its user's token version, so revocation covers sliding logins too."""


class VersionedTokenObtainSlidingSerializer(TokenObtainSlidingSerializer):
    """simplejwt's sliding login (DIALECT=sliding); the token carries the user's token version."""

    token_class = VersionedSlidingToken


class ValidatedTokenRefreshSlidingSerializer(TokenRefreshSlidingSerializer):
    """simplejwt's sliding refresh (DIALECT=sliding), the token's claims validated first (refresh_exp included)."""

    token_class = SlidingToken

"""simplejwt's token serializers with the project's revocation (SIMPLE_JWT["TOKEN_*_SERIALIZER"])."""

from rest_framework import serializers
from rest_framework_simplejwt import settings as simplejwt_settings
from rest_framework_simplejwt.serializers import (
    TokenBlacklistSerializer,
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
    TokenVerifySerializer,
)
from rest_framework_simplejwt.tokens import UntypedToken

from accounts.tokens import SingleUseRefreshToken, VersionedRefreshToken, holds_current_version


class VersionedTokenObtainPairSerializer(TokenObtainPairSerializer):
    """simplejwt's login; the pair carries the user's token version."""

    token_class = VersionedRefreshToken


class SingleUseTokenRefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh, except that with rotation on a refresh token is consumed once even under a race, and
    a refresh token of an old version is refused."""

    token_class = SingleUseRefreshToken


class VersionedTokenBlacklistSerializer(TokenBlacklistSerializer):
    """simplejwt's blacklist (logout); a refresh token of an old version is already refused as blacklisted."""

    token_class = VersionedRefreshToken


class VersionedTokenVerifySerializer(TokenVerifySerializer):
    """simplejwt's verify. Where it looks at the blacklist (BLACKLIST_AFTER_ROTATION on), a refresh token of an old
    version is blacklisted too, as refresh and logout say."""

    def validate(self, attrs):
        data = super().validate(attrs)
        jwt_settings = simplejwt_settings.api_settings  # read now: override_settings replaces it
        if jwt_settings.BLACKLIST_AFTER_ROTATION:
            token = UntypedToken(attrs["token"])
            if token.get(jwt_settings.TOKEN_TYPE_CLAIM) == "refresh" and not holds_current_version(token):
                raise serializers.ValidationError("Token is blacklisted")  # simplejwt's text, untranslated
        return data

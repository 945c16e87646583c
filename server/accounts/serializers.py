from django.contrib.auth import get_user_model
from rest_framework import serializers
from rest_framework_simplejwt import settings as simplejwt_settings
from rest_framework_simplejwt.serializers import (
    PasswordField,
    TokenBlacklistSerializer,
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
    TokenVerifySerializer,
)
from rest_framework_simplejwt.tokens import UntypedToken

from accounts.tokens import SingleUseRefreshToken, VersionedRefreshToken, holds_current_version


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username"]
        read_only_fields = fields


class VersionedTokenObtainPairSerializer(TokenObtainPairSerializer):
    """simplejwt's login; the pair carries the user's token version."""

    token_class = VersionedRefreshToken


class SingleUseTokenRefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh, except that with rotation on a refresh token is consumed once even under a race,
    a refresh token of an old version is refused, and the rotated token is recorded as outstanding."""

    token_class = SingleUseRefreshToken

    def validate(self, attrs):
        data = super().validate(attrs)
        if "refresh" in data:
            self.token_class(data["refresh"], verify=False).outstand()
        return data


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


class PasswordChangeSerializer(serializers.Serializer):
    """The request's shape; Django's own checks of the passwords run in accounts.services.password_change."""

    old_password = PasswordField()
    new_password = PasswordField()

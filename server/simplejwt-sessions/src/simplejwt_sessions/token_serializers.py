"""simplejwt's token serializers on the project's sessions (SIMPLE_JWT["TOKEN_*_SERIALIZER"])."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import update_last_login
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework_simplejwt.exceptions import AuthenticationFailed, TokenError
from rest_framework_simplejwt.serializers import (
    TokenBlacklistSerializer,
    TokenObtainPairSerializer,
    TokenObtainSerializer,
    TokenRefreshSerializer,
    TokenVerifySerializer,
)
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from simplejwt_sessions import lockout, services
from simplejwt_sessions.settings import cookie_mode
from simplejwt_sessions.tokens import (
    SESSION_CLAIM,
    SessionRefreshToken,
    UntypedToken,
    blacklisted,
    jwt_settings,
    legacy_mode,
)


class SessionTokenObtainPairSerializer(TokenObtainPairSerializer):
    """simplejwt's login (its checks of the credentials), starting a session for the device that asked."""

    token_class = SessionRefreshToken

    def get_fields(self):
        fields = super().get_fields()
        if (
            cookie_mode()
        ):  # "remember me": a persistent refresh cookie, else one the browser forgets when it closes
            fields["remember"] = serializers.BooleanField(default=False)
        return fields

    def validate(self, attrs):
        request = self.context.get("request")
        with lockout.counted_login(request, attrs.get(self.username_field)):
            TokenObtainSerializer.validate(self, attrs)  # authenticates: self.user, or simplejwt's 401
        remembered = {"remember": attrs["remember"]} if "remember" in attrs else {}
        pair = services.session_start(
            self.user, request.META.get("HTTP_USER_AGENT", "") if request else "", **remembered
        )
        if jwt_settings().UPDATE_LAST_LOGIN:
            update_last_login(None, self.user)
        return pair


class SessionTokenRefreshSerializer(TokenRefreshSerializer):
    """A session's refresh token is judged by its session (rotation, grace window, reuse, absolute end); one
    without "sid" gets simplejwt's refresh, made single-use under a race, refused for an old version."""

    token_class = SessionRefreshToken

    def validate(self, attrs):
        refresh = self.token_class(attrs["refresh"])
        if SESSION_CLAIM in refresh:
            return services.session_refresh(refresh)
        if legacy_mode() == "refuse":
            raise blacklisted()
        if legacy_mode() == "adopt":
            request = self.context.get("request")
            return services.session_adopt(refresh, request.META.get("HTTP_USER_AGENT", "") if request else "")
        try:
            return super().validate(attrs)
        except get_user_model().DoesNotExist as error:  # simplejwt 5.5 looks the user up unguarded (its 500)
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            ) from error


class SessionTokenBlacklistSerializer(TokenBlacklistSerializer):
    """Logout: the session of the refresh token ends (simplejwt's blacklist for a token without one)."""

    token_class = SessionRefreshToken

    def validate(self, attrs):
        refresh = self.token_class(attrs["refresh"])
        if SESSION_CLAIM in refresh:
            services.session_logout(refresh)
            return {}
        return super().validate(attrs)


class SessionTokenVerifySerializer(TokenVerifySerializer):
    """simplejwt's verify, which also refuses what authentication refuses: an access token of an ended session or an
    older version is invalid (401), and where simplejwt looks at the blacklist (BLACKLIST_AFTER_ROTATION on) a
    refresh token of an older version is blacklisted (400), as refresh and logout say."""

    def validate(self, attrs):
        token = UntypedToken(attrs["token"])  # simplejwt's verify, its claims validated first
        if jwt_settings().BLACKLIST_AFTER_ROTATION:
            if BlacklistedToken.objects.filter(token__jti=token.get(jwt_settings().JTI_CLAIM)).exists():
                raise serializers.ValidationError(_("Token is blacklisted"))
        data = {}
        if jwt_settings().USER_ID_CLAIM not in token:
            return data
        if token.get(jwt_settings().TOKEN_TYPE_CLAIM) == "refresh":
            if jwt_settings().BLACKLIST_AFTER_ROTATION and SESSION_CLAIM not in token:
                try:
                    SessionRefreshToken(attrs["token"])  # its check_blacklist holds the version check
                except TokenError as error:
                    raise serializers.ValidationError(_("Token is blacklisted")) from error
            return data
        try:
            holder = services.token_user(token)
        except (get_user_model().DoesNotExist, TypeError, ValueError):  # verify knows tokens, not users
            return data
        if holder is None:
            raise TokenError(_("Token is invalid"))
        return data

"""The pair dialect's token endpoints (simplejwt's views, which REFRESH_TOKEN_TRANSPORT="cookie" makes read and
write the refresh cookie) and its account actions that end sessions: a password change, "log out everywhere", and the
list of the user's devices with sign-out per device."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.fields import get_error_detail
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.serializers import ValidationError
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.views import (
    TokenBlacklistView,
    TokenObtainPairView,
    TokenRefreshView,
)

from simplejwt_sessions.client_address import client_address
from simplejwt_sessions.models import Session
from simplejwt_sessions.serializers import PasswordChangeSerializer, SessionSerializer
from simplejwt_sessions.services import (
    password_change,
    refresh_cookie_max_age,
    session_remembered,
    session_sign_out,
    sessions_end_all,
    sessions_of,
)
from simplejwt_sessions.settings import cookie_mode
from simplejwt_sessions.storable import storable
from simplejwt_sessions.transport import (
    check_csrf,
    clear_refresh_cookie,
    refresh_from_cookie,
    set_refresh_cookie,
)


def _cookie_answer(data: dict) -> Response:
    """Cookie mode: the answer without its refresh token, which goes into the cookie instead (if it has one)."""
    data = dict(data)
    refresh = data.pop("refresh", None)
    response = Response(data)
    if refresh is not None:
        set_refresh_cookie(response, refresh, refresh_cookie_max_age(refresh))
    return response


# No docstrings on these classes or their methods: drf-spectacular would take them for simplejwt's descriptions.
class _CookieTransport:
    # Body mode: simplejwt's view as it is. Cookie mode: the CSRF check first of all, then the serializer on the
    # body (login) or on the cookie (refresh, logout), the refresh token answered in the cookie only.
    reads_cookie = False  # refresh and logout: the token comes from the cookie, which any refusal clears
    ends_session = False  # logout: a success clears the cookie too

    def post(self, request, *args, **kwargs):
        if not cookie_mode():
            return super().post(request, *args, **kwargs)
        check_csrf(request)
        if not self.reads_cookie:
            return self.cookie_post(request, request.data)
        self.clears_cookie = True  # from here on, a refusal clears the cookie (handle_exception)
        refresh = refresh_from_cookie(request)
        if refresh is None:
            return self.no_cookie()
        return self.cookie_post(request, {"refresh": refresh})

    def cookie_post(self, request, data):
        serializer = self.get_serializer(data=data)
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as error:
            raise InvalidToken(error.args[0]) from error
        response = _cookie_answer(serializer.validated_data)
        if self.ends_session:
            clear_refresh_cookie(response)
        return response

    def no_cookie(self):
        raise InvalidToken()

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if getattr(self, "clears_cookie", False):
            clear_refresh_cookie(response)
        return response


class SessionTokenObtainPairView(_CookieTransport, TokenObtainPairView):
    # OPTIONS (DRF's metadata) names and describes simplejwt's view, as before this subclass existed.
    name = "Token Obtain Pair"
    description = TokenObtainPairView.__doc__


class SessionTokenRefreshView(_CookieTransport, TokenRefreshView):
    name = "Token Refresh"
    description = TokenRefreshView.__doc__
    reads_cookie = True


class SessionTokenBlacklistView(_CookieTransport, TokenBlacklistView):
    name = "Token Blacklist"
    description = TokenBlacklistView.__doc__
    reads_cookie = True
    ends_session = True

    def no_cookie(self):
        response = Response({})  # logged out already: nothing to end
        clear_refresh_cookie(response)
        return response


class PasswordChangeView(GenericAPIView):
    """POST /api/me/password/: changes the password; every other token of the user stops working at once."""

    permission_classes = [IsAuthenticated]  # whatever the project's default

    serializer_class = PasswordChangeSerializer

    # The answer is the device's new pair (the old one no longer works).
    @extend_schema(
        responses=inline_serializer(
            "TokenPair", fields={"refresh": serializers.CharField(), "access": serializers.CharField()}
        )
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            pair = password_change(
                request.user,
                **serializer.validated_data,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                address=client_address(request),
                remember=cookie_mode() and session_remembered(request.auth),
            )
        except DjangoValidationError as error:
            raise ValidationError(get_error_detail(error)) from error
        return _cookie_answer(pair) if cookie_mode() else Response(pair)


class LogoutAllView(APIView):
    """POST /api/me/logout-all/: ends every session of the user, this one included."""

    permission_classes = [IsAuthenticated]  # whatever the project's default

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        sessions_end_all(request.user)
        response = Response(status=status.HTTP_204_NO_CONTENT)
        if cookie_mode():
            clear_refresh_cookie(response)  # this device's session ended too
        return response


class SessionViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """GET /api/me/sessions/: the devices the user is signed in on, newest first.
    DELETE /api/me/sessions/{id}/: signs one out at once; another user's or an unknown id is 404, as for orders."""

    permission_classes = [IsAuthenticated]  # whatever the project's default

    serializer_class = SessionSerializer
    pagination_class = None  # a plain list: a user has a handful

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types, with no user
            return Session.objects.none()
        sessions = sessions_of(self.request.user)
        pk = self.kwargs.get(self.lookup_field)
        # An id no database can hold (NUL: PostgreSQL refuses it) names no session: the same 404 as any unknown id.
        return sessions.none() if pk is not None and not storable(pk) else sessions

    def perform_destroy(self, instance):
        session_sign_out(instance)

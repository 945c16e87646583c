"""The pair dialect's account actions that end sessions: a password change, "log out everywhere", and the list of
the user's devices with sign-out per device."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.fields import get_error_detail
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.serializers import ValidationError
from rest_framework.views import APIView

from simplejwt_sessions.client_address import client_address
from simplejwt_sessions.models import Session
from simplejwt_sessions.serializers import PasswordChangeSerializer, SessionSerializer
from simplejwt_sessions.services import password_change, session_sign_out, sessions_end_all, sessions_of
from simplejwt_sessions.storable import storable


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
            )
        except DjangoValidationError as error:
            raise ValidationError(get_error_detail(error)) from error
        return Response(pair)


class LogoutAllView(APIView):
    """POST /api/me/logout-all/: ends every session of the user, this one included."""

    permission_classes = [IsAuthenticated]  # whatever the project's default

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        sessions_end_all(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


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

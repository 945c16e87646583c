"""The pair dialect's account actions that end sessions: a password change and "log out everywhere"."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.fields import get_error_detail
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.serializers import ValidationError
from rest_framework.views import APIView

from accounts.serializers import PasswordChangeSerializer
from accounts.services import password_change, sessions_end_all


class PasswordChangeView(GenericAPIView):
    """POST /api/me/password/: changes the password; every other token of the user stops working at once."""

    serializer_class = PasswordChangeSerializer

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            pair = password_change(request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(get_error_detail(error)) from error
        return Response(pair)


class LogoutAllView(APIView):
    """POST /api/me/logout-all/: ends every session of the user, this one included."""

    def post(self, request):
        sessions_end_all(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

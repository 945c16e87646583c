"""djangorestframework-jwt's refresh and verify serializers (DIALECT=drf-jwt, backend/urls_drf_jwt.py), refusing every
token PyJWT refuses with drf-jwt's "Error decoding signature." (stock lets all but two kinds through: a 500)."""

import jwt
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework_jwt import serializers as drf_jwt_serializers


class CheckedPayload:
    """drf-jwt's refresh and verify serializers, refusing every token PyJWT refuses (not only two kinds)."""

    def _check_payload(self, token):
        try:
            return super()._check_payload(token)
        except jwt.InvalidTokenError as error:
            raise serializers.ValidationError(_("Error decoding signature.")) from error


class RefreshJSONWebTokenSerializer(CheckedPayload, drf_jwt_serializers.RefreshJSONWebTokenSerializer):
    pass


class VerifyJSONWebTokenSerializer(CheckedPayload, drf_jwt_serializers.VerifyJSONWebTokenSerializer):
    pass

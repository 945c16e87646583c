from django.contrib.auth import get_user_model
from rest_framework import serializers
from rest_framework_simplejwt.serializers import TokenRefreshSerializer

from accounts.tokens import SingleUseRefreshToken


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username"]
        read_only_fields = fields


class SingleUseTokenRefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh, except that with rotation on a refresh token is consumed once even under a race."""

    token_class = SingleUseRefreshToken

from django.contrib.auth import get_user_model
from rest_framework import serializers


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username"]
        read_only_fields = fields


class PasswordChangeSerializer(serializers.Serializer):
    """The request's shape (fields required, not blank, trimmed, as simplejwt's PasswordField); Django's own checks
    of the passwords run in accounts.services.password_change."""

    old_password = serializers.CharField(style={"input_type": "password"}, write_only=True)
    new_password = serializers.CharField(style={"input_type": "password"}, write_only=True)

"""The bodies of the account endpoints (views.py): the password change's request and a device (a session)."""

from rest_framework import serializers

from simplejwt_sessions.devices import device_label
from simplejwt_sessions.models import SESSION_CLAIM, Session


class PasswordChangeSerializer(serializers.Serializer):
    """The request's shape (fields required, not blank, trimmed, as simplejwt's PasswordField); Django's own checks
    of the passwords run in simplejwt_sessions.services.password_change."""

    old_password = serializers.CharField(style={"input_type": "password"}, write_only=True)
    new_password = serializers.CharField(style={"input_type": "password"}, write_only=True)


class SessionSerializer(serializers.ModelSerializer):
    """A device the user is signed in on (GET /api/me/sessions/): its label in the reader's language, when it
    started, was last used (its last refresh) and will end, and whether it is the device asking."""

    device = serializers.SerializerMethodField()
    current = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = ["id", "device", "created_at", "last_used_at", "expires_at", "current"]
        read_only_fields = fields

    def get_device(self, session) -> str:
        return device_label(session.user_agent)

    def get_current(self, session) -> bool:
        token = self.context["request"].auth
        return token is not None and token.get(SESSION_CLAIM) == session.pk

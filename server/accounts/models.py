from django.conf import settings
from django.db import models


class TokenVersionQuerySet(models.QuerySet):
    def current(self, user_id) -> int:
        """The user's current token version: 0 until their first password change or "log out everywhere"."""
        try:
            return self.filter(user_id=user_id).values_list("version", flat=True).first() or 0
        except (TypeError, ValueError):  # a user_id claim that is no primary key names no one
            return 0


class TokenVersion(models.Model):
    """The version every token of the user must carry; tokens of an older one are refused (see accounts/tokens.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="token_version"
    )
    version = models.PositiveIntegerField(default=0)

    objects = TokenVersionQuerySet.as_manager()

    def __str__(self):
        return f"{self.user} v{self.version}"

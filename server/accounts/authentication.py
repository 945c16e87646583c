from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings

from accounts.tokens import holds_current_version


class VersionedJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication, refusing an access token of an older token version (issued before a password
    change or "log out everywhere") with exactly the answer a forged one gets: a thief learns nothing.
    """

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if not holds_current_version(validated_token, user.pk):
            raise InvalidToken(
                {
                    "detail": _("Given token not valid for any token type"),
                    "messages": [
                        {
                            "token_class": token_class.__name__,
                            "token_type": token_class.token_type,
                            "message": _("Token is invalid"),
                        }
                        for token_class in api_settings.AUTH_TOKEN_CLASSES
                    ],
                }
            )
        return user

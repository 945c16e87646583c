from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt import tokens as simplejwt_tokens
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError

from simplejwt_sessions import tokens
from simplejwt_sessions.services import token_user
from simplejwt_sessions.tokens import jwt_settings

# simplejwt's stock token classes in AUTH_TOKEN_CLASSES are used with their claims validated (tokens.py): the same
# classes, names and answers, but a correctly signed token with a claim of the wrong type or size is refused, not a 500.
VALIDATED = {
    simplejwt_tokens.AccessToken: tokens.AccessToken,
    simplejwt_tokens.SlidingToken: tokens.SlidingToken,
    simplejwt_tokens.UntypedToken: tokens.UntypedToken,
}


def token_classes() -> list:
    return [VALIDATED.get(token_class, token_class) for token_class in jwt_settings().AUTH_TOKEN_CLASSES]


def revoked(token) -> InvalidToken:
    """The refusal of a revoked token: exactly what a forged one gets from JWTAuthentication, so a thief learns
    nothing (neither that the session ended nor why)."""
    return InvalidToken(
        {
            "detail": _("Given token not valid for any token type"),
            "messages": [
                {
                    "token_class": token_class.__name__,
                    "token_type": token_class.token_type,
                    "message": _("Token is invalid"),
                }
                for token_class in token_classes()
            ],
        }
    )


class SessionJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication, refusing a token whose session ended (a logout, a device signed out, a replayed
    refresh token) or that holds an older token version (a password change, "log out everywhere"). One query per
    request: the session (or user) with the token version, where simplejwt alone makes one for the user."""

    def get_validated_token(self, raw_token):
        """simplejwt's, trying AUTH_TOKEN_CLASSES in order (stock ones with their claims validated)."""
        messages = []
        for token_class in token_classes():
            try:
                return token_class(raw_token)
            except TokenError as error:
                messages.append(
                    {
                        "token_class": token_class.__name__,
                        "token_type": token_class.token_type,
                        "message": error.args[0],
                    }
                )
        raise InvalidToken({"detail": _("Given token not valid for any token type"), "messages": messages})

    def get_user(self, validated_token):
        if jwt_settings().USER_ID_CLAIM not in validated_token:
            return super().get_user(validated_token)  # simplejwt's own answer for a token naming no one
        try:
            user = token_user(validated_token)
        except get_user_model().DoesNotExist as error:
            raise AuthenticationFailed(_("User not found"), code="user_not_found") from error
        if user is None:
            raise revoked(validated_token)
        if jwt_settings().CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        return user

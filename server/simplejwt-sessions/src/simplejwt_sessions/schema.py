"""drf-spectacular extensions (loaded by the app when drf-spectacular is installed): the app's authentication and
token serializers in the OpenAPI schema, as drf-spectacular's own simplejwt contrib describes simplejwt's."""

from drf_spectacular.contrib import rest_framework_simplejwt as simplejwt_contrib
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


class SessionJWTScheme(OpenApiAuthenticationExtension):
    """SessionJWTAuthentication (simplejwt's JWTAuthentication on sessions): `Authorization: <AUTH_HEADER_TYPES[0]>
    <access token>`; the other header types work too."""

    target_class = "simplejwt_sessions.authentication.SessionJWTAuthentication"
    name = "jwtAuth"
    priority = 1  # before drf-spectacular's SimpleJWTScheme, which would match the subclass too

    def get_security_definition(self, auto_schema):
        from rest_framework_simplejwt.settings import api_settings

        scheme = build_bearer_security_scheme_object(
            header_name=api_settings.AUTH_HEADER_NAME,
            token_prefix=api_settings.AUTH_HEADER_TYPES[0],
            bearer_format="JWT",
        )
        if len(api_settings.AUTH_HEADER_TYPES) > 1:
            scheme["description"] += f" (also taken: {', '.join(api_settings.AUTH_HEADER_TYPES[1:])})"
        return scheme


# drf-spectacular's contrib targets simplejwt's classes exactly; the app's subclasses take and give the same.
class TokenObtainPairExtension(simplejwt_contrib.TokenObtainPairSerializerExtension):
    target_class = "simplejwt_sessions.token_serializers.SessionTokenObtainPairSerializer"


class TokenRefreshExtension(simplejwt_contrib.TokenRefreshSerializerExtension):
    target_class = "simplejwt_sessions.token_serializers.SessionTokenRefreshSerializer"


class TokenVerifyExtension(simplejwt_contrib.TokenVerifySerializerExtension):
    target_class = "simplejwt_sessions.token_serializers.SessionTokenVerifySerializer"


class TokenBlacklistExtension(OpenApiSerializerExtension):
    """Logout: takes {"refresh"}, answers {}."""

    target_class = "simplejwt_sessions.token_serializers.SessionTokenBlacklistSerializer"

    def map_serializer(self, auto_schema, direction):
        fixed = inline_serializer("Fixed", fields={"refresh": serializers.CharField(write_only=True)})
        return auto_schema._map_serializer(fixed, direction)

"""The OpenAPI 3 schema (drf-spectacular; GET /api/schema/, server/schema/<dialect>.yaml): what each endpoint of the
dialect takes and answers, its errors included.

drf-spectacular reads the success bodies from the views' serializers. The rest is said here, through its extension
points:
- the authentication classes: `Authorization: JWT <token>` (OpenApiAuthenticationExtension; simplejwt also takes
  `Bearer`, which an OpenAPI security scheme can't say beside it);
- simplejwt's and djangorestframework-jwt's token serializers, whose fields are not the bodies they take and give
  (drf-spectacular's own simplejwt contrib, matched on the project's subclasses too);
- the error answers, from what the view is (AutoSchema): 400 field errors for a body, 401 for an authenticated
  endpoint or a simplejwt token endpoint, 404 for an id in the path or a page, 413 and 415 for a body, 429 for a
  login or a password change (the lockout), each with its JSON body and headers (Retry-After, WWW-Authenticate).
"""

import copy

from django.conf import settings
from drf_spectacular.contrib import rest_framework_simplejwt as simplejwt_contrib
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

# --- authentication ---------------------------------------------------------------------------------------------


# simplejwt_sessions' own extensions (its schema.py) describe its authentication and token serializers; the sliding
# dialect's login is the demo's (accounts/sliding.py).
if settings.SIMPLEJWT:  # an extension whose class can't be imported is a warning

    class TokenObtainSlidingExtension(simplejwt_contrib.TokenObtainSlidingSerializerExtension):
        target_class = "accounts.sliding.VersionedTokenObtainSlidingSerializer"


# --- djangorestframework-jwt's (DIALECT=drf-jwt): its serializers add their fields at run time -------------------


if not settings.SIMPLEJWT:

    class DrfJwtObtainExtension(OpenApiSerializerExtension):
        """POST /api/api-token-auth/: {"username", "password"} -> {"token"}."""

        target_class = "rest_framework_jwt.serializers.JSONWebTokenSerializer"
        match_subclasses = True  # the login lockout's (accounts/drf_jwt_views.py)

        def map_serializer(self, auto_schema, direction):
            fixed = inline_serializer(
                "Fixed",
                fields={
                    self.target.username_field: serializers.CharField(write_only=True),
                    "password": serializers.CharField(write_only=True),
                    "token": serializers.CharField(read_only=True),
                },
            )
            return auto_schema._map_serializer(fixed, direction)

    class DrfJwtTokenExtension(OpenApiSerializerExtension):
        """POST /api/api-token-refresh/ and /api/api-token-verify/: {"token"} -> {"token"} (a new one, the same one)."""

        target_class = "rest_framework_jwt.serializers.VerificationBaseSerializer"
        match_subclasses = True

        def map_serializer(self, auto_schema, direction):
            fixed = inline_serializer("Fixed", fields={"token": serializers.CharField()})
            return auto_schema._map_serializer(fixed, direction)


# --- the error answers --------------------------------------------------------------------------------------------

STRING = {"type": "string"}
ERROR_SCHEMAS = {
    # DRF's ValidationError: {"field": ["message", ...], "non_field_errors": [...]}; a body DRF can't parse gets
    # ParseError's {"detail": "JSON parse error - ..."}.
    "ValidationError": {
        "type": "object",
        "description": "Field errors (each a list of messages) or DRF's parse error {detail}.",
        "additionalProperties": {"oneOf": [{"type": "array", "items": STRING}, STRING]},
    },
    # DRF's answer to any APIException: NotAuthenticated, NotFound ("No Order matches the given query.", "Invalid
    # page."), UnsupportedMediaType, the too-large body.
    "Error": {
        "type": "object",
        "properties": {"detail": STRING, "code": STRING},
        "required": ["detail"],
    },
    # simplejwt's refusals: {"detail", "code", "messages": [{token_class, token_type, message}]}, or {"detail"} for
    # missing credentials or a failed login.
    "TokenError": {
        "type": "object",
        "properties": {
            "detail": STRING,
            "code": STRING,
            "messages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"token_class": STRING, "token_type": STRING, "message": STRING},
                },
            },
        },
        "required": ["detail"],
    },
    # The login lockout (SPEC-23): too many failed attempts for this address and account, or this address.
    "TooManyAttempts": {
        "type": "object",
        "properties": {
            "detail": STRING,
            "code": {"type": "string", "enum": ["too_many_attempts"]},
            "retry_after": {"type": "integer", "minimum": 1},
        },
        "required": ["detail", "code", "retry_after"],
    },
}


def is_login_or_password_change(view) -> bool:
    """The views the lockout guards: every dialect's obtain view and the password change."""
    if settings.SIMPLEJWT:
        from rest_framework_simplejwt.views import TokenObtainPairView, TokenObtainSlidingView
        from simplejwt_sessions.views import PasswordChangeView

        guarded = [PasswordChangeView, TokenObtainPairView, TokenObtainSlidingView]
    else:
        from rest_framework_jwt.views import ObtainJSONWebToken

        guarded = [ObtainJSONWebToken]
    return isinstance(view, tuple(guarded))


def is_simplejwt_token_view(view) -> bool:
    if not settings.SIMPLEJWT:
        return False
    from rest_framework_simplejwt.views import TokenViewBase

    return isinstance(view, TokenViewBase)


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, adding to each operation the error answers its view gives."""

    def _ref(self, name: str) -> dict:
        component = ResolvedComponent(
            # a copy: drf-spectacular's enum hook rewrites the schemas it is given
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=name,
            schema=copy.deepcopy(ERROR_SCHEMAS[name]),
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _error(self, description: str, schema: str, headers: dict | None = None) -> dict:
        response = {
            "content": {"application/json": {"schema": self._ref(schema)}},
            "description": description,
        }
        if headers:
            response["headers"] = headers
        return response

    def _takes_a_body(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None

    def _is_paginated_list(self) -> bool:
        return self._is_list_view() and isinstance(self._get_paginator(), PageNumberPagination)

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        errors = {}
        if self._takes_a_body():
            errors["400"] = self._error(
                "Invalid input: field errors, or a body that is not JSON.", "ValidationError"
            )
        authenticated = any(requirement for requirement in self.get_auth())
        if authenticated or is_simplejwt_token_view(self.view):
            realm = {
                "WWW-Authenticate": {
                    "schema": STRING,
                    "required": True,
                    "description": 'The scheme the server takes, e.g. JWT realm="api".',
                }
            }
            schema = "TokenError" if settings.SIMPLEJWT else "Error"
            errors["401"] = self._error("No credentials, or a token refused.", schema, realm)
        if "(?P<" in self.path_regex:
            errors["404"] = self._error("No such object of the user's.", "Error")
            # A path parameter the URL's pattern refuses (e.g. "0.5": the router's ids have no dot) matches no URL:
            # Django's own HTML page, as for any unknown path.
            errors["404"]["content"]["text/html"] = {"schema": STRING}
        elif self._is_paginated_list():
            errors["404"] = self._error("No such page.", "Error")
        if self._takes_a_body():
            errors["413"] = self._error("The request body is too large.", "Error")
            errors["415"] = self._error("The body's Content-Type is not one the endpoint parses.", "Error")
        if is_login_or_password_change(self.view):
            retry_after = {
                "Retry-After": {
                    "schema": {"type": "integer", "minimum": 1},
                    "required": True,
                    "description": "Seconds until the next attempt is considered.",
                }
            }
            errors["429"] = self._error(
                "Too many failed attempts: locked out for a while.", "TooManyAttempts", retry_after
            )
        for code, response in errors.items():
            operation["responses"].setdefault(code, response)
        return operation


def answers_have_every_field(result, generator, request, public):
    """A postprocessing hook: a serializer's answer always carries every field (a default or a null included), so
    every property of a response component is required. drf-spectacular leaves out those with a default (an order's
    status, note) or that paginated lists may null (next, previous). Request components (…Request, COMPONENT_SPLIT_REQUEST)
    and the error bodies, whose code and messages are optional, are left as they are."""
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") or name in ERROR_SCHEMAS or "properties" not in schema:
            continue
        schema["required"] = list(schema["properties"])
    return result

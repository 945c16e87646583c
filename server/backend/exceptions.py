"""DRF's exception handler, also answering in JSON what Django refuses while reading a request body (its
SuspiciousOperation subclasses, which Django would answer with its HTML 400 page): a body over
DATA_UPLOAD_MAX_MEMORY_SIZE is 413 {"detail": "Request body too large.", "code": "request_too_large"} (the body nginx
answers for its own limit, deploy/nginx.conf), too many fields or files a 400 ParseError."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.views import exception_handler as drf_exception_handler

try:
    from django.core.exceptions import TooManyFilesSent
except ImportError:  # Django 3.2 (the drf-jwt environment) has no file limit
    TooManyFilesSent = TooManyFieldsSent


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("Request body too large.")
    default_code = "request_too_large"


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        exc = ParseError(str(exc))
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, RequestTooLarge):
        response.data["code"] = exc.default_code
    return response

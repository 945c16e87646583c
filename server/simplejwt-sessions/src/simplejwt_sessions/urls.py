"""The app's endpoints: `path("api/", include("simplejwt_sessions.urls"))`.

- token/, token/refresh/, token/verify/, token/blacklist/: simplejwt's views on the app's serializers (a login starts a
  session; refresh, logout and verify act on it), which REFRESH_TOKEN_TRANSPORT="cookie" makes answer the refresh
  token in an httpOnly cookie and read it from there (simplejwt_sessions/transport.py);
- me/sessions/ (GET: "Your devices"), me/sessions/<id>/ (DELETE: sign that device out), me/logout-all/ (POST),
  me/password/ (POST: a password change that ends every other session).

`token_urlpatterns` and `account_urlpatterns` are the two halves, for a project that keeps its own token views."""

from django.urls import path
from rest_framework.routers import SimpleRouter
from rest_framework_simplejwt.views import TokenVerifyView

from simplejwt_sessions.token_serializers import (
    SessionTokenBlacklistSerializer,
    SessionTokenObtainPairSerializer,
    SessionTokenRefreshSerializer,
    SessionTokenVerifySerializer,
)
from simplejwt_sessions.views import (
    LogoutAllView,
    PasswordChangeView,
    SessionTokenBlacklistView,
    SessionTokenObtainPairView,
    SessionTokenRefreshView,
    SessionViewSet,
)

token_urlpatterns = [
    path(
        "token/",
        SessionTokenObtainPairView.as_view(serializer_class=SessionTokenObtainPairSerializer),
        name="token_obtain_pair",
    ),
    path(
        "token/refresh/",
        SessionTokenRefreshView.as_view(serializer_class=SessionTokenRefreshSerializer),
        name="token_refresh",
    ),
    path(
        "token/verify/",
        TokenVerifyView.as_view(serializer_class=SessionTokenVerifySerializer),
        name="token_verify",
    ),
    path(
        "token/blacklist/",
        SessionTokenBlacklistView.as_view(serializer_class=SessionTokenBlacklistSerializer),
        name="token_blacklist",
    ),
]

# SimpleRouter: /me/sessions/ and /me/sessions/{id}/ only.
router = SimpleRouter()
router.register("me/sessions", SessionViewSet, basename="session")

account_urlpatterns = [
    path("me/password/", PasswordChangeView.as_view(), name="password_change"),
    path("me/logout-all/", LogoutAllView.as_view(), name="logout_all"),
    *router.urls,
]

urlpatterns = token_urlpatterns + account_urlpatterns

"""URL map with simplejwt's sliding token views (DIALECT=sliding): no blacklist view, since simplejwt's only one
(TokenBlacklistView) takes a refresh token and refuses a sliding token ("Token has wrong type")."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework_simplejwt.views import (
    TokenObtainSlidingView,
    TokenRefreshSlidingView,
    TokenVerifyView,
)
from simplejwt_sessions.token_serializers import SessionTokenVerifySerializer
from simplejwt_sessions.urls import account_urlpatterns

from backend.views import HealthView

urlpatterns = [
    path("api/token/", TokenObtainSlidingView.as_view(), name="token_obtain"),
    path("api/token/refresh/", TokenRefreshSlidingView.as_view(), name="token_refresh"),
    path(
        "api/token/verify/",
        TokenVerifyView.as_view(serializer_class=SessionTokenVerifySerializer),
        name="token_verify",
    ),
    path("api/health/", HealthView.as_view(), name="health"),
    path("api/", include(account_urlpatterns)),  # the package's devices, logout-all, password change
    path("api/", include("accounts.urls")),
    path("api/", include("orders.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
]

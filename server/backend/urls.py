"""URL map: token endpoints, the user, orders, health. Every path ends with a slash (APPEND_SLASH redirects the rest)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from backend.views import HealthView

urlpatterns = [
    # The package's token endpoints, devices, logout-all and password change (server/simplejwt-sessions).
    path("api/", include("simplejwt_sessions.urls")),
    path("api/health/", HealthView.as_view(), name="health"),
    path("api/", include("accounts.urls")),
    path("api/", include("orders.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
]

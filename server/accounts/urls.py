from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.session_views import LogoutAllView, PasswordChangeView, SessionViewSet
from accounts.views import MeView

# SimpleRouter, as for orders: /me/sessions/ and /me/sessions/{id}/ only.
router = SimpleRouter()
router.register("me/sessions", SessionViewSet, basename="session")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("me/password/", PasswordChangeView.as_view(), name="password_change"),
    path("me/logout-all/", LogoutAllView.as_view(), name="logout_all"),
    *router.urls,
]

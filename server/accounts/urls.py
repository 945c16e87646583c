from django.urls import path

from accounts.session_views import LogoutAllView, PasswordChangeView
from accounts.views import MeView

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("me/password/", PasswordChangeView.as_view(), name="password_change"),
    path("me/logout-all/", LogoutAllView.as_view(), name="logout_all"),
]

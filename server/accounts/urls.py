from django.urls import path

from accounts.views import MeView

# The demo's own: who the token belongs to. The package's account endpoints are included beside (backend/urls.py).
urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
]

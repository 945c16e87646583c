from django.urls import include, path

urlpatterns = [path("api/", include("simplejwt_sessions.urls"))]

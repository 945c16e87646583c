"""URL map of the djangorestframework-jwt server (DIALECT=drf-jwt): its three views at the paths of
api-contract-drf-jwt.md (no logout: the package has none), the user, orders."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework_jwt.views import RefreshJSONWebToken, VerifyJSONWebToken

from accounts.drf_jwt_serializers import RefreshJSONWebTokenSerializer, VerifyJSONWebTokenSerializer
from accounts.drf_jwt_views import obtain_jwt_token
from accounts.views import MeView

# drf-jwt's refresh and verify views, their serializers refusing every token PyJWT refuses (accounts/drf_jwt_serializers.py).
refresh_jwt_token = RefreshJSONWebToken.as_view(serializer_class=RefreshJSONWebTokenSerializer)
verify_jwt_token = VerifyJSONWebToken.as_view(serializer_class=VerifyJSONWebTokenSerializer)

urlpatterns = [
    path("api/api-token-auth/", obtain_jwt_token, name="token_obtain"),
    path("api/api-token-refresh/", refresh_jwt_token, name="token_refresh"),
    path("api/api-token-verify/", verify_jwt_token, name="token_verify"),
    path("api/me/", MeView.as_view(), name="me"),
    path("api/", include("orders.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
]

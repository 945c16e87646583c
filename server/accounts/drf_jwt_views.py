"""djangorestframework-jwt's login (DIALECT=drf-jwt) behind the login lockout: its serializer calls authenticate()
without the request, so the request is handed to the lockout's backend around it."""

from rest_framework_jwt.serializers import JSONWebTokenSerializer as PackageSerializer
from rest_framework_jwt.views import ObtainJSONWebToken
from simplejwt_sessions.lockout import request_of_login


# The package's name, so the OpenAPI schema's components keep theirs (JSONWebTokenRequest, JSONWebToken).
class JSONWebTokenSerializer(PackageSerializer):
    def validate(self, attrs):
        with request_of_login(self.context.get("request")):
            return super().validate(attrs)


obtain_jwt_token = ObtainJSONWebToken.as_view(serializer_class=JSONWebTokenSerializer)

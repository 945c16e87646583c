from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class HealthView(APIView):
    """GET /api/health/: 200 {"status": "ok"} while the app server answers. No login and no database, so it is
    also what an authenticated view's cost is measured against (npm run bench:load: DRF's floor on this stack)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses=inline_serializer("Health", fields={"status": serializers.CharField()}))
    def get(self, request):
        return Response({"status": "ok"})

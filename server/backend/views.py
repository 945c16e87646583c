from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class HealthView(APIView):
    """GET /api/health/: 200 {"status": "ok"} while the app server answers. No login and no database, so it is
    also what an authenticated view's cost is measured against (npm run bench:load: DRF's floor on this stack)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"status": "ok"})

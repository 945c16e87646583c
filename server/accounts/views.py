from rest_framework.generics import RetrieveAPIView

from accounts.serializers import MeSerializer


class MeView(RetrieveAPIView):
    """GET /api/me/: who the access token belongs to (tokens carry no username)."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user

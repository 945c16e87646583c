from rest_framework import viewsets

from orders.models import Order
from orders.serializers import OrderSerializer

INT64_RANGE = (-(2**63), 2**63 - 1)


def fits_64_bits(pk) -> bool:
    """False for a numeric id out of a signed 64-bit integer's range; True for anything else (a non-numeric id
    keeps DRF's own answer)."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        return True
    return INT64_RANGE[0] <= number <= INT64_RANGE[1]


class OrderViewSet(viewsets.ModelViewSet):
    """The signed-in user's orders; anyone else's are 404, like missing ones."""

    serializer_class = OrderSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types, with no user
            return Order.objects.none()
        orders = Order.objects.filter(owner=self.request.user)
        # An id past 64 bits names no order: the same 404 as any unknown id (Django 3.2's query raises
        # OverflowError on SQLite; Django 5.2 finds nothing).
        return orders.none() if not fits_64_bits(self.kwargs.get(self.lookup_field)) else orders

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)

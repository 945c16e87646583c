from rest_framework import serializers

from orders.models import Order


class OrderSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)

    class Meta:
        model = Order
        # The JSON key order of the contract.
        fields = [
            "id",
            "number",
            "owner",
            "item",
            "quantity",
            "price",
            "status",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["owner", "created_at", "updated_at"]

from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from orders.models import Order


class ChoiceField(serializers.ChoiceField):
    """DRF's ChoiceField, refusing a lone surrogate as DRF's CharField does ("Surrogate characters are not allowed"):
    its "is not a valid choice" error repeats the input, which no JSON renderer can encode (a 500)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            ProhibitSurrogateCharactersValidator()(data)
        return super().to_internal_value(data)


class OrderSerializer(serializers.ModelSerializer):
    serializer_choice_field = ChoiceField
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

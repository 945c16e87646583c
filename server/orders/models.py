from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Order(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        PAID = "paid"
        SHIPPED = "shipped"
        CANCELLED = "cancelled"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="orders")
    item = models.CharField(max_length=100)
    # An IntegerField's range is the database's (SQLite 64-bit, PostgreSQL 32-bit): the upper bound is set, so every
    # database, the schema and the mock refuse the same quantities ("less than or equal to 2147483647").
    quantity = models.IntegerField(validators=[MinValueValidator(1), MaxValueValidator(2_147_483_647)])
    price = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]  # newest first; the id only breaks ties

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"SO-{self.id:06d}"

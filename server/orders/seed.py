"""The contract's seed data: demo (id 1) with orders 1–25, admin (id 2) with orders 26–28."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from orders.models import Order

SEED_USERS = [(1, "demo", "demo123", 25), (2, "admin", "admin123", 3)]
ITEM_NAMES = ["Widget", "Gadget", "Sprocket", "Gizmo", "Doohickey"]
STATUS_CYCLE = [Order.Status.PENDING, Order.Status.PAID, Order.Status.SHIPPED, Order.Status.CANCELLED]


def seed_order_fields(i: int, username: str) -> dict:
    """The i-th (from 1) seeded order of a user: item, quantity, price, status, note."""
    return {
        "item": f"{ITEM_NAMES[(i - 1) % len(ITEM_NAMES)]} {i:02d}",
        "quantity": i % 5 + 1,
        "price": Decimal(125 * i + 99) / 100,
        "status": STATUS_CYCLE[(i - 1) % len(STATUS_CYCLE)],
        "note": f"Note for order {i} of {username}" if i % 2 == 0 else "",
    }


@transaction.atomic
def seed_demo_data(now: datetime | None = None) -> None:
    """Creates the seed users and orders; order n is created (total + 1 - n) minutes before now, like the mock."""
    now = now or timezone.now()
    total = sum(count for *_, count in SEED_USERS)
    order_id = 1
    for user_id, username, password, count in SEED_USERS:
        user = get_user_model().objects.create_user(username, password=password, id=user_id)
        for i in range(1, count + 1):
            Order.objects.create(id=order_id, owner=user, **seed_order_fields(i, username))
            # auto_now_add ignores a given created_at, so the timestamps are set afterwards.
            created = now - timedelta(minutes=total + 1 - order_id)
            Order.objects.filter(id=order_id).update(created_at=created, updated_at=created)
            order_id += 1

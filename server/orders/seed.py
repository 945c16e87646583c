"""The contract's seed data: demo (id 1) with orders 1–25, admin (id 2) with orders 26–28; and accounts for the
load bench (tests/bench/load.mjs), each with orders like demo's."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
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
    id_sequences_reset(get_user_model(), Order)


def id_sequences_reset(*models) -> None:
    """Moves the id sequences past the rows (PostgreSQL's don't move for rows inserted with their id, so the next
    order would get id 1 again); nothing to do on SQLite."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


LOAD_ORDERS_PER_USER = 25


def load_username(n: int) -> str:
    """The n-th (from 1) load-bench account's name."""
    return f"load{n:04d}"


@transaction.atomic
def seed_load_users(count: int, password: str) -> int:
    """Accounts load0001..load<count> (those missing), each with demo's 25 orders; returns how many it made.

    They share one password hash, made once: hashing is deliberately slow (Django's PBKDF2, a third of a second),
    and the bench logs in with each account, which checks it anyway."""
    names = [load_username(n) for n in range(1, count + 1)]
    existing = set(get_user_model().objects.filter(username__in=names).values_list("username", flat=True))
    missing = [name for name in names if name not in existing]
    if not missing:
        return 0
    hashed = make_password(password)
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=name, password=hashed) for name in missing]
    )
    Order.objects.bulk_create(
        Order(owner=user, **seed_order_fields(i, user.username))
        for user in users
        for i in range(1, LOAD_ORDERS_PER_USER + 1)
    )
    return len(missing)

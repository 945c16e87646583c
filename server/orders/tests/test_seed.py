"""The seed data of the contract, checked row by row and through the API."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from django.contrib.auth import get_user_model
from rest_framework.test import APITestCase

from orders.models import Order
from orders.seed import seed_demo_data, seed_load_users

SEEDED_AT = datetime(2026, 11, 22, 9, 0, 0, 123456, tzinfo=timezone.utc)


class SeedTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        seed_demo_data(SEEDED_AT)

    def test_users(self):
        users = get_user_model().objects.order_by("id").values_list("id", "username", "is_active")
        self.assertEqual(list(users), [(1, "demo", True), (2, "admin", True)])
        for username, password in (("demo", "demo123"), ("admin", "admin123")):
            response = self.client.post(
                "/api/token/", {"username": username, "password": password}, format="json"
            )
            self.assertEqual(response.status_code, 200)

    def test_a_few_orders_literally(self):
        rows = {
            1: (1, "Widget 01", 2, "2.24", "pending", ""),
            2: (1, "Gadget 02", 3, "3.49", "paid", "Note for order 2 of demo"),
            5: (1, "Doohickey 05", 1, "7.24", "pending", ""),
            8: (1, "Sprocket 08", 4, "10.99", "cancelled", "Note for order 8 of demo"),
            25: (1, "Doohickey 25", 1, "32.24", "pending", ""),
            26: (2, "Widget 01", 2, "2.24", "pending", ""),
            27: (2, "Gadget 02", 3, "3.49", "paid", "Note for order 2 of admin"),
            28: (2, "Sprocket 03", 4, "4.74", "shipped", ""),
        }
        for order_id, (owner, item, quantity, price, status, note) in rows.items():
            order = Order.objects.get(id=order_id)
            self.assertEqual(
                (order.owner_id, order.item, order.quantity, order.price, order.status, order.note),
                (owner, item, quantity, Decimal(price), status, note),
            )

    def test_every_order_follows_the_contracts_rule(self):
        orders = list(Order.objects.order_by("id"))
        self.assertEqual([order.id for order in orders], list(range(1, 29)))
        names = ["Widget", "Gadget", "Sprocket", "Gizmo", "Doohickey"]
        statuses = ["pending", "paid", "shipped", "cancelled"]
        for order in orders:
            username, i = ("demo", order.id) if order.id <= 25 else ("admin", order.id - 25)
            self.assertEqual(order.owner.username, username)
            self.assertEqual(order.number, f"SO-{order.id:06d}")
            self.assertEqual(order.item, f"{names[(i - 1) % 5]} {i:02d}")
            self.assertEqual(order.quantity, i % 5 + 1)
            self.assertEqual(order.price, Decimal(125 * i + 99) / 100)
            self.assertEqual(order.status, statuses[(i - 1) % 4])
            self.assertEqual(order.note, f"Note for order {i} of {username}" if i % 2 == 0 else "")
            self.assertEqual(order.created_at, SEEDED_AT - timedelta(minutes=29 - order.id))
            self.assertEqual(order.updated_at, order.created_at)

    def test_demo_sees_newest_first_through_the_api(self):
        login = {"username": "demo", "password": "demo123"}
        access = self.client.post("/api/token/", login, format="json").json()["access"]
        body = self.client.get("/api/orders/", HTTP_AUTHORIZATION=f"JWT {access}").json()
        self.assertEqual(body["count"], 25)
        self.assertEqual(body["results"][0]["number"], "SO-000025")
        self.assertEqual(body["results"][0]["created_at"], "2026-11-22T08:56:00.123456Z")
        self.assertEqual(body["results"][0]["price"], "32.24")


class LoadUsersTests(APITestCase):
    def test_makes_the_missing_accounts_with_demos_orders_and_they_log_in(self):
        self.assertEqual(seed_load_users(2, "load-pass"), 2)
        self.assertEqual(seed_load_users(3, "load-pass"), 1)
        users = get_user_model().objects.filter(username__startswith="load").order_by("username")
        self.assertEqual([user.username for user in users], ["load0001", "load0002", "load0003"])
        for user in users:
            self.assertEqual(user.orders.count(), 25)
        login = {"username": "load0003", "password": "load-pass"}
        access = self.client.post("/api/token/", login, format="json").json()["access"]
        body = self.client.get("/api/orders/", HTTP_AUTHORIZATION=f"JWT {access}").json()
        # Newest first, like demo's list.
        self.assertEqual((body["count"], body["results"][0]["item"]), (25, "Doohickey 25"))

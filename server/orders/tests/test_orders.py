"""CRUD on /api/orders/: the JSON shape, ownership, validation messages, read-only fields."""

from django.contrib.auth import get_user_model
from rest_framework.test import APITestCase

from backend.hostile import hostile_json
from backend.tokens_for_tests import access_for
from orders.models import Order
from orders.seed import id_sequences_reset, seed_demo_data

KEYS = ["id", "number", "owner", "item", "quantity", "price", "status", "note", "created_at", "updated_at"]
# DRF 3.15+ passes on the message of get_object_or_404 (before: "Not found.").
NOT_FOUND = {"detail": "No Order matches the given query."}
REQUIRED = ["This field is required."]


class OrdersTestCase(APITestCase):
    @classmethod
    def setUpTestData(cls):
        seed_demo_data()
        cls.demo = get_user_model().objects.get(username="demo")

    def setUp(self):
        # PostgreSQL's sequences don't roll back with a test: the next order follows the seed's 28 in every test.
        id_sequences_reset(Order)
        self.client.credentials(HTTP_AUTHORIZATION=f"JWT {access_for(self.demo)}")

    def send(self, method, path, data=None):
        return getattr(self.client, method)(path, data, format="json")

    def assertAnswer(self, response, status, body):
        self.assertEqual((response.status_code, response.json()), (status, body))


class CrudTests(OrdersTestCase):
    def test_create_answers_201_with_the_order_in_the_contracts_key_order(self):
        response = self.send("post", "/api/orders/", {"item": "Test item", "quantity": 2, "price": 19.99})
        self.assertEqual(response.status_code, 201)
        order = response.json()
        self.assertEqual(list(order), KEYS)
        self.assertEqual(order["number"], f"SO-{order['id']:06d}")
        self.assertEqual(order["id"], 29)  # after the 28 seeded orders
        expected = {"owner": self.demo.id, "item": "Test item", "quantity": 2, "price": "19.99"}
        self.assertEqual({key: order[key] for key in expected}, expected)
        self.assertEqual((order["status"], order["note"]), ("pending", ""))
        self.assertRegex(order["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
        self.assertGreaterEqual(order["updated_at"], order["created_at"])

    def test_a_new_order_comes_first_in_the_list(self):
        created = self.send("post", "/api/orders/", {"item": "Newest", "quantity": 1, "price": "0"}).json()
        self.assertEqual(self.send("get", "/api/orders/").json()["results"][0], created)

    def test_read_only_fields_are_ignored(self):
        sent = {
            "id": 999,
            "number": "SO-999999",
            "owner": 2,
            "created_at": "2000-01-01T00:00:00Z",
            "updated_at": "2000-01-01T00:00:00Z",
        }
        response = self.send("post", "/api/orders/", {**sent, "item": "x", "quantity": 1, "price": "1.00"})
        order = response.json()
        self.assertEqual(response.status_code, 201)
        self.assertNotEqual(order["id"], 999)
        self.assertEqual((order["number"], order["owner"]), (f"SO-{order['id']:06d}", self.demo.id))
        self.assertFalse(order["created_at"].startswith("2000"))
        patched = self.send("patch", f"/api/orders/{order['id']}/", sent).json()
        self.assertEqual(patched["id"], order["id"])
        self.assertEqual(patched["owner"], self.demo.id)
        self.assertEqual(patched["created_at"], order["created_at"])

    def test_retrieve(self):
        response = self.send("get", "/api/orders/1/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["number"], "SO-000001")

    def test_put_replaces_and_requires_item_quantity_and_price(self):
        self.assertAnswer(
            self.send("put", "/api/orders/2/", {"status": "paid"}),
            400,
            {"item": REQUIRED, "quantity": REQUIRED, "price": REQUIRED},
        )
        response = self.send("put", "/api/orders/2/", {"item": "Renamed", "quantity": 7, "price": "3"})
        self.assertEqual(response.status_code, 200)
        order = response.json()
        self.assertEqual((order["item"], order["quantity"], order["price"]), ("Renamed", 7, "3.00"))
        # Fields left out of a PUT keep their values (DRF updates only what it validated).
        self.assertEqual((order["status"], order["note"]), ("paid", "Note for order 2 of demo"))
        self.assertGreater(order["updated_at"], order["created_at"])

    def test_patch_changes_only_what_is_sent(self):
        response = self.send("patch", "/api/orders/3/", {"status": "cancelled", "note": "late"})
        self.assertEqual(response.status_code, 200)
        order = response.json()
        self.assertEqual(
            (order["item"], order["status"], order["note"]), ("Sprocket 03", "cancelled", "late")
        )

    def test_delete_answers_204_with_an_empty_body_then_404(self):
        response = self.send("delete", "/api/orders/4/")
        self.assertEqual((response.status_code, response.content), (204, b""))
        self.assertAnswer(self.send("get", "/api/orders/4/"), 404, NOT_FOUND)

    def test_wrong_method_is_405(self):
        self.assertAnswer(
            self.send("delete", "/api/orders/"), 405, {"detail": 'Method "DELETE" not allowed.'}
        )


class OwnershipTests(OrdersTestCase):
    def test_the_list_holds_only_the_users_orders(self):
        body = self.send("get", "/api/orders/?page_size=100").json()
        self.assertEqual(body["count"], 25)
        self.assertEqual({order["owner"] for order in body["results"]}, {self.demo.id})

    def test_another_users_order_a_missing_id_and_a_non_numeric_id_are_404(self):
        # A non-numeric id fails the lookup itself: DRF raises a plain Http404, "Not found.".
        for path, body in (
            ("/api/orders/26/", NOT_FOUND),
            ("/api/orders/9999/", NOT_FOUND),
            ("/api/orders/abc/", {"detail": "Not found."}),
        ):
            for method, data in (
                ("get", None),
                ("put", {"item": "x", "quantity": 1, "price": 1}),
                ("patch", {}),
            ):
                with self.subTest(path=path, method=method):
                    self.assertAnswer(self.send(method, path, data), 404, body)
            self.assertAnswer(self.send("delete", path), 404, body)
        self.assertTrue(Order.objects.filter(id=26).exists())


class ValidationTests(OrdersTestCase):
    def assertInvalid(self, data, errors):
        self.assertAnswer(self.send("post", "/api/orders/", data), 400, errors)

    def test_missing_fields_and_bounds(self):
        self.assertInvalid(
            {"quantity": 0, "price": -1},
            {
                "item": REQUIRED,
                "quantity": ["Ensure this value is greater than or equal to 1."],
                "price": ["Ensure this value is greater than or equal to 0."],
            },
        )

    def test_each_message_of_the_contract(self):
        valid = {"item": "x", "quantity": 1, "price": "1.00"}
        cases = [
            ({"item": ""}, {"item": ["This field may not be blank."]}),
            ({"item": "x" * 101}, {"item": ["Ensure this field has no more than 100 characters."]}),
            ({"quantity": "abc"}, {"quantity": ["A valid integer is required."]}),
            ({"price": "1.234"}, {"price": ["Ensure that there are no more than 2 decimal places."]}),
            (
                {"price": "123456789.12"},
                {"price": ["Ensure that there are no more than 10 digits in total."]},
            ),
            ({"status": "bogus"}, {"status": ['"bogus" is not a valid choice.']}),
            ({"note": None}, {"note": ["This field may not be null."]}),
        ]
        for change, errors in cases:
            with self.subTest(change=change):
                self.assertInvalid({**valid, **change}, errors)

    def test_limits_that_pass(self):
        data = {"item": "x" * 100, "quantity": "3", "price": "12345678.90", "status": "shipped", "note": ""}
        response = self.send("post", "/api/orders/", data)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual((response.json()["quantity"], response.json()["price"]), (3, "12345678.90"))
        for status in ("pending", "paid", "shipped", "cancelled"):
            self.assertEqual(self.send("patch", "/api/orders/1/", {"status": status}).status_code, 200)


class HostileInputTests(OrdersTestCase):
    """Issue 23: no 500 on a lone surrogate or an id past 64 bits."""

    def send_raw(self, method, path, data):
        # The test client's own JSON renderer can't encode a lone surrogate: escaped, as a client sends it.
        return getattr(self.client, method)(path, hostile_json(data), content_type="application/json")

    def test_a_lone_surrogate_in_the_status_is_a_field_error(self):
        # DRF's ChoiceField repeats the input in its error, which no JSON renderer encodes (a 500 before).
        for method, path in (("post", "/api/orders/"), ("patch", "/api/orders/1/")):
            with self.subTest(method=method):
                response = self.send_raw(
                    method, path, {"item": "Widget", "quantity": 1, "price": "1.00", "status": "\ud800"}
                )
                self.assertAnswer(
                    response, 400, {"status": ["Surrogate characters are not allowed: U+D800."]}
                )
        self.client.credentials(
            HTTP_AUTHORIZATION=f"JWT {access_for(self.demo)}", HTTP_ACCEPT_LANGUAGE="zh-CN"
        )
        chinese = self.send_raw(
            "post", "/api/orders/", {"item": "Widget", "quantity": 1, "price": "1.00", "status": "\ud800"}
        )
        self.assertAnswer(chinese, 400, {"status": ["不允许使用代理字符: U+D800。"]})
        self.assertEqual(Order.objects.count(), 28)

    def test_an_id_past_64_bits_is_404(self):
        for number in (2**63, 2**64, 10**30):
            for method in ("get", "patch", "put", "delete"):
                with self.subTest(number=number, method=method):
                    self.assertAnswer(self.send(method, f"/api/orders/{number}/", {}), 404, NOT_FOUND)

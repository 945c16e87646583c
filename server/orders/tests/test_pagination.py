"""The pagination quirks of the contract: page sizes, page=last, invalid pages, absolute links."""

from django.contrib.auth import get_user_model
from rest_framework.test import APITestCase

from backend.tokens_for_tests import access_for
from orders.models import Order
from orders.seed import seed_demo_data

LIST = "http://testserver/api/orders/"
INVALID_PAGE = {"detail": "Invalid page."}


class PaginationTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        seed_demo_data()
        cls.demo = get_user_model().objects.get(username="demo")

    def setUp(self):
        self.client.credentials(HTTP_AUTHORIZATION=f"JWT {access_for(self.demo)}")

    def page(self, query, **extra):
        response = self.client.get(f"/api/orders/{query}", **extra)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def assertPage(self, body, ids, next_url, previous_url, count=25):
        self.assertEqual(list(body), ["count", "next", "previous", "results"])
        self.assertEqual(body["count"], count)
        self.assertEqual([order["id"] for order in body["results"]], ids)
        self.assertEqual((body["next"], body["previous"]), (next_url, previous_url))

    def test_ten_per_page_newest_first(self):
        self.assertPage(self.page(""), list(range(25, 15, -1)), f"{LIST}?page=2", None)
        self.assertPage(self.page("?page=1"), list(range(25, 15, -1)), f"{LIST}?page=2", None)

    def test_page_two_links_back_without_page(self):
        self.assertPage(self.page("?page=2"), list(range(15, 5, -1)), f"{LIST}?page=3", LIST)

    def test_the_last_page_by_number_and_by_name(self):
        for query in ("?page=3", "?page=last"):
            self.assertPage(self.page(query), [5, 4, 3, 2, 1], None, f"{LIST}?page=2")

    def test_page_size_is_carried_in_the_links(self):
        self.assertPage(
            self.page("?page=2&page_size=5"),
            [20, 19, 18, 17, 16],
            f"{LIST}?page=3&page_size=5",
            f"{LIST}?page_size=5",
        )

    def test_page_size_zero_or_junk_falls_back_to_ten_but_stays_in_the_links(self):
        for size in ("0", "abc", "-3"):
            with self.subTest(size=size):
                self.assertPage(
                    self.page(f"?page_size={size}"),
                    list(range(25, 15, -1)),
                    f"{LIST}?page=2&page_size={size}",
                    None,
                )

    def test_page_size_is_honoured_up_to_100(self):
        self.assertPage(self.page("?page_size=25"), list(range(25, 0, -1)), None, None)
        Order.objects.bulk_create(Order(owner=self.demo, item="bulk", quantity=1, price=1) for _ in range(80))
        body = self.page("?page_size=200")
        self.assertEqual((body["count"], len(body["results"])), (105, 100))
        self.assertEqual(body["next"], f"{LIST}?page=2&page_size=200")

    def test_page_zero_junk_or_past_the_end_is_404(self):
        for page in ("0", "abc", "4", "-1"):
            with self.subTest(page=page):
                response = self.client.get(f"/api/orders/?page={page}")
                self.assertEqual((response.status_code, response.json()), (404, INVALID_PAGE))

    def test_links_name_the_requests_host(self):
        body = self.page("?page=2", HTTP_HOST="localhost:5173")
        self.assertEqual(body["next"], "http://localhost:5173/api/orders/?page=3")
        self.assertEqual(body["previous"], "http://localhost:5173/api/orders/")

    def test_an_empty_list(self):
        Order.objects.filter(owner=self.demo).delete()
        self.assertPage(self.page(""), [], None, None, count=0)

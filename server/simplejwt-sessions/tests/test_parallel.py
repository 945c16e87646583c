"""One successor per refresh under parallel writers: threads, each with its own database connection, as processes
would be. On SQLite this needs IMMEDIATE transactions (Django 5.1+'s option, or the package's engine before)."""

import threading

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TransactionTestCase
from rest_framework.test import APIClient
from simplejwt_sessions.models import Session


class ParallelRefreshTests(TransactionTestCase):
    def test_parallel_refreshes_of_one_token_yield_one_successor_and_parallel_logins_all_succeed(self):
        get_user_model().objects.create_user("demo", password="correct horse 12")
        login = {"username": "demo", "password": "correct horse 12"}
        refresh = APIClient().post("/api/token/", login, format="json").json()["refresh"]
        answers, barrier = [], threading.Barrier(6)

        def worker(path, body):
            try:
                barrier.wait()
                answer = APIClient().post(path, body, format="json")
                answers.append((path, answer.status_code, answer.json().get("refresh")))
            finally:
                connection.close()

        threads = [
            threading.Thread(target=worker, args=("/api/token/refresh/", {"refresh": refresh}))
            for _ in range(3)
        ]
        threads += [threading.Thread(target=worker, args=("/api/token/", login)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(status for _, status, _ in answers), [200] * 6)
        successors = {token for path, _, token in answers if path == "/api/token/refresh/"}
        self.assertEqual(
            len(successors), 1
        )  # the winner's, given again to the others within the grace window
        self.assertEqual(Session.objects.count(), 4)

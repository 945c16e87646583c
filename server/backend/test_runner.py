"""Django's test runner, quiet below warnings, with a fast password hasher, as Django's docs advise for tests ("Speeding up the tests"):
Django 5.2's PBKDF2 takes 1,000,000 iterations, a third of a second for every login and password a test makes."""

import logging

from django.test.runner import DiscoverRunner
from django.test.utils import override_settings


class FastHasherRunner(DiscoverRunner):
    def setup_test_environment(self, **kwargs):
        super().setup_test_environment(**kwargs)
        self._fast_hasher = override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        )
        self._fast_hasher.enable()
        logging.disable(
            logging.INFO
        )  # the session log's ordinary lines; tests assert the warnings they expect

    def teardown_test_environment(self, **kwargs):
        logging.disable(logging.NOTSET)
        self._fast_hasher.disable()
        super().teardown_test_environment(**kwargs)

"""The environment runs exactly what its lock file pins (server/requirements*.txt): no other version, no extra."""

from django.test import SimpleTestCase

from backend.lockfile import differences, installed_versions, lock_file, locked_versions


class LockFileTests(SimpleTestCase):
    def test_the_installed_packages_are_the_locked_ones(self):
        self.assertEqual(differences(locked_versions(lock_file()), installed_versions()), [])

    def test_a_difference_is_found(self):
        locked = {"django": "5.2.19", "pyjwt": "2.15.1"}
        installed = {"django": "5.2.18", "pip": "23.2.1", "requests": "2.0"}
        self.assertEqual(
            differences(locked, installed),
            [
                "django is 5.2.18, the lock says 5.2.19",
                "pyjwt==2.15.1 is locked but not installed",
                "requests==2.0 is installed but not in the lock file",
            ],
        )

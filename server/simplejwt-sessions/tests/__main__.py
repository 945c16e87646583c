"""python -m tests [labels]: Django's test runner on the package's tests (run from server/simplejwt-sessions/)."""

import os
import sys

import django
from django.conf import settings
from django.test.utils import get_runner

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
django.setup()
runner = get_runner(settings)(verbosity=int(os.environ.get("VERBOSITY", "1")))
sys.exit(bool(runner.run_tests(sys.argv[1:] or ["tests"])))

"""WSGI entry point: `python3 -m gunicorn backend.wsgi:application` (cwd server/)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

application = get_wsgi_application()

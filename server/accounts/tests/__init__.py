from django.conf import settings
from django.test import override_settings


def override_sessions(**changes):
    """override_settings of some SIMPLEJWT_SESSIONS keys (the package's settings), the demo's others kept."""
    return override_settings(SIMPLEJWT_SESSIONS={**settings.SIMPLEJWT_SESSIONS, **changes})

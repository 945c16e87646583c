from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The demo's glue around the package simplejwt_sessions: GET /api/me/, the sliding dialect's token classes, and
    the drf-jwt dialect's (no models)."""

    name = "accounts"

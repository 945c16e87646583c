from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimpleJWTSessionsConfig(AppConfig):
    name = "simplejwt_sessions"
    label = "simplejwt_sessions"
    verbose_name = _("JWT sessions")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from simplejwt_sessions import checks  # noqa: F401  (registers the system checks)

        try:
            import drf_spectacular  # noqa: F401
            import rest_framework_simplejwt  # noqa: F401
        except ImportError:  # no schema; or only the lockout, beside another JWT package
            return
        from simplejwt_sessions import schema  # noqa: F401  (registers the OpenAPI extensions)

"""Business actions on accounts; views stay thin and call these."""

from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command, get_commands
from django.db import transaction
from django.db.models import F
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.models import TokenVersion
from accounts.tokens import VersionedRefreshToken


def token_pair_for(user) -> dict[str, str]:
    """A new pair, as POST /api/token/ gives it, carrying the user's current token version."""
    refresh = VersionedRefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


@transaction.atomic
def sessions_end_all(user) -> None:
    """Revokes every token the user holds: access tokens by a new token version (authentication refuses the old
    ones), refresh tokens by the blacklist as well (so simplejwt's own checks and admin see them revoked)."""
    TokenVersion.objects.get_or_create(user=user)
    TokenVersion.objects.filter(user=user).update(version=F("version") + 1)
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token=token) for token in outstanding])


def password_change_check(user, old_password: str, new_password: str) -> None:
    """Django's checks, both fields at once: PasswordChangeForm's for the old password, the AUTH_PASSWORD_VALIDATORS
    for the new one. Raises ValidationError({"old_password": [...], "new_password": [...]})."""
    errors = {}
    if not user.check_password(old_password):
        errors["old_password"] = [
            ValidationError(
                PasswordChangeForm.error_messages["password_incorrect"], code="password_incorrect"
            )
        ]
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        errors["new_password"] = error.error_list
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def password_change(user, old_password: str, new_password: str) -> dict[str, str]:
    """Changes the password after Django's checks, revokes every token of the user, and returns a new pair for
    the device that asked."""
    password_change_check(user, old_password, new_password)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    sessions_end_all(user)
    return token_pair_for(user)


# Where the device sessions have landed, their own purge runs after simplejwt's (a command of one of these names).
SESSION_PURGE_COMMANDS = ("purgesessions",)
# The tables a purge shrinks, for its report.
PURGED_MODELS = (OutstandingToken, BlacklistedToken)


def purged_table_rows() -> dict[str, int]:
    """Rows of each table the purge shrinks, by table name."""
    return {model._meta.db_table: model.objects.count() for model in PURGED_MODELS}


def tokens_purge_expired() -> list[str]:
    """Deletes what no check needs any more: expired refresh tokens, with their blacklist rows (simplejwt's
    flushexpiredtokens; a blacklisted token must stay until it expires, or it would be valid again), then the
    sessions' own purge where it exists. Returns the commands it ran, in order."""
    ran = ["flushexpiredtokens"]
    call_command("flushexpiredtokens")
    available = get_commands()
    for name in SESSION_PURGE_COMMANDS:
        if name in available:
            call_command(name)
            ran.append(name)
    return ran

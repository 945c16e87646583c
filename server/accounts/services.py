"""Business actions on accounts; views stay thin and call these.

Planned here (not implemented yet): changing a password, logging out everywhere (blacklisting every
outstanding refresh token of a user).
"""
from django.contrib.auth import get_user_model
from django.db import transaction


@transaction.atomic
def user_create(*, username: str, password: str, user_id: int | None = None):
    """Creates an active user with a hashed password (user_id pins the primary key, for seed data)."""
    user = get_user_model()(id=user_id, username=username)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user

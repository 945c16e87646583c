"""The SECRET_KEY when DJANGO_SECRET_KEY is unset: generated once, kept in a file beside the database."""

import os
import tempfile
from pathlib import Path

from django.core.management.utils import get_random_secret_key


def load_or_create(path: Path) -> str:
    """Reads the key at path, creating it first if missing (atomically, so parallel workers agree on one key)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
        try:
            with os.fdopen(fd, "w") as temp:
                temp.write(get_random_secret_key())
            os.link(temp_name, path)  # fails if another process won the race: then its key is used
        except FileExistsError:
            pass
        finally:
            os.unlink(temp_name)
    return path.read_text().strip()

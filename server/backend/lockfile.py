"""What the lock file of this environment pins, and how the installed packages differ from it."""

import re
from importlib import metadata
from pathlib import Path

from django.conf import settings

# Installed by `python -m venv` itself, not by the lock file.
VENV_OWN = {"pip", "setuptools", "wheel"}
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)


def canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them (Django, django; psycopg_binary, psycopg-binary)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_file() -> Path:
    """The lock file this environment is built from (server/python-env.mjs): one per dialect's environment."""
    return settings.BASE_DIR / (
        "requirements-drf-jwt.txt" if settings.DIALECT == "drf-jwt" else "requirements.txt"
    )


def locked_versions(path: Path) -> dict[str, str]:
    return {canonical(name): version for name, version in PIN.findall(path.read_text())}


def installed_versions() -> dict[str, str]:
    return {canonical(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}


def differences(locked: dict[str, str], installed: dict[str, str]) -> list[str]:
    """Every way the installed packages differ from the locked ones, one line each; [] when they are the same."""
    found = []
    for name, version in sorted(locked.items()):
        if name not in installed:
            found.append(f"{name}=={version} is locked but not installed")
        elif installed[name] != version:
            found.append(f"{name} is {installed[name]}, the lock says {version}")
    for name in sorted(set(installed) - set(locked) - VENV_OWN):
        found.append(f"{name}=={installed[name]} is installed but not in the lock file")
    return found

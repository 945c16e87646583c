"""The package's matrix: Django 4.2 LTS, 5.2 LTS and 6.0 on Python 3.10-3.13 (6.0 needs 3.12+; 4.2 supports up to
3.12), on SQLite and PostgreSQL. Each cell is a venv with its Django line's hash-pinned constraints file
(constraints/django-<line>.txt) and the built wheel (WHEEL), running the package's tests under Django's runner.

Run it through npm (`npm run test:matrix`, server/simplejwt-sessions/matrix.mjs), which builds the wheel, puts pyenv's
Pythons on PATH, starts a private PostgreSQL cluster (DATABASE_URL) and prints each cell's result and time; or
`nox -s "tests-3.12(django='6.0', db='sqlite')"` for one cell (WHEEL and, for db='postgres', DATABASE_URL set)."""

import hashlib
import os
from pathlib import Path

import nox

HERE = Path(__file__).parent
nox.options.reuse_venv = "yes"
# The cells' venvs beside the project's others (server/.venv*: git- and lint-ignored).
nox.options.envdir = str(HERE.parent / ".venv-nox")
nox.options.error_on_missing_interpreters = True

CELLS = [
    (python, django)
    for django, pythons in (
        ("4.2", ["3.10", "3.11", "3.12"]),
        ("5.2", ["3.10", "3.11", "3.12", "3.13"]),
        ("6.0", ["3.12", "3.13"]),
    )
    for python in pythons
]


def _install(session, constraints: Path, wheel: Path) -> None:
    """The cell's packages, from PyPI with hashes, then the wheel; skipped when the venv already has these two."""
    stamp = Path(session.virtualenv.location) / ".cell-stamp"
    digest = hashlib.sha256(constraints.read_bytes() + wheel.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    session.install("--require-hashes", "--no-deps", "-r", str(constraints))
    session.install("--no-deps", "--force-reinstall", str(wheel))
    stamp.write_text(digest)


@nox.session
@nox.parametrize("python,django", CELLS)
@nox.parametrize("db", ["sqlite", "postgres"])
def tests(session, django, db):
    wheel = Path(os.environ["WHEEL"])
    _install(session, HERE / "constraints" / f"django-{django}.txt", wheel)
    env = {
        "PYTHONPATH": str(HERE)
    }  # the tests (not in the wheel); the package comes from the installed wheel
    if db == "postgres":
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    else:
        env["DATABASE_URL"] = ""
    session.run(
        "python",
        "-c",
        "import django, simplejwt_sessions as s; print('Django', django.get_version(), s.__file__)",
        env=env,
        silent=False,
    )
    session.run("python", "-m", "tests", env=env)

"""Text a database can hold: PostgreSQL refuses NUL in text, and neither SQLite nor PostgreSQL takes a lone surrogate
(a str that is no UTF-8). What comes from outside is checked with `storable` before any query uses it."""

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> bool:
    """Whether this text can be stored or compared in the database (no NUL, no lone surrogate)."""
    return not _UNSTORABLE.search(text)


def stored(text: str) -> str:
    """The text without what the database can't hold (for free text such as a User-Agent)."""
    return _UNSTORABLE.sub("", text)


def strings_in(value):
    """Every str in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)

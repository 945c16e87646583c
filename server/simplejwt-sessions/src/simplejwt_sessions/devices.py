"""A session's device label, made from its User-Agent in the reader's language when it is shown."""

import json
import re
from functools import cache
from pathlib import Path

from django.utils.translation import gettext

RULES_FILE = Path(__file__).with_name("device_rules.json")


@cache
def rules() -> dict[str, list[tuple[str, re.Pattern]]]:
    """The rules shared with the mock (device_rules.json): [name, pattern] pairs, first match wins."""
    data = json.loads(RULES_FILE.read_text())
    return {
        kind: [(name, re.compile(pattern)) for name, pattern in data[kind]]
        for kind in ("browsers", "systems")
    }


def first_match(kind: str, user_agent: str) -> str | None:
    return next((name for name, pattern in rules()[kind] if pattern.search(user_agent)), None)


def device_label(user_agent: str) -> str:
    """ "Chrome on Linux", "Firefox", "Android"; an unknown client (curl, a script) is a neutral "Unknown device"."""
    browser, system = first_match("browsers", user_agent), first_match("systems", user_agent)
    if browser and system:
        return gettext("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or gettext("Unknown device")

"""The client's address, as the login lockout counts it.

REMOTE_ADDR is the peer of the socket: the client itself, or a proxy in front of the server. Only a proxy named in
TRUSTED_PROXIES is believed about the client (its CLIENT_ADDRESS_HEADER, X-Real-IP by default, which this project's
nginx sets to $remote_addr); any other peer's headers are the client's own words. X-Forwarded-For is never read: a
proxy that appends to it keeps whatever the client wrote on its left.
"""

import ipaddress
from functools import lru_cache

from simplejwt_sessions.settings import sessions_settings


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def is_trusted_proxy(address: str) -> bool:
    parsed = _parse(address)
    return parsed is not None and any(
        parsed.version == network.version and parsed in network
        for network in _networks(tuple(sessions_settings().TRUSTED_PROXIES))
    )


def client_address(request) -> str:
    """REMOTE_ADDR, or the address a trusted proxy gives when it parses as one."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    header = "HTTP_" + sessions_settings().CLIENT_ADDRESS_HEADER.upper().replace("-", "_")
    given = _parse(request.META.get(header, ""))
    return str(given) if given is not None else remote

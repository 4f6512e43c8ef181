"""The client address a login is counted against. No Streamlit import.

Streamlit knows only the address of the connection's other end. Behind a reverse proxy
that is the proxy's address for every user (``127.0.0.1`` for a proxy on the same
machine), so without more the per-address login limit would either never apply or apply
to everyone at once. ``DASHBOARD_TRUSTED_PROXIES`` names the proxies (addresses or
networks, comma-separated, e.g. ``127.0.0.1,::1`` or ``10.0.0.0/8``): when the connection
comes from one of them, the client is the right-most address of ``X-Forwarded-For``
that is not itself a trusted proxy (the left-most entries are whatever the client sent,
so they are never believed first). From anyone else the header is ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK = "127.0.0.1"


def parse_networks(raw: Iterable[str]) -> tuple[list[Network], list[str]]:
    """(networks, entries that are neither an address nor a network)."""
    nets: list[Network] = []
    bad: list[str] = []
    for item in raw:
        item = item.strip()
        if not item:
            continue
        try:
            nets.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            bad.append(item)
    return nets, bad


def _ip(raw: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    s = raw.strip().strip('"')
    if s.startswith("[") and "]" in s:  # [2001:db8::1]:443
        s = s[1 : s.index("]")]
    elif s.count(":") == 1:  # 203.0.113.9:51234
        s = s.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(s.split("%", 1)[0])
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None)
    return mapped or ip


def _trusted(ip, nets: Sequence[Network]) -> bool:
    return any(ip.version == n.version and ip in n for n in nets)


def client_address(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The address to count a login against. ``peer`` is the connection's address
    (``None`` means loopback, as Streamlit reports it); ``forwarded_for`` the
    ``X-Forwarded-For`` header, used only when the peer is a trusted proxy."""
    peer_ip = _ip(peer) if peer else _ip(LOOPBACK)
    if peer_ip is None:
        return (peer or LOOPBACK)[:100]
    client = peer_ip
    if forwarded_for and _trusted(peer_ip, trusted):
        for hop in reversed(forwarded_for.split(",")[-32:]):
            ip = _ip(hop)
            if ip is None:
                break  # garbage: stop at the last address a trusted proxy vouched for
            client = ip
            if not _trusted(ip, trusted):
                break
    return client.compressed

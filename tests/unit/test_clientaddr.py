"""The address a login is counted against (issue 12, defect 4): the per-address limit never
applied when the client was on loopback, which is every client behind a local reverse
proxy; a configured trusted proxy's X-Forwarded-For now gives the client."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dashboard.clientaddr import client_address, parse_networks

LOCAL, _ = parse_networks(["127.0.0.1", "::1"])
NETS, BAD = parse_networks(["127.0.0.1", "::1", "10.0.0.0/8", "bukan-alamat", " "])


def test_networks_and_bad_entries():
    assert [str(n) for n in NETS] == ["127.0.0.1/32", "::1/128", "10.0.0.0/8"] and BAD == ["bukan-alamat"]


@pytest.mark.parametrize("peer,xff,trusted,want", [
    (None, None, [], "127.0.0.1"),  # loopback (Streamlit reports None): counted, not skipped
    (None, "203.0.113.9", [], "127.0.0.1"),  # the header of an untrusted peer is ignored
    ("198.51.100.4", "203.0.113.9", LOCAL, "198.51.100.4"),
    (None, "203.0.113.9", LOCAL, "203.0.113.9"),  # a local proxy vouches for the client
    ("::1", "203.0.113.9", LOCAL, "203.0.113.9"),
    (None, "1.2.3.4, 203.0.113.9", LOCAL, "203.0.113.9"),  # the left part is the client's own claim
    (None, "203.0.113.9, 10.1.2.3", NETS, "203.0.113.9"),  # a chain of trusted proxies
    (None, "10.1.2.3, 10.2.3.4", NETS, "10.1.2.3"),  # all trusted: the left-most
    (None, "garbage, 203.0.113.9", LOCAL, "203.0.113.9"),
    (None, "203.0.113.9, garbage", LOCAL, "127.0.0.1"),  # unparseable hop: stop at the proxy
    (None, "[2001:db8::1]:443", LOCAL, "2001:db8::1"),
    (None, "203.0.113.9:51234", LOCAL, "203.0.113.9"),
    (None, "::ffff:203.0.113.9", LOCAL, "203.0.113.9"),
    (None, "", LOCAL, "127.0.0.1"),
    (None, "x" * 10000, LOCAL, "127.0.0.1"),
])
def test_client_address(peer, xff, trusted, want):
    assert client_address(peer, xff, trusted) == want


def test_the_page_glue_reads_the_setting_and_the_header(monkeypatch):
    from dashboard.ui import auth as ui_auth

    ctx = SimpleNamespace(ip_address=None, headers={"X-Forwarded-For": "203.0.113.9"})
    monkeypatch.setattr(ui_auth, "st", SimpleNamespace(context=ctx))
    monkeypatch.delenv("DASHBOARD_TRUSTED_PROXIES", raising=False)
    assert ui_auth._client() == "127.0.0.1"
    monkeypatch.setenv("DASHBOARD_TRUSTED_PROXIES", "127.0.0.1,::1")
    assert ui_auth._client() == "203.0.113.9"
    ctx.ip_address = "198.51.100.4"
    assert ui_auth._client() == "198.51.100.4"

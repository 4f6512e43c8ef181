"""Fixtures of the collector tests: fixture sites on loopback, a fast politeness policy,
and a guard that fails the test if anything tries to connect outside loopback."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from dashboard.collect.fetch import Politeness
from tests.collect.fixture_site import WordPressSite

# Small numbers so the tests run quickly; each politeness test sets the rule it checks.
FAST = Politeness(
    user_agent="DasborPemilihan/0.1 (+mailto:uji@contoh.invalid; test)",
    min_interval=0.0, per_origin=8, connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0,
    retries=1, backoff=0.01, backoff_max=1.0, trust_env=False,
)


def is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Every connection a test makes goes to loopback; any other is refused and fails the test."""
    outside: list = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address):
            outside.append(address)
            raise ConnectionRefusedError(f"test guard: no connection outside loopback ({address})")
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address):
            outside.append(address)
            return 111
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield outside
    assert not outside, f"connections outside loopback were attempted: {outside}"


@pytest.fixture
def site():
    with WordPressSite(slow_seconds=3.0) as s:
        yield s


@pytest.fixture
def fast() -> Politeness:
    return FAST

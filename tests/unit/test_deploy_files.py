"""The deployment files agree with each other: every replica in the nginx file has its
own group (itself first, every other replica as backup) and its name in both maps; the
Compose file runs one service per replica on that port; the systemd unit starts the app
on the port nginx expects. (The browser test runs the nginx file itself.)"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _blocks(text: str, kind: str) -> dict[str, str]:
    return {m[1]: m[2] for m in re.finditer(rf"^{kind} (\S+)[^\n{{]*\{{\n(.*?)^\}}", text, flags=re.M | re.S)}


def _servers(body: str) -> list[tuple[str, bool]]:
    return [(m[1], "backup" in m[2]) for m in re.finditer(r"^\s*server (\S+)(.*);", body, flags=re.M)]


def test_every_replica_has_its_group_and_its_name_in_both_maps():
    text = (DEPLOY / "nginx" / "dashboard.conf").read_text(encoding="utf-8")
    upstreams = _blocks(text, "upstream")
    replicas = [addr for addr, _ in _servers(upstreams.pop("dashboard"))]
    assert len(replicas) >= 2 and all(addr.startswith("127.0.0.1:") for addr in replicas)
    maps = _blocks(text, "map")
    to_group = dict(re.findall(r"^\s*(r\d+)\s+(\S+);", maps["$cookie_dashboard_replica"], flags=re.M))
    to_name = dict(re.findall(r"^\s*~:(\d+)\$\s+(r\d+);", maps["$upstream_addr"], flags=re.M))
    assert sorted(to_name) == sorted(addr.split(":")[1] for addr in replicas)
    assert sorted(to_group) == sorted(to_name.values())
    for addr in replicas:
        name = to_name[addr.split(":")[1]]
        servers = _servers(upstreams[to_group[name]])
        assert servers[0] == (addr, False), (name, servers)  # the replica itself first
        assert sorted(servers[1:]) == sorted((a, True) for a in replicas if a != addr), (name, servers)
    assert sorted(upstreams) == sorted(to_group.values())


def test_compose_and_systemd_run_the_replicas_nginx_expects():
    nginx = (DEPLOY / "nginx" / "dashboard.conf").read_text(encoding="utf-8")
    ports = sorted(set(re.findall(r"server 127\.0\.0\.1:(\d+)", nginx)))
    compose = (DEPLOY / "compose" / "compose.yaml").read_text(encoding="utf-8")
    services = re.findall(r"^  replica-(\d+):\n(.*?)(?=^  \S|\Z)", compose, flags=re.M | re.S)
    assert sorted(p for p, _ in services) == ports
    for port, body in services:
        assert f'STREAMLIT_SERVER_PORT: "{port}"' in body
    # the proxy image turns 127.0.0.1:PORT into the service replica-PORT
    assert "s/127\\.0\\.0\\.1:([0-9]+)/replica-\\1:\\1/g" in (DEPLOY / "compose" / "Dockerfile").read_text()
    unit = (DEPLOY / "systemd" / "dashboard@.service").read_text(encoding="utf-8")
    command = r"-m dashboard\.ui\.run app\.py \\\n\s+--server\.port %i --server\.address 127\.0\.0\.1"
    assert re.search(command, unit)

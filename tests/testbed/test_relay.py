"""The endpoint relay's config rewriting and its clean-up, without a sandbox."""

from __future__ import annotations

import tempfile
from pathlib import Path

from autogen.testbed._relay import HostRelay, routes_for


def test_routes_rewrite_each_endpoint_to_a_loopback_listener(tmp_path: Path) -> None:
    configs = [
        {"model": "a", "base_url": "http://127.0.0.1:8000/v1", "api_key": "k"},
        {"model": "b", "api_key": "k"},  # the SDK's default endpoint
        {"model": "c", "base_url": "https://example.invalid/openai", "api_type": "azure"},
        {"model": "d", "base_url": "http://127.0.0.1:8000/v1"},  # same endpoint, same route
    ]
    routes, rewritten, hosts = routes_for(configs, tmp_path)
    assert [(r.host, r.port, r.listen_ip, r.listen_port) for r in routes] == [
        ("127.0.0.1", 8000, "127.0.0.2", 8000),
        ("api.openai.com", 443, "127.0.0.3", 20003),
        ("example.invalid", 443, "127.0.0.4", 20004),
    ]
    assert [c["base_url"] for c in rewritten] == [
        "http://127.0.0.2:8000/v1",
        "https://api.openai.com:20003/v1",  # the name stays, so TLS still verifies it
        "https://example.invalid:20004/openai",
        "http://127.0.0.2:8000/v1",
    ]
    assert hosts == {"api.openai.com": "127.0.0.3", "example.invalid": "127.0.0.4"}
    assert configs[1] == {"model": "b", "api_key": "k"}  # the caller's list is untouched


def test_stale_relay_folders_of_dead_processes_are_removed() -> None:
    stale = Path(tempfile.mkdtemp(prefix="autogen-relay-999999999-"))
    relay = HostRelay([{"model": "m", "base_url": "http://127.0.0.1:9/v1"}])
    try:
        assert not stale.exists()
        assert relay.dir.exists() and (relay.dir / "hosts").read_text().startswith("127.0.0.1 localhost")
    finally:
        relay.close()
        relay.close()  # twice is fine
    assert not relay.dir.exists()

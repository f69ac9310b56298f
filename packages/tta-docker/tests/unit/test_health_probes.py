"""Readiness probes against real local sockets and HTTP servers (no Docker needed)."""

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tta_docker import HttpProbe, TcpProbe
from tta_docker.health import probe_ready


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/ok" else 503)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture
def http_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_tcp_probe(http_port: int) -> None:
    assert probe_ready(TcpProbe(port=http_port))
    assert not probe_ready(TcpProbe(port=closed_port()), timeout=0.5)


def test_http_probe_needs_a_success_status(http_port: int) -> None:
    assert probe_ready(HttpProbe(url=f"http://127.0.0.1:{http_port}/ok"))
    assert not probe_ready(HttpProbe(url=f"http://127.0.0.1:{http_port}/busy"))
    assert not probe_ready(HttpProbe(url=f"http://127.0.0.1:{closed_port()}/"), timeout=0.5)


def test_http_probe_refuses_other_schemes() -> None:
    with pytest.raises(ValueError, match="http"):
        probe_ready(HttpProbe(url="file:///etc/passwd"))

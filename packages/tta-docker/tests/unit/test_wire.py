"""The CLI's standard-library engine client: when it is used, errors, and what ``down`` imports."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tta_docker import DockerSettings
from tta_docker.errors import (
    ContainerNotFoundError,
    DockerUnavailableError,
    EngineError,
    NetworkNotFoundError,
)
from tta_docker.wire import (
    CONNECT_TIMEOUT,
    LABEL_PREFIX,
    REQUEST_TIMEOUT,
    STOP_TIMEOUT,
    WireClient,
    wire_host,
)


def test_defaults_are_the_settings_defaults() -> None:
    settings = DockerSettings(_env_file=None)  # type: ignore[call-arg]
    defaults = (LABEL_PREFIX, STOP_TIMEOUT, CONNECT_TIMEOUT, REQUEST_TIMEOUT)
    assert defaults == (
        settings.label_prefix,
        settings.stop_timeout,
        settings.connect_timeout,
        settings.request_timeout,
    )


@pytest.mark.parametrize(
    ("environ", "host"),
    [
        ({}, "unix:///var/run/docker.sock"),
        ({"DOCKER_HOST": "unix:///run/user/1/docker.sock"}, "unix:///run/user/1/docker.sock"),
        ({"DOCKER_HOST": "tcp://127.0.0.1:2375"}, "tcp://127.0.0.1:2375"),
        ({"DOCKER_HOST": "ssh://me@box"}, None),
        ({"DOCKER_HOST": "tcp://box:2376", "DOCKER_TLS_VERIFY": "1"}, None),
        ({"TTA_DOCKER_STOP_TIMEOUT": "2"}, None),
        ({"tta_docker_label_prefix": "x"}, None),
    ],
)
def test_only_plain_transports_with_default_settings_use_the_wire(
    environ: dict[str, str], host: str | None
) -> None:
    assert wire_host(environ) == host


@pytest.mark.parametrize("host", ["tcp://127.0.0.1:1", "unix:///nonexistent/tta-wire.sock"])
def test_absent_daemon_is_unavailable(host: str) -> None:
    with pytest.raises(DockerUnavailableError, match="unavailable") as caught:
        WireClient(host).containers(all=True, filters={"label": ["tta.stack=x"]})
    assert caught.value.base_url == host


class FakeEngine(BaseHTTPRequestHandler):
    """Answers like the engine: a listing, a 404 for a container and a network, a 500."""

    def _answer(self, status: int, payload: object) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.startswith("/containers/json?all=1&filters="):
            self._answer(200, [{"Id": "c1", "Names": ["/tta-x-db"], "Labels": {}}])
        else:
            self._answer(404, {"message": "page not found"})

    def do_POST(self) -> None:
        self._answer(500, {"message": "engine on fire"})

    def do_DELETE(self) -> None:
        kind = self.path.split("/")[1]
        self._answer(404, {"message": f"No such {kind[:-1]}: gone"})

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def engine() -> Iterator[WireClient]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEngine)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield WireClient(f"tcp://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    server.server_close()


def test_answers_and_errors_are_translated(engine: WireClient) -> None:
    assert engine.containers(all=True, filters={"label": ["tta.stack=x"]}) == [
        {"Id": "c1", "Names": ["/tta-x-db"], "Labels": {}}
    ]
    with pytest.raises(ContainerNotFoundError, match="gone"):
        engine.remove_container("gone", force=True)
    with pytest.raises(NetworkNotFoundError):
        engine.remove_network("gone")
    with pytest.raises(EngineError, match="engine on fire") as caught:
        engine.stop("c1", timeout=1)
    assert caught.value.status_code == 500


def test_a_server_that_is_not_http_is_unavailable() -> None:
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()

        def babble() -> None:
            peer, _ = listener.accept()
            with peer:
                peer.recv(1024)
                peer.sendall(b"SSH-2.0-OpenSSH\r\n")

        threading.Thread(target=babble, daemon=True).start()
        client = WireClient(f"tcp://127.0.0.1:{listener.getsockname()[1]}")
        with pytest.raises(DockerUnavailableError, match="did not answer HTTP"):
            client.volumes(filters={})


def test_down_by_name_imports_neither_the_sdk_nor_pydantic_yaml_or_rich() -> None:
    script = (
        "import sys; from tta_docker.cli import main; code = main(['-p', 'x', 'down']); "
        "heavy = ('docker', 'requests', 'pydantic', 'yaml', 'rich', 'http.client'); "
        "print(code, sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={"DOCKER_HOST": "tcp://127.0.0.1:1", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split(" ", 1) == ["1", "[]\n"]
    assert "unavailable" in result.stderr

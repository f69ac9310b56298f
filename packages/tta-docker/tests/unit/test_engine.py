"""The engine boundary without a daemon: connection failures, retries, translation."""

import socket
import time

import docker
import pytest
import requests
from docker.errors import APIError, DockerException

from tta_docker import DockerManager, DockerSettings, DockerUnavailableError, NameConflictError
from tta_docker.engine import Engine


@pytest.mark.parametrize("host", ["tcp://127.0.0.1:1", "unix:///nonexistent/tta-docker-test.sock"])
def test_absent_daemon_is_reported_quickly(host: str) -> None:
    started = time.monotonic()
    with pytest.raises(DockerUnavailableError, match="unavailable") as caught:
        DockerManager(DockerSettings(base_url=host))
    assert time.monotonic() - started < 2
    assert caught.value.base_url == host
    assert isinstance(caught.value.__cause__, DockerException)


def test_silent_daemon_is_reported_after_the_connect_timeout() -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        host = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(DockerUnavailableError, match="timed out"):
            DockerManager(DockerSettings(base_url=host, connect_timeout=1.0))
        assert time.monotonic() - started < 2


def test_a_daemon_that_falls_silent_fails_ping_after_the_connect_timeout() -> None:
    """It answered the version probe, then stopped answering: ping says so, never hangs."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    stop = threading.Event()

    class FallsSilent(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.endswith("/version"):
                body = b'{"ApiVersion": "1.41", "Version": "20.10.24"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                stop.wait(30)  # silent

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), FallsSilent)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host = f"tcp://127.0.0.1:{server.server_address[1]}"
        manager = DockerManager(DockerSettings(base_url=host, connect_timeout=1.0))
        started = time.monotonic()
        with pytest.raises(DockerUnavailableError, match="timed out"):
            manager.ping()
        assert time.monotonic() - started < 2
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def test_environment_is_honoured() -> None:
    with pytest.raises(DockerUnavailableError, match=r"127\.0\.0\.1:1"):
        DockerManager(DockerSettings(), environ={"DOCKER_HOST": "tcp://127.0.0.1:1"})


class FlakyAction:
    """Fails ``failures`` times with ``error``, then returns "ok"."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures = failures
        self.error = error
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return "ok"


def engine(retries: int = 3) -> Engine:
    client = docker.DockerClient(base_url="tcp://127.0.0.1:1", version="1.41")
    return Engine(client, DockerSettings(retries=retries, retry_backoff=0))


def test_transient_failures_are_retried_until_success() -> None:
    action = FlakyAction(2, requests.exceptions.ConnectionError("Connection reset by peer"))
    assert engine().call(action) == "ok"
    assert action.calls == 3


def test_retries_give_up_with_a_typed_error() -> None:
    action = FlakyAction(5, requests.exceptions.ConnectionError("Connection reset by peer"))
    with pytest.raises(DockerUnavailableError):
        engine(retries=3).call(action)
    assert action.calls == 3


def test_user_errors_are_not_retried() -> None:
    response = requests.Response()
    response.status_code = 409
    conflict = APIError("x", response=response, explanation="name already in use")
    action = FlakyAction(1, conflict)
    with pytest.raises(NameConflictError):
        engine().call(action, subject="web")
    assert action.calls == 1


def test_programming_errors_pass_through() -> None:
    with pytest.raises(ZeroDivisionError):
        engine().call(lambda: 1 / 0)

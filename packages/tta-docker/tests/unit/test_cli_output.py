"""What the CLI shows, rendered into strings."""

import io
import json

from rich.console import Console

from tta_docker import Health, PortMapping, ServiceEvent, ServiceStatus
from tta_docker.cli_output import Output, PlainProgress, ProgressView

STATUSES = [
    ServiceStatus(
        service="api",
        container="tta-demo-api",
        state="running",
        ports=(PortMapping(container_port=80, host_port=8080, host_ip="127.0.0.1"),),
    ),
    ServiceStatus(service="db", container="tta-demo-db", state="running", health=Health.HEALTHY),
    ServiceStatus(service="job", container="tta-demo-job", state="exited", exit_code=0),
]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_live_table_on_a_terminal_shows_each_service_state() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100)
    with ProgressView(console, "up demo") as progress:
        progress(ServiceEvent(service="db", state="starting"))
        progress(ServiceEvent(service="db", state="healthy"))
        progress(ServiceEvent(service="api", state="failed", detail="port busy\nmore"))
    text = buffer.getvalue()
    assert "up demo" in text
    assert "healthy" in text
    assert "port busy" in text
    assert "more" not in text


def test_plain_lines_without_a_terminal_and_nothing_when_quiet() -> None:
    buffer = io.StringIO()
    with PlainProgress(buffer) as progress:
        progress(ServiceEvent(service="db", state="waiting", detail="[cache]"))
    assert buffer.getvalue() == "db: waiting ([cache])\n"
    quiet = io.StringIO()
    with PlainProgress(quiet, quiet=True) as progress:
        progress(ServiceEvent(service="db", state="started"))
    assert quiet.getvalue() == ""


def test_piped_status_is_an_aligned_plain_table() -> None:
    out = io.StringIO()
    Output(as_json=False, out=out, err=io.StringIO()).statuses("demo", STATUSES)
    assert out.getvalue().splitlines() == [
        "stack demo",
        "service  container     state       health   ports",
        "api      tta-demo-api  running              127.0.0.1:8080->80/tcp",
        "db       tta-demo-db   running     healthy",
        "job      tta-demo-job  exited (0)",
    ]


def test_terminal_output_uses_rich() -> None:
    out, err = Terminal(), Terminal()
    output = Output(as_json=False, out=out, err=err)
    output.statuses("demo", STATUSES)
    output.error("it [broke]")
    assert isinstance(output.progress("up"), ProgressView)
    assert "tta-demo-db" in out.getvalue()
    assert "healthy" in out.getvalue()
    assert "it [broke]" in err.getvalue()


def test_json_output() -> None:
    out, err = io.StringIO(), io.StringIO()
    output = Output(as_json=True, out=out, err=err)
    output.message("done", volumes=["v"])
    output.error("bad")
    assert json.loads(out.getvalue()) == {"message": "done", "volumes": ["v"]}
    assert json.loads(err.getvalue()) == {"error": "bad"}
    assert isinstance(output.progress("up"), PlainProgress)

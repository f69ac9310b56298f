"""What the CLI shows, rendered into a string console."""

import io

from rich.console import Console

from tta_docker import ServiceEvent
from tta_docker.cli_output import ProgressView


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
    with ProgressView(Console(file=buffer, force_terminal=False), "up") as progress:
        progress(ServiceEvent(service="db", state="waiting", detail="[cache]"))
    assert buffer.getvalue() == "db: waiting ([cache])\n"
    quiet = io.StringIO()
    with ProgressView(Console(file=quiet), "up", quiet=True) as progress:
        progress(ServiceEvent(service="db", state="started"))
    assert quiet.getvalue() == ""

"""What the ``tta-docker`` CLI shows: live per-service progress (rich) on stderr, and results
as tables or, with ``--json``, as JSON on stdout."""

from __future__ import annotations

import json
import sys
import threading
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

from tta_docker.models import ServiceEvent, ServiceStatus

__all__ = ["Output", "ProgressView"]

_STYLE = {
    "failed": "bold red",
    "healthy": "green",
    "started": "green",
    "completed": "green",
    "removed": "dim",
    "built": "green",
}


class ProgressView:
    """Per-service state while a long operation runs: a live table on a terminal, one line
    per change otherwise (and nothing with ``quiet``)."""

    def __init__(self, console: Console, title: str, *, quiet: bool = False) -> None:
        self._console = console
        self._title = title
        self._quiet = quiet
        self._states: dict[str, tuple[str, str]] = {}
        self._lock = threading.Lock()
        self._live: Live | None = None

    def __enter__(self) -> ProgressView:
        if not self._quiet and self._console.is_terminal:
            self._live = Live(self._table(), console=self._console, refresh_per_second=8)
            self._live.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.update(self._table())
            self._live.__exit__(exc_type, exc, tb)

    def __call__(self, event: ServiceEvent) -> None:
        detail = event.detail.splitlines()[0][:80] if event.detail else ""
        with self._lock:
            self._states[event.service] = (event.state, detail)
            if self._quiet:
                return
            if self._live is not None:
                self._live.update(self._table())
            else:
                suffix = f" ({detail})" if detail else ""
                self._console.print(f"{event.service}: {event.state}{suffix}", markup=False)

    def _table(self) -> Table:
        table = Table(title=self._title, title_justify="left")
        table.add_column("service")
        table.add_column("state")
        table.add_column("detail", overflow="fold")
        for service, (state, detail) in sorted(self._states.items()):
            table.add_row(service, Text(state, style=_STYLE.get(state, "yellow")), Text(detail))
        return table


class Output:
    """Results on stdout (tables or JSON) and messages on stderr."""

    def __init__(self, *, as_json: bool) -> None:
        self.as_json = as_json
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False)

    def progress(self, title: str) -> ProgressView:
        return ProgressView(self.err, title, quiet=self.as_json)

    def data(self, payload: Any) -> None:
        sys.stdout.write(json.dumps(payload, indent=2, sort_keys=True) + "\n")
        sys.stdout.flush()

    def statuses(self, stack: str, statuses: list[ServiceStatus]) -> None:
        if self.as_json:
            self.data({"stack": stack, "services": [s.model_dump(mode="json") for s in statuses]})
            return
        table = Table(title=f"stack {stack}", title_justify="left")
        for column in ("service", "container", "state", "health", "ports"):
            table.add_column(column)
        for s in statuses:
            state = s.state if s.exit_code is None else f"{s.state} ({s.exit_code})"
            health = "" if s.health.value == "none" else s.health.value
            table.add_row(s.service, s.container, state, health, s.port_text())
        self.out.print(table)

    def message(self, text: str, **payload: Any) -> None:
        if self.as_json:
            self.data({"message": text, **payload})
        else:
            self.out.print(text, markup=False)

    def error(self, text: str) -> None:
        if self.as_json:
            sys.stderr.write(json.dumps({"error": text}) + "\n")
        else:
            self.err.print(Text.assemble(("error: ", "bold red"), text))

"""What the ``tta-docker`` CLI shows: per-service progress on stderr, results on stdout as
tables or, with ``--json``, as JSON.

On a terminal, progress is a live rich table and results are rich tables. Piped output is
plain text, and rich is then never imported: it is the largest part of the CLI's start-up
time, which matters when scripts call ``tta-docker`` in a loop.
"""

from __future__ import annotations

import json
import sys
import threading
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live
    from rich.table import Table

    from tta_docker.models import ServiceStatus

__all__ = ["Output", "PlainProgress", "ProgressView"]


class Step(Protocol):
    """What progress shows: a ServiceEvent, or a teardown Change (``down`` skips pydantic)."""

    @property
    def service(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def detail(self) -> str: ...


_STYLE = {
    "failed": "bold red",
    "healthy": "green",
    "started": "green",
    "completed": "green",
    "removed": "dim",
    "built": "green",
}
_COLUMNS = ("service", "container", "state", "health", "ports")


def _first_line(detail: str) -> str:
    return detail.splitlines()[0][:80] if detail else ""


class PlainProgress:
    """One ``service: state (detail)`` line per change (nothing with ``quiet``)."""

    def __init__(self, stream: IO[str], *, quiet: bool = False) -> None:
        self._stream = stream
        self._quiet = quiet
        self._lock = threading.Lock()

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def __call__(self, event: Step) -> None:
        if self._quiet:
            return
        detail = _first_line(event.detail)
        suffix = f" ({detail})" if detail else ""
        with self._lock:
            self._stream.write(f"{event.service}: {event.state}{suffix}\n")
            self._stream.flush()


class ProgressView:
    """A live rich table of each service's latest state."""

    def __init__(self, console: Console, title: str) -> None:
        from rich.live import Live  # noqa: PLC0415 - only terminals pay for rich

        self._title = title
        self._states: dict[str, tuple[str, str]] = {}
        self._lock = threading.Lock()
        self._live: Live = Live(self._table(), console=console, refresh_per_second=8)

    def __enter__(self) -> ProgressView:
        self._live.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._live.update(self._table())
        self._live.__exit__(exc_type, exc, tb)

    def __call__(self, event: Step) -> None:
        with self._lock:
            self._states[event.service] = (event.state, _first_line(event.detail))
            self._live.update(self._table())

    def _table(self) -> Table:
        from rich.table import Table  # noqa: PLC0415 - only terminals pay for rich
        from rich.text import Text  # noqa: PLC0415

        table = Table(title=self._title, title_justify="left")
        for column in ("service", "state", "detail"):
            table.add_column(column)
        for service, (state, detail) in sorted(self._states.items()):
            table.add_row(service, Text(state, style=_STYLE.get(state, "yellow")), Text(detail))
        return table


def _rows(statuses: list[ServiceStatus]) -> list[tuple[str, ...]]:
    rows = []
    for s in statuses:
        state = s.state if s.exit_code is None else f"{s.state} ({s.exit_code})"
        health = "" if s.health.value == "none" else s.health.value
        rows.append((s.service, s.container, state, health, s.port_text()))
    return rows


class Output:
    """Results on ``out`` and messages on ``err`` (rich only when they are terminals)."""

    def __init__(
        self, *, as_json: bool, out: IO[str] | None = None, err: IO[str] | None = None
    ) -> None:
        self.as_json = as_json
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def _console(self, stream: IO[str]) -> Console:
        from rich.console import Console  # noqa: PLC0415 - only terminals pay for rich

        return Console(file=stream, highlight=False)

    def progress(self, title: str) -> PlainProgress | ProgressView:
        if not self.as_json and self.err.isatty():
            return ProgressView(self._console(self.err), title)
        return PlainProgress(self.err, quiet=self.as_json)

    def data(self, payload: Any) -> None:
        self.out.write(json.dumps(payload, indent=2, sort_keys=True) + "\n")
        self.out.flush()

    def statuses(self, stack: str, statuses: list[ServiceStatus]) -> None:
        if self.as_json:
            self.data({"stack": stack, "services": [s.model_dump(mode="json") for s in statuses]})
            return
        rows = _rows(statuses)
        if self.out.isatty():
            from rich.table import Table  # noqa: PLC0415 - only terminals pay for rich

            table = Table(title=f"stack {stack}", title_justify="left")
            for column in _COLUMNS:
                table.add_column(column)
            for row in rows:
                table.add_row(*row)
            self._console(self.out).print(table)
            return
        widths = [max(len(r[i]) for r in [_COLUMNS, *rows]) for i in range(len(_COLUMNS))]
        self.out.write(f"stack {stack}\n")
        for row in [_COLUMNS, *rows]:
            self.out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
            self.out.write("\n")
        self.out.flush()

    def message(self, text: str, **payload: Any) -> None:
        if self.as_json:
            self.data({"message": text, **payload})
        else:
            self.out.write(text + "\n")

    def error(self, text: str) -> None:
        if self.as_json:
            self.err.write(json.dumps({"error": text}) + "\n")
        elif self.err.isatty():
            from rich.text import Text  # noqa: PLC0415 - only terminals pay for rich

            self._console(self.err).print(Text.assemble(("error: ", "bold red"), text))
        else:
            self.err.write(f"error: {text}\n")

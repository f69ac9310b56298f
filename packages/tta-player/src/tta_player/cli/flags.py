"""``tta flags``: each component's effective mode and where each value came from.

``--json`` prints the same rows as the admin endpoint; ``--check`` also loads every legacy
implementation a mode needs and checks it against its Protocol, exactly as startup would.
Exit status: 0 fine, 2 when the flags (or, with ``--check``, a legacy implementation) would
stop the service from starting, with the reason on one line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from tta_core import (
    Component,
    DockerStackManager,
    FlagSet,
    TTACoreError,
    load_implementation,
    resolve_flags,
)

__all__ = ["add_flags_command", "check_legacy", "run_flags"]


def add_flags_command(commands: Any) -> None:
    """Add ``flags`` to the ``tta`` command's subparsers."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "flags", help="show each component's rollout mode and where it came from"
    )
    parser.add_argument("--json", action="store_true", help="print JSON rows")
    parser.add_argument(
        "--check", action="store_true", help="also load and check the legacy implementations"
    )


def check_legacy(flags: FlagSet, environ: Mapping[str, str]) -> None:
    """Load what each mode needs, as startup does; raises a ``TTACoreError`` when broken."""
    # The service's modules (FastAPI, the database) load only for ``--check``: building the
    # ``tta`` parser imports this module, and ``tta serve`` starts its model before them.
    from tta_player.rollout.install import (  # noqa: PLC0415
        legacy_checker,
        legacy_url,
        load_legacy_orchestrator,
    )

    docker = flags[Component.DOCKER]
    if docker.needs_legacy:
        load_implementation("TTA_LEGACY_DOCKER", docker.legacy, DockerStackManager)
    agents = flags[Component.AGENT_ORCHESTRATION]
    if agents.needs_legacy:
        legacy_checker(load_legacy_orchestrator(agents), environ)
    player = flags[Component.PLAYER_EXPERIENCE]
    if player.needs_legacy:
        legacy_url(player)


def _table(flags: FlagSet) -> str:
    rows = [("COMPONENT", "MODE", "SOURCE", "LEGACY")]
    for row in flags.describe():
        legacy = f"{row['legacy']} (from {row['legacy_source']})" if row["legacy"] else "-"
        rows.append((str(row["component"]), str(row["mode"]), str(row["source"]), legacy))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[3]]))
    return "\n".join(lines)


def run_flags(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        flags = resolve_flags(environ)
        if args.check:
            check_legacy(flags, environ)
    except TTACoreError as exc:
        print(f"tta flags: {exc}", file=err)
        return 2
    if args.json:
        print(json.dumps(flags.describe(), indent=2), file=out)
    else:
        print(_table(flags), file=out)
    return 0

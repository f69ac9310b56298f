"""``tta stack up|down|status``: the DOCKER component's seam, driven by its flag.

``tta_docker`` stands alone (its own ``tta-docker`` CLI always runs the new code), so the
flag-aware entry point lives here: ``TTA_FLAG_DOCKER`` picks the new stack manager
(``tta_docker``'s ``Stack``), the legacy one from ``TTA_LEGACY_DOCKER=module:factory``, a
canary choice for the whole stack, or legacy with ``status`` shadowed by the new manager
(divergences are logged to stderr). Exit status: 0 ok, 1 the operation failed, 2 bad flags
or a broken legacy implementation.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from prometheus_client import CollectorRegistry

from tta_core import (
    Component,
    DockerStackManager,
    RolloutMetrics,
    TTACoreError,
    build_stack_manager,
    resolve_flags,
)

__all__ = ["add_stack_command", "new_stack_factory", "run_stack"]


def add_stack_command(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "stack", help="bring a Compose stack up or down, or show it, by the DOCKER flag"
    )
    parser.add_argument("action", choices=["up", "down", "status"])
    parser.add_argument("services", nargs="*", metavar="SERVICE")
    parser.add_argument("-f", "--file", help="compose file (default: compose.yaml here)")
    parser.add_argument("-p", "--project-name", help="stack name (default: the file's)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    return parser


def new_stack_factory(file: str | None, name: str | None) -> Callable[[], DockerStackManager]:
    """Builds tta_docker's stack (connecting to the engine) only when it is called."""

    def build() -> DockerStackManager:
        from tta_docker import DockerManager, find_compose_file  # noqa: PLC0415 (connects)

        manager = DockerManager()
        try:
            path = Path(file) if file else find_compose_file(Path.cwd())
        except FileNotFoundError:
            if not name:
                raise
            return manager.stack(name=name)
        return manager.load_stack(path, name=name)

    return build


def _rows(result: Any) -> list[dict[str, str]]:
    rows = []
    for item in result or ():
        if isinstance(item, Mapping):
            rows.append({"service": str(item.get("service")), "state": str(item.get("state"))})
        else:
            rows.append({"service": str(getattr(item, "service", item)), "state": str(item.state)})
    return rows


def run_stack(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    factory: Callable[[], DockerStackManager] | None = None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    handler = logging.StreamHandler(err)
    shadow_log = logging.getLogger("tta_core.shadow")
    shadow_log.addHandler(handler)
    try:
        flag = resolve_flags(environ)[Component.DOCKER]
        manager = build_stack_manager(
            flag,
            factory or new_stack_factory(args.file, args.project_name),
            RolloutMetrics(CollectorRegistry()),
            stack_name=args.project_name or "tta",
        )
    except (TTACoreError, FileNotFoundError) as exc:
        print(f"tta stack: {exc}; pass -f FILE or -p NAME", file=err)
        shadow_log.removeHandler(handler)
        return 2
    except Exception as exc:  # the engine cannot be reached, the compose file is invalid...
        print(f"tta stack: {exc.__class__.__name__}: {exc}", file=err)
        shadow_log.removeHandler(handler)
        return 1
    try:
        if args.action == "up":
            result = manager.up(args.services or None)
        elif args.action == "down":
            manager.down()
            result = manager.status()
        else:
            result = manager.status()
        asyncio.run(manager.shadow.drain())
    except Exception as exc:  # the engine's or the legacy code's failure, on one line
        print(f"tta stack: {args.action} failed: {exc.__class__.__name__}: {exc}", file=err)
        return 1
    finally:
        manager.shadow.close()
        shadow_log.removeHandler(handler)
    rows = _rows(result)
    served = manager.implementation.value
    if args.json:
        print(json.dumps({"served_by": served, "services": rows}, indent=2), file=out)
    else:
        print(f"stack served by the {served} implementation ({flag.value})", file=out)
        for row in rows:
            print(f"{row['service']:<24} {row['state']}", file=out)
    return 0

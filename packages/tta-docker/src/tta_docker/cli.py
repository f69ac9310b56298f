"""``tta-docker``: bring a Compose stack up and down, see its status and logs, build its
images, back up and restore its volumes.

Exit codes: 0 ok, 1 the operation failed (the engine, a container, a health wait), 2 a
usage error (bad arguments, a missing or invalid compose file).

The library (the docker SDK, pydantic, yaml) is imported by the commands that use it, not
here: ``down -p NAME`` on a local engine needs none of it (see :mod:`tta_docker.wire`) and
is done before the SDK would have finished importing.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tta_docker.cli_output import Output
from tta_docker.errors import StackConfigError, StackError, TTADockerError
from tta_docker.project import find_compose_file, project_name

if TYPE_CHECKING:
    from tta_docker.manager import DockerManager
    from tta_docker.stack_config import StackConfig

__all__ = ["build_parser", "main"]

OK, FAILED, USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments or an unusable compose file: exit code 2."""


def _common(*, short_file: bool) -> argparse.ArgumentParser:
    """Options every command takes, before or after its name (``logs -f`` means follow)."""
    common = argparse.ArgumentParser(add_help=False)
    flags = ("-f", "--file") if short_file else ("--file",)
    common.add_argument(*flags, default=argparse.SUPPRESS, help="compose file")
    common.add_argument(
        "-p", "--project-name", default=argparse.SUPPRESS, help="stack name (default: directory)"
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common(short_file=True)
    parser = argparse.ArgumentParser(
        prog="tta-docker",
        description="Manage a Compose stack on the Docker engine.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    up = commands.add_parser("up", parents=[common], help="create and start services")
    up.add_argument("services", nargs="*", metavar="SERVICE")
    up.add_argument("--profile", action="append", default=[], help="enable a profile")
    up.add_argument("--build", action="store_true", help="rebuild images before starting")
    up.add_argument("--no-wait", action="store_true", help="do not wait for health")
    up.add_argument("--timeout", type=float, default=None, help="health wait per service (s)")

    down = commands.add_parser("down", parents=[common], help="stop and remove the stack")
    down.add_argument("-v", "--volumes", action="store_true", help="remove its volumes too")
    down.add_argument("-t", "--timeout", type=int, default=None, help="stop timeout (s)")

    commands.add_parser("status", parents=[common], help="state and health of each service")

    logs = commands.add_parser(
        "logs", parents=[_common(short_file=False)], help="a service's output"
    )
    logs.add_argument("service", metavar="SERVICE")
    logs.add_argument("-f", "--follow", action="store_true", help="keep printing new output")
    logs.add_argument("--tail", type=int, default=None, help="only the last N lines")

    build = commands.add_parser("build", parents=[common], help="build services' images")
    build.add_argument("services", nargs="*", metavar="SERVICE")

    backup = commands.add_parser("backup", parents=[common], help="volumes to a .tar.gz")
    backup.add_argument("volumes", nargs="*", metavar="VOLUME")
    backup.add_argument("-o", "--output", type=Path, default=None, help="tarball to write")
    backup.add_argument("--image", default=None, help="a local image to mount them with")

    restore = commands.add_parser("restore", parents=[common], help="volumes from a backup")
    restore.add_argument("archive", type=Path, metavar="FILE")
    restore.add_argument("volumes", nargs="*", metavar="VOLUME")
    restore.add_argument("--image", default=None, help="a local image to mount them with")
    return parser


def _load(args: argparse.Namespace, *, required: bool) -> tuple[str, StackConfig | None]:
    """The stack name and, when a compose file is there (or required), its config."""
    name = getattr(args, "project_name", None)
    file = getattr(args, "file", None)
    try:
        path = Path(file) if file else find_compose_file(Path.cwd())
    except FileNotFoundError as exc:
        if required or not name:
            raise UsageError(f"{exc}; pass -f FILE (and -p NAME)") from exc
        return project_name(name), None
    from tta_docker.compose import load_stack  # noqa: PLC0415 - see the module's docstring

    try:
        config = load_stack(path, name=name)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from exc
    return config.name, config


def _cmd_up(args: argparse.Namespace, docker: DockerManager, out: Output) -> int:
    config = args.config
    stack = docker.stack(config)
    with out.progress(f"up {config.name}") as progress:
        statuses = stack.up(
            args.services,
            profiles=args.profile,
            build=args.build,
            wait=not args.no_wait,
            timeout=args.timeout,
            on_event=progress,
        )
    out.statuses(config.name, statuses)
    return OK


def _cmd_down(args: argparse.Namespace, docker: DockerManager, out: Output) -> int:
    name = args.stack
    with out.progress(f"down {name}") as progress:
        docker.stack(name=name).down(volumes=args.volumes, timeout=args.timeout, on_event=progress)
    out.message(f"stack {name} is down", stack=name, volumes_removed=args.volumes)
    return OK


def _down_on_the_wire(args: argparse.Namespace, host: str, out: Output) -> int:
    """``down -p NAME`` without the SDK or the compose file: the stack is found by its label."""
    from tta_docker.teardown import teardown  # noqa: PLC0415 - see the module's docstring
    from tta_docker.wire import LABEL_PREFIX, STOP_TIMEOUT, WireClient  # noqa: PLC0415

    name = project_name(args.project_name)
    with out.progress(f"down {name}") as progress:
        failures = teardown(
            WireClient(host),
            name,
            label_prefix=LABEL_PREFIX,
            default_stop_timeout=STOP_TIMEOUT,
            volumes=args.volumes,
            timeout=args.timeout,
            emit=progress,
        )
    if failures:
        raise StackError(name, failures)
    out.message(f"stack {name} is down", stack=name, volumes_removed=args.volumes)
    return OK


def _cmd_status(args: argparse.Namespace, docker: DockerManager, out: Output) -> int:
    from tta_docker.stack import Stack  # noqa: PLC0415 - see the module's docstring

    out.statuses(args.stack, Stack(docker, args.config, name=args.stack).status())
    return OK


def _cmd_logs(args: argparse.Namespace, docker: DockerManager, out: Output) -> int:
    from tta_docker.stack_config import resource_name  # noqa: PLC0415 - see the module's docstring

    container = resource_name(args.stack, args.service)
    if args.follow:
        for line in docker.containers.follow(container, tail=args.tail):
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        return OK
    sys.stdout.write(docker.containers.logs(container, tail=args.tail))
    return OK


def _cmd_build(args: argparse.Namespace, docker: DockerManager, out: Output) -> int:
    config = args.config
    with out.progress(f"build {config.name}") as progress:
        built = docker.stack(config).build(args.services, on_event=progress)
    out.message(f"built {', '.join(built) or 'nothing (no service has build:)'}", images=built)
    return OK


def _volume_names(args: argparse.Namespace, docker: DockerManager, name: str) -> list[str]:
    config = args.config
    if args.volumes:
        if config is None:
            return list(args.volumes)
        return [config.volume_name(v) if v in config.volumes else v for v in args.volumes]
    labelled = docker.volumes.list({f"{docker.settings.label_prefix}.stack": name})
    return [v.name for v in labelled]


def _helper_image(args: argparse.Namespace, docker: DockerManager, name: str) -> str:
    if args.image:
        return args.image
    candidates = [docker.settings.helper_image]
    candidates += [c.image for c in docker.containers.list(stack=name)]
    for image in candidates:
        if docker.images.exists(image):
            return image
    raise UsageError("no local image to mount the volumes with; pass --image IMAGE")


def _cmd_backup(args: argparse.Namespace, docker: DockerManager, out: Output) -> int:
    name = args.stack
    volumes = _volume_names(args, docker, name)
    if not volumes:
        raise UsageError(f"stack {name} has no volumes to back up")
    target = args.output or Path(f"{name}-volumes.tar.gz")
    docker.volumes.backup(volumes, target, image=_helper_image(args, docker, name))
    out.message(f"backed up {', '.join(volumes)} to {target}", file=str(target), volumes=volumes)
    return OK


def _cmd_restore(args: argparse.Namespace, docker: DockerManager, out: Output) -> int:
    name, config = args.stack, args.config
    volumes = [
        config.volume_name(v) if config is not None and v in config.volumes else v
        for v in args.volumes
    ]
    try:
        restored = docker.volumes.restore(
            args.archive, volumes, image=_helper_image(args, docker, name)
        )
    except (FileNotFoundError, ValueError) as exc:
        raise UsageError(str(exc)) from exc
    out.message(f"restored {', '.join(restored)} from {args.archive}", volumes=restored)
    return OK


_COMMANDS = {
    "up": _cmd_up,
    "down": _cmd_down,
    "status": _cmd_status,
    "logs": _cmd_logs,
    "build": _cmd_build,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the process exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    out = Output(as_json=getattr(args, "json", False))
    try:
        return _run(args, out)
    except (UsageError, StackConfigError) as exc:
        out.error(str(exc))
        return USAGE
    except StackError as exc:
        out.error(str(exc))
        if out.as_json:
            out.data({"stack": exc.stack, "failures": exc.failures})
        return FAILED
    except TTADockerError as exc:
        out.error(str(exc))
        return FAILED
    except KeyboardInterrupt:
        out.error("interrupted")
        return FAILED


def _run(args: argparse.Namespace, out: Output) -> int:
    if args.command == "down" and getattr(args, "project_name", None):
        from tta_docker.wire import wire_host  # noqa: PLC0415 - see the module's docstring

        host = wire_host(os.environ)
        if host is not None:
            return _down_on_the_wire(args, host, out)
    args.stack, args.config = _load(args, required=args.command in ("up", "build"))
    if args.command == "logs" and args.config and args.service not in args.config.services:
        raise UsageError(f"no such service: {args.service}")
    from tta_docker.config import DockerSettings  # noqa: PLC0415 - see the module's docstring
    from tta_docker.manager import DockerManager  # noqa: PLC0415

    with DockerManager(DockerSettings()) as docker:
        return _COMMANDS[args.command](args, docker, out)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

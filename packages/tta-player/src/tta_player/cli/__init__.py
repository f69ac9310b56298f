"""The ``tta`` command: ``tta serve`` runs the service; ``tta play`` plays in a terminal;
``tta users set-role`` grants the therapist or admin role (never chosen by a client);
``tta worlds lint`` checks world files for what a player would miss."""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from tta_player.core.config import Settings

__all__ = ["main"]


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise SystemExit(f"tta: refusing to start: {reason}") from None


def serve(args: argparse.Namespace) -> int:
    # Start-up builds objects that live as long as the process (modules, rules, worlds):
    # collecting while it runs finds nothing and costs about a sixth of start to ready. The
    # app's lifespan freezes what was built and turns the collector back on.
    gc.disable()
    import logging  # noqa: PLC0415

    from tta_agents import AgentSettings, preload_encoder  # noqa: PLC0415
    from tta_agents.safety import SafetySettings  # noqa: PLC0415

    if SafetySettings().model or AgentSettings().understanding_model:
        preload_encoder()  # the model loads while the server and its database start

    import uvicorn  # noqa: PLC0415 (only this command needs the server)
    from prometheus_client import CollectorRegistry, start_http_server  # noqa: PLC0415

    from tta_core import TTACoreError  # noqa: PLC0415
    from tta_player.app import create_app  # noqa: PLC0415
    from tta_player.core.logging import configure_logging  # noqa: PLC0415

    settings = _settings()
    configure_logging(settings.log_level, json_lines=settings.log_json)
    registry = CollectorRegistry()
    try:
        app = create_app(settings, registry=registry)
    except TTACoreError as exc:  # a bad feature flag or legacy implementation
        raise SystemExit(f"tta: refusing to start: {exc}") from None
    if settings.metrics_port is not None:  # Prometheus' convention: metrics on their own port
        start_http_server(settings.metrics_port, addr=settings.metrics_host, registry=registry)
    elif not settings.metrics_on_api:
        logging.getLogger("tta_player").warning(
            "/metrics is off: in production set TTA_METRICS_TOKEN or TTA_METRICS_PORT to scrape"
        )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_config=None,
        access_log=False,
        server_header=False,
        # X-Forwarded-For/-Proto only from the proxies named in TTA_FORWARDED_ALLOW_IPS (none
        # by default: uvicorn's own default believes 127.0.0.1, so a client on the same host
        # could pose as any address and slip past per-address rate limits).
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips or None,
    )
    return 0


def set_role(args: argparse.Namespace) -> int:
    from tta_player.db.engine import open_database  # noqa: PLC0415
    from tta_player.db.repositories import PlayerRepository  # noqa: PLC0415
    from tta_player.errors import NotFoundError  # noqa: PLC0415

    settings = _settings()

    async def run() -> int:
        database = await open_database(settings.sqlalchemy_url)
        try:
            async with database.sessions() as db:
                await PlayerRepository(db).set_role(args.username, args.role)
                await db.commit()
        except NotFoundError as exc:
            print(f"tta: {exc.detail}", file=sys.stderr)
            return 1
        finally:
            await database.close()
        print(f"{args.username} is now {args.role}")
        return 0

    return asyncio.run(run())


def lint_worlds(args: argparse.Namespace) -> int:
    """One line per problem on stdout and exit 1, or a summary and exit 0."""
    from tta_agents import WorldDataError  # noqa: PLC0415
    from tta_agents.world import (  # noqa: PLC0415
        SHIPPED_WORLDS_DIR,
        lint_world,
        load_world_file,
        load_worlds_dir,
    )

    problems: list[str] = []
    count = 0
    for path in args.paths or [SHIPPED_WORLDS_DIR]:
        try:
            worlds = load_worlds_dir(path) if path.is_dir() else [load_world_file(path)]
        except WorldDataError as exc:
            problems.append(str(exc))
            continue
        count += len(worlds)
        problems.extend(str(problem) for problem in (p for w in worlds for p in lint_world(w)))
    for problem in problems:
        print(" ".join(problem.split()))  # one line each, whatever the parser's message
    if problems:
        return 1
    print(f"{count} world{'s' if count != 1 else ''}, no problems")
    return 0


def eval_understanding(args: argparse.Namespace) -> int:
    """The share of a labelled play corpus handled as meant; exit 1 below ``--min-handled``."""
    from tta_agents import AgentError, AgentSettings, shared_encoder  # noqa: PLC0415
    from tta_agents.world import (  # noqa: PLC0415
        evaluate,
        read_play_corpus,
        render,
        shipped_catalog,
    )

    try:
        encoder = (
            None if args.rules_only or not AgentSettings().understanding_model else shared_encoder()
        )
        report = evaluate(shipped_catalog(), read_play_corpus(args.file), encoder)
    except (AgentError, OSError) as exc:
        raise SystemExit(f"tta worlds eval: {exc}") from None
    print(render(report, misses=args.misses))
    if args.min_handled is not None and report.share() < args.min_handled:
        print(f"FAILED: handled as meant {report.share():.3f} < {args.min_handled}")
        return 1
    return 0


def play(args: argparse.Namespace) -> int:
    from tta_agents.adapters.realtime import play_in_terminal  # noqa: PLC0415

    return play_in_terminal(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tta", description="TTA, a Therapeutic Text Adventure.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve_cmd = commands.add_parser("serve", help="serve the game over HTTP")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8080)
    serve_cmd.set_defaults(run=serve)

    from tta_agents.adapters.realtime import add_play_arguments  # noqa: PLC0415 (argparse only)

    play_cmd = commands.add_parser("play", help="play in this terminal against a running server")
    add_play_arguments(play_cmd).set_defaults(run=play)

    worlds = commands.add_parser("worlds", help="world files").add_subparsers(
        dest="action", required=True
    )
    lint = worlds.add_parser(
        "lint", help="report what world files lack (scenery, topics, feelings, voice, ending)"
    )
    lint.add_argument(
        "paths", nargs="*", type=Path, help="world files or folders (default: the shipped worlds)"
    )
    lint.set_defaults(run=lint_worlds)
    understanding = worlds.add_parser(
        "eval", help="how many lines of a labelled play corpus (JSONL) are handled as meant"
    )
    understanding.add_argument("file", type=Path)
    understanding.add_argument("--rules-only", action="store_true", help="without the model")
    understanding.add_argument("--misses", action="store_true", help="list the lines missed")
    understanding.add_argument("--min-handled", type=float, default=None)
    understanding.set_defaults(run=eval_understanding)

    users = commands.add_parser("users", help="manage accounts").add_subparsers(
        dest="action", required=True
    )
    role = users.add_parser("set-role", help="give a player the player, therapist or admin role")
    role.add_argument("username")
    role.add_argument("role", choices=["player", "therapist", "admin"])
    role.set_defaults(run=set_role)

    from tta_player.cli.flags import add_flags_command, run_flags  # noqa: PLC0415
    from tta_player.cli.stack import add_stack_command, run_stack  # noqa: PLC0415

    add_flags_command(commands)
    commands.choices["flags"].set_defaults(run=lambda args: run_flags(args, os.environ))
    add_stack_command(commands).set_defaults(run=lambda args: run_stack(args, os.environ))
    return parser


def main(argv: list[str] | None = None) -> int:
    gc.disable()  # the parser's imports live as long as the process: collecting finds nothing
    try:
        args = build_parser().parse_args(argv)
    finally:
        gc.enable()  # ``serve`` pauses it again until its runtime is built
    command: Callable[[argparse.Namespace], int] = args.run
    try:
        return command(args)
    except BrokenPipeError:  # the reader left early (`tta worlds eval F | head`): say nothing
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0

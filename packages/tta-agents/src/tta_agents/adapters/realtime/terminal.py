"""``tta play``: play TTA in a terminal against a running server.

Signs in through the REST API (``POST /api/v1/auth/login``), creates a character and a
session unless ``--session`` names one, then plays over ``/ws/play`` with ``RealtimeClient``
(which reconnects and resumes by itself). The password comes from ``TTA_PASSWORD`` or a
prompt, never from the command line. ``/quit`` or end of input leaves.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from typing import Any, TextIO

import httpx

from tta_agents.adapters.realtime.client import RealtimeClient
from tta_agents.realtime.errors import ClientClosedError
from tta_agents.realtime.protocol import (
    ChoicesEvent,
    ErrorEvent,
    NarrativeChunkEvent,
    NarrativeCompleteEvent,
    ProgressEvent,
    ReloadEvent,
    SafetyEvent,
    ServerEvent,
)

__all__ = ["TerminalError", "build_parser", "play", "play_in_terminal", "render"]


class TerminalError(Exception):
    """A one-line reason the terminal client stops (printed, exit status 1)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tta play", description="Play TTA in this terminal.")
    parser.add_argument("--server", default=os.environ.get("TTA_SERVER", "http://127.0.0.1:8080"))
    parser.add_argument("--username", default=os.environ.get("TTA_USERNAME"))
    parser.add_argument("--session", help="continue this session instead of starting one")
    parser.add_argument("--world", help="world id for a new session (default: the first)")
    parser.add_argument("--character", default="Wanderer", help="name of a new character")
    return parser


def _problem(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = {}
    detail = body.get("detail") or body.get("title") if isinstance(body, dict) else None
    return f"{response.request.url.path}: {response.status_code} {detail or response.reason_phrase}"


async def _call(http: httpx.AsyncClient, method: str, path: str, **kwargs: Any) -> Any:
    try:
        response = await http.request(method, path, **kwargs)
    except httpx.HTTPError as exc:
        raise TerminalError(f"cannot reach {http.base_url}: {exc}") from exc
    if response.is_error:
        raise TerminalError(_problem(response))
    return response.json()


async def _start_session(http: httpx.AsyncClient, options: argparse.Namespace, out: TextIO) -> str:
    if options.session:
        return options.session
    world_id = options.world
    if world_id is None:
        worlds = await _call(http, "GET", "/api/v1/worlds")
        if not worlds:
            raise TerminalError("the server offers no worlds")
        world_id = worlds[0]["id"]
    character = await _call(http, "POST", "/api/v1/characters", json={"name": options.character})
    session = await _call(
        http,
        "POST",
        "/api/v1/sessions",
        json={"character_id": character["id"], "world_id": world_id},
    )
    if session.get("intro"):
        out.write(f"{session['intro']}\n")
    return session["session_id"]


def render(event: ServerEvent, streamed: bool) -> str:
    """The text a player sees for one event ("" for those they need not see)."""
    match event:
        case NarrativeChunkEvent():
            return event.text
        case NarrativeCompleteEvent():
            return "\n" if streamed else f"{event.text}\n"
        case ChoicesEvent():
            return f"  (you could: {' / '.join(event.suggestions)})\n" if event.suggestions else ""
        case SafetyEvent() if event.level != "safe":
            lines = [f"* {event.message}" if event.message else "* You are not alone."]
            for resource in event.resources:
                reach = ", ".join(
                    part
                    for part in (
                        f"call {resource.phone}" if resource.phone else "",
                        f"text {resource.sms_body or ''} to {resource.sms}".replace("  ", " ")
                        if resource.sms
                        else "",
                        resource.url or "",
                    )
                    if part
                )
                lines.append(f"  - {resource.name}: {reach} ({resource.hours})")
            return "\n".join(lines) + "\n"
        case ProgressEvent():
            return f"  + {event.progress_type}: {event.title}\n"
        case ErrorEvent():
            return f"! {event.message}\n"
        case ReloadEvent():
            return "  (reconnected; some of the story was missed while away)\n"
    return ""


async def _turn(client: RealtimeClient, session_id: str, text: str, out: TextIO) -> None:
    await client.send_input(session_id, text)
    streamed = False
    while True:
        event = await client.next_event(within=120)
        if event.session_id not in (None, session_id):
            continue
        out.write(render(event, streamed))
        out.flush()
        if isinstance(event, NarrativeChunkEvent):
            streamed = True
        elif isinstance(event, NarrativeCompleteEvent):
            streamed = False
        if event.type == "turn_complete" or (
            isinstance(event, ErrorEvent) and event.session_id == session_id
        ):
            return


async def play(options: argparse.Namespace, password: str, stdin: TextIO, out: TextIO) -> None:
    base = options.server.rstrip("/")
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        tokens = await _call(
            http,
            "POST",
            "/api/v1/auth/login",
            json={"username": options.username, "password": password},
        )
        http.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        session_id = await _start_session(http, options, out)
    ws_url = "ws" + base.removeprefix("http") + "/ws/play"
    try:
        async with RealtimeClient(ws_url, tokens["access_token"]) as client:
            await client.subscribe(session_id)
            while True:
                out.write("> ")
                out.flush()
                line = await asyncio.to_thread(stdin.readline)
                text = line.strip()
                if not line or text == "/quit":
                    out.write("\nGoodbye. Take care.\n")
                    return
                if text:
                    await _turn(client, session_id, text, out)
    except ClientClosedError as exc:
        raise TerminalError(f"connection closed: {exc}") from exc
    except TimeoutError as exc:
        raise TerminalError("the server stopped answering") from exc


def play_in_terminal(argv: list[str] | None = None) -> int:
    """The ``tta play`` command: its exit status."""
    options = build_parser().parse_args(argv)
    if not options.username:
        print("tta play: --username (or TTA_USERNAME) is required", file=sys.stderr)
        return 2
    password = os.environ.get("TTA_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            print("tta play: set TTA_PASSWORD when input is not a terminal", file=sys.stderr)
            return 2
        password = getpass.getpass(f"password for {options.username}: ")
    try:
        asyncio.run(play(options, password, sys.stdin, sys.stdout))
    except TerminalError as exc:
        print(f"tta play: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0

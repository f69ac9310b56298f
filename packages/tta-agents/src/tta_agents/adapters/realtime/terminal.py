"""``tta play``: play TTA in a terminal against a running server.

Signs in through the REST API, picks up the character's latest journey (or starts one: a
world by its name with ``--world``, a character by its name with ``--character``), then
plays over ``/ws/play`` with ``RealtimeClient`` (which reconnects and resumes by itself).
The password comes from ``TTA_PASSWORD`` or a prompt, never from the command line.
``quit`` or ``exit`` (or end of input) pauses the journey and shows its summary; ``get help``
shows people to call or text at any time. In a terminal, a mood check-in is offered at the
start and the end (``--mood``/``--no-mood`` to choose).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from tta_agents.adapters.realtime.terminal_rest import (
    MOOD_WORDS,
    Journey,
    RestClient,
    TerminalError,
    format_resource,
    summary_text,
)
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

if TYPE_CHECKING:
    from tta_agents.adapters.realtime.client import RealtimeClient

__all__ = [
    "TerminalError",
    "TurnPrinter",
    "add_play_arguments",
    "build_parser",
    "play",
    "play_in_terminal",
]

QUIT = {"quit", "exit", "/quit", "/exit", "q"}
HELP_NOW = {"get help", "help now", "get help now", "/help"}
QUICK_REPLIES = {"1": "Yes", "2": "No", "3": "I'm not sure"}
_DANGER = "If you are in immediate danger, call your local emergency number."


def add_play_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options of ``tta play``, on ``parser`` (``tta``'s own subcommand uses this)."""
    parser.add_argument(
        "--server",
        default=os.environ.get("TTA_SERVER", "http://127.0.0.1:8080"),
        help="the game's address (default: TTA_SERVER, else http://127.0.0.1:8080)",
    )
    parser.add_argument("--username", default=os.environ.get("TTA_USERNAME"))
    parser.add_argument("--session", help="continue this journey (its id)")
    parser.add_argument("--world", help='a world by name or id ("garden" is enough)')
    parser.add_argument(
        "--character", help="play as this character (by name; made if new; default: your latest)"
    )
    parser.add_argument("--new", action="store_true", help="start a new journey")
    parser.add_argument(
        "--mood",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="ask how you feel at the start and the end (default: when in a terminal)",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    return add_play_arguments(
        argparse.ArgumentParser(prog="tta play", description="Play TTA in this terminal.")
    )


class TurnPrinter:
    """What a player sees of one turn's events: each thing said once.

    A safety message is not repeated at the head of the narrative; a crisis or a check-in is
    its own framed panel instead of the narrative; a milestone or exercise the narrator
    already named gets no extra line.
    """

    def __init__(self) -> None:
        self.streamed = False
        self.said = ""  # narrative text so far
        self.strip = ""  # a safety message already shown
        self.panel = False  # a crisis or check-in panel stands instead of the narrative
        self.check_in: SafetyEvent | None = None
        self.paused = False  # the server had paused the journey; nothing was played

    def render(self, event: ServerEvent) -> str:
        match event:
            case SafetyEvent() if event.level != "safe":
                return self._safety(event)
            case NarrativeChunkEvent():
                text = self._unsaid(event.text)
                self.streamed = self.streamed or bool(text)
                return "" if self.panel else text
            case NarrativeCompleteEvent():
                if self.panel:
                    return ""
                if self.streamed:
                    return "\n"
                text = self._unsaid(event.text)
                return f"{text}\n" if text else ""
            case ChoicesEvent():
                shown = event.suggestions and not self.panel
                return f"  (you could: {' / '.join(event.suggestions)})\n" if shown else ""
            case ProgressEvent():
                if event.title.casefold() in self.said.casefold():
                    return ""
                return f"  + {event.progress_type}: {event.title}\n"
            case ErrorEvent():
                return f"! {event.message}\n"
            case ReloadEvent():
                return "  (reconnected; some of the story was missed while away)\n"
        return ""

    def _unsaid(self, text: str) -> str:
        if self.strip and not self.said and text.startswith(self.strip):
            text = text[len(self.strip) :].lstrip()
        self.said += text
        return text

    def _safety(self, event: SafetyEvent) -> str:
        lines = [format_resource(r) for r in event.resources]
        if event.level == "crisis" or event.action == "escalate":
            self.panel = True
            return _framed(
                "=",
                [
                    "You don't have to face this alone.",
                    event.message
                    or "What you're going through matters. Please reach out to someone now.",
                    *lines,
                    *([] if "immediate danger" in event.message else [_DANGER]),
                ],
            )
        if event.action == "check_in":
            self.panel = True
            self.check_in = event
            question = (
                event.message or "Are you thinking about ending your life, or hurting yourself?"
            )
            help_lines = ["If you'd like to talk to someone now:", *lines] if lines else []
            return _framed(
                "-",
                [
                    "Can I ask you something?",
                    question,
                    *help_lines,
                    "Reply 1 Yes, 2 No, 3 I'm not sure, or answer in your own words.",
                ],
            )
        self.strip = event.message
        head = f"* {event.message}" if event.message else "* You are not alone."
        return "\n".join([head, *lines]) + "\n"


def _framed(char: str, lines: list[str]) -> str:
    """A panel between two rules; resource lines ("  - ...") keep their indent."""
    rule = char * 60
    body = [line if line.startswith("  - ") else f"  {line.strip()}" for line in lines]
    return "\n".join([rule, *body, rule]) + "\n"


async def _turn(client: RealtimeClient, session_id: str, text: str, out: TextIO) -> TurnPrinter:
    await client.send_input(session_id, text)
    printer = TurnPrinter()
    while True:
        event = await client.next_event(within=120)
        if event.session_id not in (None, session_id):
            continue
        if isinstance(event, ErrorEvent) and "paused" in event.message:
            printer.paused = True
            return printer
        out.write(printer.render(event))
        out.flush()
        if event.type == "turn_complete" or (
            isinstance(event, ErrorEvent) and event.session_id == session_id
        ):
            return printer


async def _ask_mood(rest: RestClient, journey: Journey, moment: str, ask: Any, out: TextIO) -> str:
    """Ask (Enter skips); returns anything else typed, to be played: nothing typed is lost."""
    words = ", ".join(f"{score} {word}" for score, word in MOOD_WORDS.items())
    question = (
        "How are you feeling right now?"
        if moment == "before"
        else "Before you go: how are you feeling now?"
    )
    answer = (await ask(f"{question} ({words}; Enter to skip) ")).strip()
    if answer not in {"1", "2", "3", "4", "5"}:
        return answer
    reply = await rest.mood(journey.session_id, moment, int(answer))
    out.write(f"{reply['message']}\n")
    if reply["offer_support"]:
        out.write('Type "get help" at any time for people you can call or text.\n')
    return ""


async def play(
    options: argparse.Namespace,
    password: str,
    stdin: TextIO,
    out: TextIO,
    *,
    interactive: bool = False,
) -> None:
    # The network libraries load when a game is played, not when ``tta`` builds its options.
    import httpx  # noqa: PLC0415

    from tta_agents.adapters.realtime.client import RealtimeClient  # noqa: PLC0415

    base = options.server.rstrip("/")
    ask_mood = interactive if options.mood is None else options.mood

    async def ask(prompt: str) -> str:
        out.write(prompt)
        out.flush()
        return await asyncio.to_thread(stdin.readline)

    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        rest = RestClient(http)
        token = await rest.sign_in(options.username, password)
        journey = await rest.journey(options, out)
        out.write('Type what you do. "get help" shows people to call or text; "quit" leaves.\n')
        first = await _ask_mood(rest, journey, "before", ask, out) if ask_mood else ""
        ws_url = "ws" + base.removeprefix("http") + "/ws/play"
        try:
            async with RealtimeClient(ws_url, token) as client:
                await client.subscribe(journey.session_id)
                await _loop(client, rest, journey, ask, out, first=first)
        except ClientClosedError as exc:
            raise TerminalError(f"connection closed: {exc}") from exc
        except TimeoutError as exc:
            raise TerminalError("the server stopped answering") from exc
        if ask_mood:
            await _ask_mood(rest, journey, "after", ask, out)
        await rest.pause(journey.session_id)
        out.write("\n" + summary_text(await rest.summary(journey.session_id)))
        out.write("Your journey is paused; `tta play` brings you back. Take care.\n")


async def _loop(
    client: RealtimeClient,
    rest: RestClient,
    journey: Journey,
    ask: Any,
    out: TextIO,
    *,
    first: str = "",
) -> None:
    check_in: SafetyEvent | None = None
    while True:
        line, first = (f"{first}\n", "") if first else (await ask("> "), "")
        text = line.strip()
        if not line or text.casefold() in QUIT:
            return
        if text.casefold() in HELP_NOW:
            out.write(
                _framed(
                    "=",
                    ["People you can reach now:", *map(format_resource, await rest.help_lines())],
                )
            )
            continue
        if not text:
            continue
        if check_in is not None:
            text = QUICK_REPLIES.get(text) or text
            if text.casefold().startswith(("yes", "yeah", "yep")):
                out.write(
                    _framed(
                        "=",
                        [
                            "Thank you for telling me. Please reach out now:",
                            *map(format_resource, check_in.resources),
                        ],
                    )
                )
        printer = await _turn(client, journey.session_id, text, out)
        if printer.paused:  # the server paused the journey while we sat quiet: resume, resend
            await rest.resume(journey.session_id)
            printer = await _turn(client, journey.session_id, text, out)
        check_in = printer.check_in


def play_in_terminal(args: argparse.Namespace | list[str] | None = None) -> int:
    """The ``tta play`` command: its options (parsed, or a command line) -> exit status."""
    options = args if isinstance(args, argparse.Namespace) else build_parser().parse_args(args)
    if not options.username:
        print("tta play: --username (or TTA_USERNAME) is required", file=sys.stderr)
        return 2
    password = os.environ.get("TTA_PASSWORD")
    interactive = sys.stdin.isatty()
    if password is None:
        if not interactive:
            print("tta play: set TTA_PASSWORD when input is not a terminal", file=sys.stderr)
            return 2
        password = getpass.getpass(f"password for {options.username}: ")
    try:
        asyncio.run(play(options, password, sys.stdin, sys.stdout, interactive=interactive))
    except TerminalError as exc:
        print(f"tta play: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0

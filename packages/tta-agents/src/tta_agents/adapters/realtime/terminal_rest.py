"""The REST side of ``tta play``: signing in, choosing the journey, mood check-ins, the
summary at the end and the help lines, each in the player's terms (names, not ids)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # httpx loads only when the terminal plays (``tta serve`` never needs it)
    import httpx

__all__ = [
    "Journey",
    "RestClient",
    "TerminalError",
    "format_resource",
    "summary_text",
]

MOOD_WORDS = {1: "very low", 2: "low", 3: "okay", 4: "good", 5: "very good"}
DEFAULT_CHARACTER = "Wanderer"


class TerminalError(Exception):
    """A one-line reason the terminal client stops (printed, exit status 1)."""


@dataclass(frozen=True)
class Journey:
    session_id: str
    world_title: str
    character_name: str
    new: bool


def format_resource(resource: Any) -> str:
    """``- Name: call 988, text HOME to 741741, https://... (24/7)`` from a resource (model or
    dict)."""
    get = resource.get if isinstance(resource, dict) else lambda key: getattr(resource, key)
    ways = []
    if get("phone"):
        ways.append(f"call {get('phone')}")
    if get("sms"):
        ways.append(
            f"text {get('sms_body')} to {get('sms')}" if get("sms_body") else f"text {get('sms')}"
        )
    if get("url"):
        ways.append(str(get("url")))
    reach = f": {', '.join(ways)}" if ways else ""
    hours = f" ({get('hours')})" if get("hours") else ""
    return f"  - {get('name')}{reach}{hours}"


def _problem(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = {}
    detail = body.get("detail") or body.get("title") if isinstance(body, dict) else None
    return f"{response.request.url.path}: {response.status_code} {detail or response.reason_phrase}"


class RestClient:
    """The calls the terminal makes, over one httpx client."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def call(self, method: str, path: str, *, ok: tuple[int, ...] = (), **kwargs: Any) -> Any:
        import httpx  # noqa: PLC0415 (see above)

        try:
            response = await self.http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise TerminalError(f"cannot reach {self.http.base_url}: {exc}") from exc
        if response.is_error and response.status_code not in ok:
            raise TerminalError(_problem(response))
        return response.json() if response.content else None

    async def sign_in(self, username: str, password: str) -> str:
        tokens = await self.call(
            "POST", "/api/v1/auth/login", json={"username": username, "password": password}
        )
        self.http.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        return tokens["access_token"]

    # -- choosing the journey ------------------------------------------------------------------
    async def journey(self, options: argparse.Namespace, out: TextIO) -> Journey:
        """The journey to play: ``--session``; else the character's latest open journey (in
        ``--world`` if given) unless ``--new``; else a new one. Characters and worlds are
        found by name, so a second run plays on instead of making another "Wanderer"."""
        worlds = await self.call("GET", "/api/v1/worlds")
        titles = {w["id"]: w["title"] for w in worlds}
        if options.session:
            session = await self.call("GET", f"/api/v1/sessions/{options.session}")
            return await self._continue(session, titles, "", out)
        world = _find_world(worlds, options.world) if options.world else None
        character = await self._character(options.character)
        sessions = (await self.call("GET", "/api/v1/sessions"))["items"]
        mine = [s for s in sessions if s["character_id"] == character["id"]]
        open_ = [s for s in mine if s["status"] in ("active", "paused")]
        if not options.new:
            here = [s for s in open_ if world is None or s["world_id"] == world["id"]]
            if here:
                latest = max(here, key=lambda s: s["last_activity_at"])
                return await self._continue(latest, titles, character["name"], out)
        world = world or worlds[0]
        for other in (s for s in open_ if s["status"] == "active"):
            await self.call("POST", f"/api/v1/sessions/{other['session_id']}/pause")
            where = titles.get(other["world_id"], "another world")
            out.write(f"({character['name']}'s journey in {where} is paused; it waits for you.)\n")
        session = await self.call(
            "POST",
            "/api/v1/sessions",
            json={"character_id": character["id"], "world_id": world["id"]},
        )
        out.write(f"{character['name']} sets out in {world['title']}.\n")
        if session.get("intro"):
            out.write(f"{session['intro']}\n")
        return Journey(session["session_id"], world["title"], character["name"], new=True)

    async def _continue(
        self, session: dict[str, Any], titles: dict[str, str], name: str, out: TextIO
    ) -> Journey:
        if session["status"] == "completed":
            raise TerminalError("that journey has ended; start another with --new")
        if session["status"] == "paused":
            await self.call("POST", f"/api/v1/sessions/{session['session_id']}/resume")
        title = titles.get(session["world_id"]) or str(session["world_id"])
        turns = await self.call(
            "GET", f"/api/v1/sessions/{session['session_id']}/turns", params={"limit": 1}
        )
        out.write(f"Welcome back to {title}.\n")
        if turns["items"]:
            last = turns["items"][0]
            out.write(f"Last time: > {last['input']}\n{last['narrative']}\n")
        return Journey(session["session_id"], title, name, new=False)

    async def _character(self, name: str | None) -> dict[str, Any]:
        characters = await self.call("GET", "/api/v1/characters")
        items = characters["items"] if isinstance(characters, dict) else characters
        if name:
            found = [c for c in items if c["name"].casefold() == name.strip().casefold()]
            if found:
                return found[0]
        elif items:
            sessions = (await self.call("GET", "/api/v1/sessions"))["items"]
            latest = {s["character_id"]: s["last_activity_at"] for s in sessions}
            return max(items, key=lambda c: (latest.get(c["id"], ""), c["created_at"]))
        return await self.call(
            "POST", "/api/v1/characters", json={"name": name or DEFAULT_CHARACTER}
        )

    # -- around the story -------------------------------------------------------------------
    async def mood(self, session_id: str, moment: str, score: int) -> dict[str, Any]:
        return await self.call(
            "POST",
            "/api/v1/players/me/moods",
            json={"score": score, "moment": moment, "session_id": session_id},
        )

    async def pause(self, session_id: str) -> None:
        await self.call("POST", f"/api/v1/sessions/{session_id}/pause", ok=(409,))

    async def resume(self, session_id: str) -> None:
        await self.call("POST", f"/api/v1/sessions/{session_id}/resume", ok=(409,))

    async def summary(self, session_id: str) -> dict[str, Any]:
        return await self.call("GET", f"/api/v1/sessions/{session_id}/summary")

    async def help_lines(self) -> list[dict[str, Any]]:
        me = await self.call("GET", "/api/v1/players/me")
        return (await self.call("GET", "/api/v1/help", params={"locale": me["locale"]}))[
            "resources"
        ]


def _find_world(worlds: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    """A world by id or by (part of) its title, any case: "garden", "The Mindfulness Garden"."""
    key = wanted.strip().casefold()
    exact = [w for w in worlds if key in (w["id"].casefold(), w["title"].casefold())]
    if exact:
        return exact[0]
    partial = [w for w in worlds if key in w["title"].casefold() or key in w["id"].casefold()]
    if len(partial) == 1:
        return partial[0]
    names = ", ".join(w["title"] for w in (partial or worlds))
    reason = "matches several worlds" if partial else "is not a world here"
    raise TerminalError(f"--world {wanted!r} {reason}; choose one of: {names}")


def summary_text(summary: dict[str, Any]) -> str:
    """The journey at a glance, in a few plain lines."""
    minutes = summary["minutes_played"]
    played = "under a minute" if minutes < 1 else f"{round(minutes)} minutes"
    lines = [f"This journey: {played}, {summary['turns']} turns."]
    for label, key in (("Exercises", "exercises"), ("Milestones", "milestones")):
        titles = [item["title"] for item in summary[key]]
        lines.append(f"{label}: {', '.join(titles) if titles else 'none this time'}.")
    moods = [
        f"{name} {m['score']} ({MOOD_WORDS[m['score']]})"
        for name, m in (("before", summary["mood_before"]), ("after", summary["mood_after"]))
        if m
    ]
    if moods:
        lines.append(f"Mood: {', '.join(moods)}.")
    return "\n".join(lines) + "\n"

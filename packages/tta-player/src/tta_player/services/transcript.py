"""A session's transcript for the player: what they typed and what the game answered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from tta_player.db.models import GameSession, Turn

__all__ = ["TranscriptFormat", "render_transcript"]

TranscriptFormat = Literal["text", "markdown"]


def render_transcript(
    game: GameSession, world_title: str, turns: Sequence[Turn], fmt: TranscriptFormat
) -> str:
    started = game.created_at.strftime("%Y-%m-%d %H:%M UTC")
    if fmt == "markdown":
        lines = [f"# {world_title}", "", f"Played from {started}, {len(turns)} turns.", ""]
        for turn in turns:
            quoted = turn.input.replace("\n", " ")
            lines += [f"**> {quoted}**", "", turn.narrative, ""]
    else:
        lines = [
            world_title,
            "=" * len(world_title),
            f"Played from {started}, {len(turns)} turns.",
            "",
        ]
        for turn in turns:
            lines += [f"> {turn.input}", turn.narrative, ""]
    return "\n".join(lines).rstrip() + "\n"

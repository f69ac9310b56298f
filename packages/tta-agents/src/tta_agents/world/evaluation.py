"""How well the game understands players: a labelled corpus of lines typed at places in the
worlds, read and answered as in play, and the share handled as meant.

A corpus is JSONL: ``{"world", "location", "text", "accept": [kind, ...], "target"}``. A line
is handled as meant when the input processor's kind is one of the accepted ones and the world
step answered it (not "you don't see that here", "you can't see a way there", "talk to
whom?" or "not understood"); a line whose first accepted kind is ``unknown`` is handled when
it is answered as not understood. ``uv run tta worlds eval FILE.jsonl``.

Each line is read as the first thing typed at its location, with one exception: a line about
a portable item of the world that does not lie there ("squeeze the acorn" in the clearing,
"put the blanket round my shoulders") presumes the player carries it, and is read so; a
line taking it is not (taking presumes it lies there).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tta_agents.encoder import Encoder
from tta_agents.errors import AgentError
from tta_agents.intent.understand import understand
from tta_agents.world.catalog import World, WorldCatalog
from tta_agents.world.engine import apply_intent
from tta_agents.world.model import Item
from tta_agents.world.scene import scene_of
from tta_agents.world.state import WorldState

__all__ = ["CorpusError", "PlayLine", "Report", "evaluate", "read_play_corpus", "render"]

# What the world says when it did not get what the player meant.
MISSED = frozenset(
    {"unknown", "not_found", "move_unknown", "move_where", "talk_missing", "talk_nobody",
     "talk_whom", "exercise_none", "use_what", "take_what", "drop_what"}
)  # fmt: skip


class CorpusError(AgentError, ValueError):
    """A line of the corpus is not a labelled play line (its number and the reason)."""


@dataclass(frozen=True)
class PlayLine:
    number: int
    world: str
    location: str
    text: str
    accept: tuple[str, ...]
    target: str | None = None


@dataclass
class Report:
    total: int = 0
    handled: int = 0
    on_topic: int = 0
    not_understood: int = 0  # on-topic lines answered "not understood"
    kinds: Counter[str] = field(default_factory=Counter)
    handled_kinds: Counter[str] = field(default_factory=Counter)
    by_model: int = 0  # lines the semantic fallback decided
    misses: list[tuple[PlayLine, str, str]] = field(default_factory=list)

    def share(self) -> float:
        return self.handled / self.total if self.total else 0.0

    def not_understood_share(self) -> float:
        return self.not_understood / self.on_topic if self.on_topic else 0.0


def read_play_corpus(path: Path) -> list[PlayLine]:
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
            lines.append(
                PlayLine(
                    number,
                    row["world"],
                    row["location"],
                    row["text"],
                    tuple(row["accept"]),
                    row.get("target"),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"{path}: line {number}: not a labelled play line ({exc})") from exc
    if not lines:
        raise CorpusError(f"{path}: no labelled lines")
    return lines


def evaluate(
    catalog: WorldCatalog, lines: Iterable[PlayLine], encoder: Encoder | None = None
) -> Report:
    report = Report()
    for line in lines:
        world = catalog.world(line.world)
        if line.location not in world.locations:
            raise CorpusError(f"line {line.number}: no location {line.location!r} in {line.world}")
        state = world.new_state().model_copy(
            update={"location": line.location, "visited": [line.location]}
        )
        state = state.model_copy(update={"inventory": _carried(world, state, line)})
        intent = understand(line.text, scene_of(world, state), encoder)
        situation = apply_intent(world, state, intent).situation
        expected = line.accept[0]
        if expected == "unknown":
            good = intent.kind.value == "unknown"
        else:
            report.on_topic += 1
            report.not_understood += intent.kind.value == "unknown"
            good = intent.kind.value in line.accept and situation not in MISSED
        report.total += 1
        report.kinds[expected] += 1
        report.handled += good
        report.handled_kinds[expected] += good
        report.by_model += intent.source == "model"
        if not good:
            report.misses.append((line, intent.kind.value, situation))
    return report


def _item_named(world: World, target: str | None) -> Item | None:
    """The item a label's target names: its id, or a word of its name or an alias."""
    if not target:
        return None
    if target in world.items:
        return world.items[target]
    wanted = target.lower().removeprefix("the ")
    for item in world.items.values():
        names = (item.name.lower(), *(alias.lower() for alias in item.aliases))
        if any(wanted == name or wanted in name.split() for name in names):
            return item
    return None


def _carried(world: World, state: WorldState, line: PlayLine) -> list[str]:
    item = _item_named(world, line.target)
    if item is None or not item.portable or line.accept[0] == "take":
        return []
    if item in world.items_at(state, line.location):
        return []
    return [item.id]


def render(report: Report, *, misses: bool = False) -> str:
    out = [
        f"{report.total} lines: {report.share():.1%} handled as meant; on-topic lines answered "
        f"not understood: {report.not_understood_share():.1%} ({report.not_understood} of "
        f"{report.on_topic}); decided by the semantic fallback: {report.by_model}",
        "",
        "by the first accepted kind:",
    ]
    for kind, count in report.kinds.most_common():
        out.append(f"  {kind:<10} {report.handled_kinds[kind]:>4} of {count:<4}")
    if misses:
        out += ["", "missed (accepted -> read as, world answered):"]
        out += [
            f"  {m.world}/{m.location}: {','.join(m.accept)} -> {kind}, {situation}: {m.text}"
            for m, kind, situation in report.misses
        ]
    return "\n".join(out)

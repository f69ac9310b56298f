"""A scripted player for the variety measure: explores a whole world through typed intents.

``scripted_intents(world, turns)`` walks to every place, looks, examines what is there, talks
to everyone and asks about their topics, practises, names a feeling now and then, asks for a
hint, the map or the ways on, and says thank you, as a curious player would. ``replay``
narrates them with the template narrator; ``variety`` measures how often replies repeat.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import cycle

from tta_agents.intent.model import FEELINGS, Intent, IntentKind
from tta_agents.narrative.templates import TemplateNarrator
from tta_agents.world.catalog import Preferences, World
from tta_agents.world.engine import apply_intent
from tta_agents.world.wording import label, route

__all__ = ["Variety", "replay", "scripted_intents", "variety"]

_SENTENCE = re.compile(r"(?<=[.!?\"])\s+")


def _intent(kind: IntentKind, **fields: str) -> Intent:
    text = fields.pop("text", " ".join([kind.value, *fields.values()]))
    return Intent(kind=kind, normalized_text=text, confidence=1.0, **fields)


def _asides() -> Iterator[Intent]:
    """What a player says between actions, in turn."""
    feelings = cycle(sorted(FEELINGS))
    while True:
        yield _intent(IntentKind.REFLECT, emotion=next(feelings))
        yield _intent(IntentKind.HINT)
        yield _intent(IntentKind.REFLECT, emotion=next(feelings))
        yield _intent(IntentKind.MAP)
        yield _intent(IntentKind.CHAT, text="thank you")
        yield _intent(IntentKind.EXITS)
        yield _intent(IntentKind.REFLECT, emotion=next(feelings))
        yield _intent(IntentKind.CHAT, text="hello there")


def _visit(world: World, loc_id: str, asked: set[str]) -> list[Intent]:
    """Look, then what a curious player does here that they have not done before."""
    loc = world.locations[loc_id]
    out = [_intent(IntentKind.LOOK)]
    fresh = [s.names[0] for s in loc.scenery if f"{loc_id}/{s.names[0]}" not in asked][:3]
    asked.update(f"{loc_id}/{name}" for name in fresh)
    out += [_intent(IntentKind.EXAMINE, target=name) for name in fresh]
    for item_id in loc.items:
        item = world.items[item_id]
        kind = IntentKind.TAKE if item.portable else IntentKind.USE
        out.append(_intent(kind, target=label(item.name, item.aliases)))
    for npc_id in loc.npcs:
        npc = world.npcs[npc_id]
        name = label(npc.name, npc.aliases)
        out.append(_intent(IntentKind.TALK, target=name))
        for topic in npc.topics:
            key = f"{npc_id}/{topic.names[0]}"
            if key not in asked:
                asked.add(key)
                out.append(_intent(IntentKind.TALK, target=name, topic=topic.names[0]))
    for ex_id in loc.exercises:
        out.append(_intent(IntentKind.EXERCISE, exercise=world.exercises[ex_id].kind))
    return out


def scripted_intents(world: World, turns: int = 100) -> list[Intent]:
    """``turns`` intents exploring ``world`` from its start, every place in walking order."""
    asides = _asides()
    script: list[Intent] = []
    here, asked = world.definition.start, set[str]()
    order = [loc.id for loc in world.definition.locations]
    pending = [here, *(i for i in order if i != here)]
    while len(script) < turns:
        target = pending.pop(0) if pending else order[len(script) % len(order)]
        for direction in route(world, here, target) or []:
            script.append(_intent(IntentKind.MOVE, direction=direction))
        here = target
        for n, intent in enumerate(_visit(world, target, asked)):
            script.append(intent)
            if n % 3 == 2:
                script.append(next(asides))
    return script[:turns]


def replay(world: World, intents: list[Intent], session_id: str = "scripted") -> list[str]:
    """The narrative of each turn, from the world's start (template narrator)."""
    narrator = TemplateNarrator()
    state, replies = world.new_state(), []
    for intent in intents:
        outcome = apply_intent(world, state, intent)
        replies.append(
            narrator.render(outcome, session_id=session_id, preferences=Preferences()).text
        )
        state = outcome.state
    return replies


@dataclass(frozen=True, slots=True)
class Variety:
    distinct_replies: float  # share of replies that are not an earlier reply word for word
    most_repeated_sentence: str
    most_repeated_count: int


def variety(replies: list[str]) -> Variety:
    sentences = Counter(s for reply in replies for s in _SENTENCE.split(reply) if s)
    sentence, count = sentences.most_common(1)[0] if sentences else ("", 0)
    return Variety(len(set(replies)) / len(replies) if replies else 1.0, sentence, count)

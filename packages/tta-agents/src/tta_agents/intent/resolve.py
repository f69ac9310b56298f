"""Targets named as the world knows them: a player's phrase resolved against the scene.

Shared by the rule readings and the semantic fallback of the input processor: "the lighthouse"
seen from the jetty is the lighthouse, "pick it up" is the one thing here, and a line that is
just the name of something here is the natural thing to do with it.
"""

from __future__ import annotations

import re

from tta_agents.intent.model import Intent, IntentKind
from tta_agents.intent.scene import Scene, Thing
from tta_agents.intent.vocabulary import DIRECTIONS

__all__ = [
    "LOOKABLE",
    "TARGETED",
    "direction_in",
    "intent_of",
    "named_item",
    "resolve",
    "thing_intent",
]

_K = IntentKind
LOOKABLE = ("item", "held", "npc", "exit", "place", "scenery")
TARGETED = {_K.MOVE, _K.EXAMINE, _K.TAKE, _K.DROP, _K.USE, _K.TALK}
_PERSON = re.compile(
    r"\b(?:man|woman|guy|lady|girl|boy|kid|child|person|someone|fellow|gentleman|bloke|chap"
    r"|dude|old man|old woman|stranger)\b"
)
_PRONOUN_TARGET = re.compile(
    r"(?:(?:it|that|this|them|her|him|that one|this one|the thing)(?: up| down)?|up)"
)


def named_item(phrase: str, scene: Scene) -> Thing | None:
    """An item here or in hand that a phrase names by a whole word of one of its names."""
    words = set(phrase.split())
    for thing in scene.of_kind("item", "held"):
        if words & {w for w in thing.words() if len(w) > 3}:
            return thing
    return None


def intent_of(kind: IntentKind, text: str, confidence: float, **fields: str | None) -> Intent:
    return Intent.model_validate(
        {"kind": kind, "normalized_text": text, "confidence": confidence, **fields}
    )


def direction_in(text: str) -> str | None:
    for word in text.split():
        if word in DIRECTIONS and len(word) > 1:
            return DIRECTIONS[word]
    return None


def thing_intent(thing: Thing, text: str, confidence: float) -> Intent:
    """A line that is just the name of something here."""
    if thing.kind in ("exit", "place"):
        direction = thing.key if thing.kind == "exit" and thing.key in DIRECTIONS.values() else None
        return intent_of(
            _K.MOVE, text, confidence, direction=direction, target=None if direction else thing.key
        )
    if thing.kind == "npc":
        return intent_of(_K.TALK, text, confidence, target=thing.key)
    if thing.kind == "exercise":
        return intent_of(_K.EXERCISE, text, confidence, exercise=thing.key)
    return intent_of(_K.EXAMINE, text, confidence, target=thing.key)


def resolve(intent: Intent, scene: Scene) -> Intent:
    """The rules' target, named as the world knows it when the scene has it."""
    if intent.kind not in TARGETED or not intent.target:
        return intent
    kinds = {
        _K.MOVE: ("exit", "place"),
        _K.TALK: ("npc",),
        _K.TAKE: ("item", "held"),
        _K.DROP: ("held",),
    }.get(intent.kind, ())
    if _PRONOUN_TARGET.fullmatch(intent.target):
        # "pick that up", "talk to her": the one thing of that kind here, if there is one
        only = scene.of_kind(*(kinds or LOOKABLE))
        if len(only) == 1:
            return intent.model_copy(update={"target": only[0].key})
        return intent
    thing = scene.find(intent.target, *kinds)
    if intent.kind is _K.EXAMINE and _PERSON.search(intent.normalized_text):
        # "the woman in the raincoat" is a person here, whatever she wears
        thing = scene.find(intent.normalized_text, "npc") or scene.npc_here() or thing
    if thing is None and intent.kind is _K.EXAMINE:
        thing = scene.find(intent.target, *LOOKABLE)
    if thing is None and intent.kind is _K.TALK and _PERSON.search(intent.target):
        thing = scene.npc_here()  # "talk to the kid": the one person here
    if thing is None:
        return intent
    if intent.kind is _K.MOVE and thing.kind == "exit" and thing.key in DIRECTIONS.values():
        return intent.model_copy(update={"direction": thing.key, "target": None})
    return intent.model_copy(update={"target": thing.key})

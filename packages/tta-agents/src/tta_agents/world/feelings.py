"""Turns about the player rather than the world: feelings, a pause, small talk, a line not
followed. Each is answered in the world's own voice (its ``feelings:`` and ``voice:``)."""

from __future__ import annotations

import re

from tta_agents.world.model import Exercise, Feeling
from tta_agents.world.practice import home_of
from tta_agents.world.state import Outcome
from tta_agents.world.step import Step
from tta_agents.world.suggestions import suggest
from tta_agents.world.wording import COMMANDS, in_sentence, join_words, lower_first, route

__all__ = ["chat", "pause", "reflect", "unknown"]

_THANKS = re.compile(r"\b(thank|thanks|thx|ty|cheers|appreciate)\b")
_GREETING = re.compile(r"\b(hello|hi|hey|hiya|morning|evening|afternoon|greetings|howdy)\b")


def _pick(step: Step, situation: str, lines: tuple[str, ...]) -> str:
    """The next of the world's lines for this situation, in turn (never the same twice running)."""
    return lines[step.told(situation) % len(lines)]


def _feeling(step: Step, emotion: str) -> Feeling | None:
    feelings = step.world.definition.feelings
    found = next((f for f in feelings if emotion in f.names), None)
    return found or next((f for f in feelings if "general" in f.names), None)


def _nearest(step: Step, kind: str) -> Exercise | None:
    here = [step.world.exercises[e] for e in step.location.exercises]
    return next((e for e in here if e.kind == kind), None) or next(
        (e for e in step.world.exercises.values() if e.kind == kind), None
    )


def _offer(step: Step, feeling: Feeling, facts: dict[str, str]) -> None:
    if feeling.offer == "pause":
        facts["pause_offered"] = " "  # fills the pause offer of the phrase book
        step.suggestions = ["pause", "look around"]
    elif feeling.offer == "grounding":
        facts["grounding"] = feeling.grounding
        step.suggestions = ["try grounding", "pause"]
    elif feeling.offer == "exercise" and feeling.exercise:
        command = COMMANDS[feeling.exercise]
        chosen = _nearest(step, feeling.exercise)
        home = home_of(step, chosen.id) if chosen else None
        if chosen and home == step.location_id:
            facts["offer_here"] = chosen.title
        elif chosen and home:
            path = route(step.world, step.location_id, home) or []
            facts["offer_there"] = lower_first(chosen.title)
            facts["offer_place"] = in_sentence(step.world.locations[home].title)
            facts["offer_route"] = ", then ".join(path)
        facts["offer_command"] = command
        step.suggestions = [command, "pause"]


def reflect(step: Step) -> Outcome:
    emotion = step.intent.emotion or ""
    feeling = _feeling(step, emotion) if emotion else _feeling(step, "general")
    if feeling is None:  # a world file without feelings: the phrase book's gentle reply
        return step.done(
            "reflect" if emotion else "reflect_plain", step.facts(emotion=_words(emotion))
        )
    key = f"feeling:{feeling.names[0]}"
    facts = step.facts(emotion=_words(emotion), line=_pick(step, key, feeling.lines))
    _offer(step, feeling, facts)
    step.updates["told"] = {**step.state.told, key: step.told(key) + 1}  # varies the next
    return step.done("feeling", facts)


def _words(emotion: str) -> str:
    return emotion.replace("_", " ")


def pause(step: Step) -> Outcome:
    """Honoured at once: nothing is pushed, nothing is suggested but coming back."""
    voice = step.world.definition.voice
    line = _pick(step, "pause", voice.pause) if voice else ""
    step.suggestions = ["look around", "quit"]
    return step.done("pause", step.facts(line=line))


def chat(step: Step) -> Outcome:
    text = step.intent.normalized_text.lower()
    voice = step.world.definition.voice
    kind = "thanks" if _THANKS.search(text) else "greeting" if _GREETING.search(text) else "chat"
    if voice is None:
        return step.done(f"chat_{kind}", step.facts())
    lines = {"thanks": voice.thanks, "greeting": voice.greeting, "chat": voice.chat}[kind]
    return step.done(f"chat_{kind}", step.facts(line=_pick(step, f"chat_{kind}", lines)))


def unknown(step: Step) -> Outcome:
    """A line the game did not follow: the world's voice and two or three things to try here."""
    voice = step.world.definition.voice
    ideas = suggest(step.world, step.state)[:3]
    step.suggestions = ideas
    facts = step.facts(ideas=join_words(ideas, "or"))
    if voice:
        facts["line"] = _pick(step, "unknown", voice.unknown)
    return step.done("unknown", facts)

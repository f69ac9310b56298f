"""Talking with the people of a world: greetings by rapport, topics with follow-ups, memory."""

from __future__ import annotations

from tta_agents.world.model import Npc, Topic
from tta_agents.world.state import Outcome
from tta_agents.world.step import Step, resolve
from tta_agents.world.suggestions import suggest
from tta_agents.world.wording import join_words, label

__all__ = ["talk"]


def _key(npc: Npc, topic: Topic) -> str:
    return f"{npc.id}/{topic.names[0]}"


def _topic(npc: Npc, phrase: str) -> Topic | None:
    found = resolve(phrase, ((f"t{n}", t.names[0], t.names[1:]) for n, t in enumerate(npc.topics)))
    return npc.topics[int(found[1:])] if found else None


def _unasked(step: Step, npc: Npc) -> list[Topic]:
    asked: dict[str, int] = step.current("asked")  # type: ignore[assignment]
    return [t for t in npc.topics if _key(npc, t) not in asked]


def _who(step: Step) -> tuple[Npc | None, str | None]:
    """The person spoken to and the topic, reading a lone phrase as a topic when only one
    person is here and the phrase names none ("ask about the jar")."""
    here = step.location.npcs
    npcs = {n: step.world.person(n, step.state) for n in here}
    target, topic = step.intent.target, step.intent.topic
    if target:
        found = resolve(target, ((n, npcs[n].name, npcs[n].aliases) for n in here))
        if found:
            return npcs[found], topic
        if topic is None and len(here) == 1 and _topic(npcs[here[0]], target):
            return npcs[here[0]], target
        return None, topic
    return (npcs[here[0]], topic) if len(here) == 1 else (None, topic)


def talk(step: Step) -> Outcome:
    npc, topic = _who(step)
    if npc is None:
        if step.intent.target:
            return step.done("talk_missing", step.facts(target=step.intent.target))
        if step.location.npcs:
            names = [step.world.person(n, step.state).name for n in step.location.npcs]
            return step.done("talk_whom", step.facts(npcs_here=join_words(names)))
        return step.done("talk_nobody", step.facts())
    rapport = step.state.rapport.get(npc.id, 0)
    step.updates["rapport"] = {**step.state.rapport, npc.id: rapport + 1}
    if topic:
        return _ask(step, npc, topic)
    facts = step.facts(npc=npc.name)
    if rapport < len(npc.dialogue):
        facts["line"] = npc.dialogue[rapport]
        facts["topics"] = join_words([t.names[0] for t in _unasked(step, npc)[:3]])
        return _said(step, npc, "talk", facts)
    unasked = _unasked(step, npc)
    if unasked:
        facts["topics"] = join_words([t.names[0] for t in unasked[:3]])
        return _said(step, npc, "talk_more", facts)
    asked = [t.names[0] for t in npc.topics]
    return _said(step, npc, "talk_done", {**facts, "remembered": join_words(asked[-3:])})


def _ask(step: Step, npc: Npc, phrase: str) -> Outcome:
    topic = _topic(npc, phrase)
    facts = step.facts(npc=npc.name, topic=phrase)
    if topic is None:
        facts["topics"] = join_words([t.names[0] for t in (_unasked(step, npc) or npc.topics)[:3]])
        return _said(step, npc, "talk_topic_unknown", facts)
    asked: dict[str, int] = step.current("asked")  # type: ignore[assignment]
    times = asked.get(_key(npc, topic), 0)
    step.updates["asked"] = {**asked, _key(npc, topic): times + 1}
    others = [t.names[0] for t in _unasked(step, npc) if t is not topic][:2]
    facts["topics"] = join_words(others)
    facts["topic"] = topic.names[0]
    if times >= len(topic.lines):
        return _said(step, npc, "talk_topic_done", facts)
    facts["line"] = topic.lines[times]
    return _said(step, npc, "talk_topic" if times == 0 else "talk_topic_more", facts)


def _said(step: Step, npc: Npc, situation: str, facts: dict[str, str]) -> Outcome:
    """Finish a conversation turn, suggesting a topic not yet asked about."""
    name = label(npc.name, npc.aliases)
    asked: dict[str, int] = step.current("asked")  # type: ignore[assignment]
    fresh = [t for t in npc.topics if _key(npc, t) not in asked]
    if fresh:
        step.suggestions = [f"ask {name} about {fresh[0].names[0]}"]
        step.suggestions += [s for s in suggest(step.world, step.draft()) if name not in s][:2]
    return step.done(situation, facts)

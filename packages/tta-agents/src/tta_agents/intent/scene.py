"""What the player can refer to where they stand: the input processor's view of the world.

The world step builds a ``Scene`` from a world and a session's state (``World.scene``); the
input processor reads lines against it, so "the lighthouse" on the jetty is the lighthouse
the description names, "go back to the cottage" is the exit that leads there, and "ask him
about the jar" is the keeper's topic. Pure data: no world code is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from tta_agents.intent.spelling import closest

__all__ = ["Scene", "Thing", "ThingKind"]

ThingKind = Literal["item", "held", "npc", "exit", "place", "scenery", "exercise", "topic"]
_STOP = frozenset(
    {"the", "a", "an", "of", "to", "at", "in", "on", "my", "your", "this", "that", "some", "with"}
)


@dataclass(frozen=True)
class Thing:
    """Something the player may name: ``key`` is how the world step knows it (its name, or a
    direction for an exit); ``names`` are the words a player may use, lowercase."""

    kind: ThingKind
    key: str
    names: tuple[str, ...]
    owner: str = ""  # for a topic: the person it belongs to
    looks: frozenset[str] = frozenset()  # words of its description ("the woman in yellow")

    def words(self) -> set[str]:
        return {w for name in self.names for w in name.split() if w not in _STOP}


@dataclass(frozen=True)
class Scene:
    """Everything nameable here, and the directions that lead on."""

    world_id: str = ""
    location: str = ""
    things: tuple[Thing, ...] = ()
    directions: tuple[str, ...] = ()
    vocabulary: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def empty(cls) -> Scene:
        return cls()

    def of_kind(self, *kinds: ThingKind) -> list[Thing]:
        return [t for t in self.things if t.kind in kinds]

    def find(self, phrase: str, *kinds: ThingKind) -> Thing | None:
        """The thing a phrase names: a whole name first, then the most words shared, then a
        close spelling of a word (one typo)."""
        phrase = " ".join(w for w in phrase.lower().split() if w not in _STOP)
        if not phrase:
            return None
        candidates = self.of_kind(*kinds) if kinds else list(self.things)
        for thing in candidates:
            if phrase in thing.names:
                return thing
        words = set(phrase.split())
        best, score = None, 0
        for thing in candidates:
            shared = len(words & thing.words())
            whole = any(f" {name} " in f" {phrase} " for name in thing.names)
            rank = shared + (2 if whole else 0)
            if rank > score:
                best, score = thing, rank
        if best is not None:
            return best
        known = {w: t for t in candidates for w in t.words() if len(w) > 3}
        choices = tuple(known)
        for word in words:
            close = closest(word, choices, 0.8)
            if close:
                return known[close]
        # Last, something named by how it looks: the one thing whose description shares the
        # most words with the phrase (two at least, or one when nothing else is described).
        looked = sorted(
            ((len(words & t.looks), t) for t in candidates if t.looks),
            key=lambda pair: -pair[0],
        )
        if looked and looked[0][0] and (len(looked) == 1 or looked[0][0] > looked[1][0]):
            return looked[0][1]
        return None

    def npc_here(self) -> Thing | None:
        """The only person here, if there is exactly one."""
        people = self.of_kind("npc")
        return people[0] if len(people) == 1 else None

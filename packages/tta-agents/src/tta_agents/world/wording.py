"""Small pieces of English the world step builds from world data: lists, titles, the way on."""

from __future__ import annotations

from collections import deque

from tta_agents.world.catalog import World
from tta_agents.world.model import Location

__all__ = ["COMMANDS", "in_sentence", "join_words", "label", "lower_first", "route", "ways"]


def join_words(words: list[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def in_sentence(title: str) -> str:
    """A title as it reads mid-sentence: "The Stone Bench" -> "the Stone Bench"."""
    return title[:1].lower() + title[1:] if title.split(" ", 1)[0] in ("The", "A", "An") else title


def lower_first(title: str) -> str:
    """An exercise title mid-sentence: "Breathing with the lighthouse" -> "breathing with..."."""
    return title[:1].lower() + title[1:]


def label(name: str, aliases: tuple[str, ...]) -> str:
    """The short name a player would type for a person or thing."""
    return aliases[0] if aliases else name.lower()


def ways(world: World, loc: Location) -> str:
    """ "north to the Herb Path and east to the Stone Bench"."""
    return join_words(
        [
            f"{direction} to {in_sentence(world.locations[dest].title)}"
            for direction, dest in sorted(loc.exits.items())
        ]
    )


def route(world: World, start: str, goal: str) -> list[str] | None:
    """The directions of a shortest walk from ``start`` to ``goal`` ([] if already there)."""
    previous: dict[str, tuple[str, str] | None] = {start: None}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        if here == goal:
            steps: list[str] = []
            while (link := previous[here]) is not None:
                here, direction = link
                steps.append(direction)
            return steps[::-1]
        for direction, dest in sorted(world.locations[here].exits.items()):
            if dest not in previous:
                previous[dest] = (here, direction)
                queue.append(dest)
    return None


# What a player types to start an exercise of each kind (each is valid input).
COMMANDS: dict[str, str] = {
    "breathing": "breathe",
    "grounding": "try grounding",
    "journaling": "journal",
    "visualization": "visualize",
    "stretching": "stretch",
    "gratitude": "practice gratitude",
}

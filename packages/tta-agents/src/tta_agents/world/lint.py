"""``lint_world``: what a world file still lacks for a player who examines, asks and feels.

The first check reads each location's description the way a player does: every thing it
names ("the lighthouse", "small fish", "a kettle") must be examinable, as scenery, an item,
a person, the place itself or a way on. Things are found with a word list that knows which
words can be nouns (lemminflect's lexicon, loaded on first use) and where they stand in the
sentence: after an article or adjective, or a plural noun starting a sentence; a word that
can only be a verb, or stands where a verb would, is not a thing.

The other checks cover depth: at least four topics per person, the feelings the game names,
the world's voice and its ending, and a practice setting in every place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tta_agents.intent.model import FEELINGS
from tta_agents.world.model import Location, WorldDefinition

__all__ = ["MIN_TOPICS", "Problem", "lint_world", "named_things"]

MIN_TOPICS = 4
_WORD = re.compile(r"[a-z][a-z'-]*|[.,;:!?\"()]")
_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "its",
        "their",
        "his",
        "her",
        "your",
        "my",
        "our",
        "some",
        "each",
        "every",
        "this",
        "these",
        "those",
        "that",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "few",
        "several",
        "many",
        "another",
        "no",
    ]
)
# Words after which a noun phrase follows (a thing may be named next).
_PREPOSITIONS = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "to",
        "into",
        "onto",
        "over",
        "under",
        "above",
        "below",
        "behind",
        "beside",
        "between",
        "among",
        "around",
        "through",
        "across",
        "along",
        "near",
        "and",
        "or",
        "like",
        "beneath",
    ]
)
# Words that are never the thing itself: function words (the prepositions and determiners
# among them), and nouns that name no object.
_NEVER = (
    frozenset(
        [
            "but",
            "nor",
            "so",
            "yet",
            "if",
            "as",
            "than",
            "then",
            "when",
            "where",
            "while",
            "which",
            "who",
            "whom",
            "whose",
            "what",
            "there",
            "here",
            "it",
            "they",
            "them",
            "he",
            "she",
            "him",
            "you",
            "we",
            "us",
            "i",
            "me",
            "one",
            "ones",
            "itself",
            "against",
            "toward",
            "towards",
            "within",
            "without",
            "about",
            "after",
            "before",
            "beyond",
            "off",
            "out",
            "up",
            "down",
            "upon",
            "past",
            "unlike",
            "until",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "am",
            "has",
            "have",
            "had",
            "do",
            "does",
            "did",
            "will",
            "would",
            "can",
            "could",
            "may",
            "might",
            "shall",
            "should",
            "must",
            "not",
            "all",
            "any",
            "both",
            "either",
            "neither",
            "more",
            "most",
            "much",
            "other",
            "such",
            "own",
            "same",
            "just",
            "only",
            "also",
            "too",
            "very",
            "even",
            "still",
            "already",
            "always",
            "never",
            "again",
            "ever",
            "almost",
            "quite",
            "rather",
            "really",
            "perhaps",
            "maybe",
            "anyone",
            "anything",
            "everyone",
            "everything",
            "someone",
            "something",
            "nobody",
            "nothing",
            "everywhere",
            "somewhere",
            "nowhere",
            "way",
            "ways",
            "time",
            "times",
            "moment",
            "moments",
            "place",
            "places",
            "thing",
            "things",
            "kind",
            "kinds",
            "sort",
            "side",
            "sides",
            "part",
            "parts",
            "lot",
            "bit",
            "end",
            "edge",
            "direction",
            "directions",
            "front",
            "back",
            "top",
            "middle",
            "rest",
            "pace",
            "day",
            "days",
            "hour",
            "morning",
            "evening",
            "night",
            "today",
            "tonight",
            "tomorrow",
            "yourself",
            "myself",
            "himself",
            "herself",
            "themselves",
            "ourselves",
            "visitor",
            "visitors",
            "people",
            "person",
            "everybody",
            "somebody",
            "someone",
            "unless",
            "inside",
            "outside",
            "height",
            "effort",
            "hurry",
            "year",
            "years",
            "hundred",
            "hundreds",
            "count",
            "counts",
            "space",
            "world",
            "turn",
            "step",
            "head",
            "shoulder",
            "song",
            "story",
            "one",
            "unbothered",
            "now",
            "climb",
        ]
    )
    | _PREPOSITIONS
    | _DETERMINERS
)
# Adjectives the lexicon also lists as nouns: never things, but a noun may follow them.
_ADJECTIVES = frozenset(
    [
        "little",
        "small",
        "wide",
        "good",
        "warm",
        "round",
        "long",
        "red",
        "orange",
        "white",
        "green",
        "gold",
        "grey",
        "blue",
        "yellow",
        "quiet",
        "old",
        "new",
        "clear",
        "soft",
        "bright",
        "dark",
        "short",
        "tall",
        "full",
        "solid",
    ]
)
_PARTICLES = frozenset(["back", "out", "up", "down", "away", "off", "over", "around", "along"])
_PRONOUNS = frozenset(
    ["it", "them", "you", "him", "her", "us", "me", "itself", "yourself", "themselves"]
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing to fix: where in the file, and what."""

    world: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.world}: {self.where}: {self.message}"


@lru_cache(maxsize=8192)
def _pos(word: str) -> frozenset[str]:
    """The parts of speech a word can be (empty: not in the lexicon, e.g. "windowsill")."""
    from lemminflect import getAllLemmas  # noqa: PLC0415 (its tables load on first use)

    return frozenset(getAllLemmas(word))


@lru_cache(maxsize=8192)
def _lemma(word: str) -> str:
    from lemminflect import getAllLemmas  # noqa: PLC0415

    lemmas: dict[str, Any] = getAllLemmas(word)
    noun = lemmas.get("NOUN")
    return str(noun[0]) if noun else word


def _nounish(word: str) -> bool:
    if word in _NEVER or word in _ADJECTIVES or len(word) < 3 or "'" in word:
        return False
    pos = _pos(word)
    return "NOUN" in pos or not pos


def _plural(word: str) -> bool:
    return _lemma(word) != word


def named_things(description: str) -> list[str]:
    """The things a description names, as the words it names them with (in order, once)."""
    tokens = _WORD.findall(description.lower())
    found: list[str] = []
    for i, word in enumerate(tokens):
        if not _nounish(word) or word in found:
            continue
        before = tokens[i - 1] if i else "."
        after = tokens[i + 1] if i + 1 < len(tokens) else "."
        if _nounish(after) and not _plural(word) and _can_follow(after):
            continue  # a modifier: "seed" in "seed packets"
        if word.endswith("ing") and before not in _DETERMINERS:
            continue  # "fish turning", "standing"
        pos = _pos(word)
        if "VERB" in pos or "ADJ" in pos or "ADV" in pos:
            if "VERB" in pos and (
                before == "," or after in _PARTICLES or after in _PRONOUNS or after.endswith("ly")
            ):
                continue  # "reads", "slide back", "makes it", "knock gently"
            slot = _slot(before)
            if slot is None:
                continue  # "planks creak", "so clear"
            if slot == "compound" and ("ADJ" in pos or after not in _PHRASE_ENDS):
                continue  # "the lens turns slowly", "a jar full of"; but "lily pads,"
        found.append(word)
    return found


def _can_follow(word: str) -> bool:
    """Whether ``word`` can head a noun phrase after a modifier ("turning" in "fish turning"
    is a verb's form, not a head)."""
    pos = _pos(word)
    return ("NOUN" in pos or not pos) and not word.endswith(("ing", "ed"))


_PHRASE_ENDS = frozenset(
    [".", ",", ";", ":", "!", "?", "and", "or", "are", "is", "was", "were", "have", "has", "of"]
)


def _slot(before: str) -> str | None:
    """What the word before leaves room for: a noun phrase ("phrase": after an article,
    adjective, preposition or a sentence start), the head of a compound ("compound": after a
    singular noun, "lily pads"), or a verb (None)."""
    if before in _DETERMINERS or before in _ADJECTIVES or not before.isalpha():
        return "phrase"
    if before in _NEVER:
        return "phrase" if before in _PREPOSITIONS else None
    pos = _pos(before)
    if ("ADJ" in pos and "NOUN" not in pos) or (before.endswith(("ed", "ing")) and "VERB" in pos):
        return "phrase"
    if _nounish(before) and not _plural(before):
        return "compound"
    return None


def _names_of(world: WorldDefinition, loc: Location) -> set[str]:
    """Every word that makes something examinable at ``loc``."""
    items = {i.id: i for i in world.items}
    npcs = {n.id: n for n in world.npcs}
    places = {p.id: p for p in world.locations}
    phrases: list[str] = [loc.title, *loc.aliases]
    for scenery in loc.scenery:
        phrases.extend(scenery.names)
    for item_id in loc.items:
        phrases.extend((items[item_id].name, *items[item_id].aliases))
    for npc_id in loc.npcs:
        phrases.extend((npcs[npc_id].name, *npcs[npc_id].aliases))
    for dest in loc.exits.values():
        phrases.extend((places[dest].title, *places[dest].aliases))
    return {_lemma(w) for phrase in phrases for w in _WORD.findall(phrase.lower())}


def _scenery_problems(world: WorldDefinition) -> list[Problem]:
    problems = []
    for loc in world.locations:
        known = _names_of(world, loc)
        for thing in named_things(loc.description):
            if _lemma(thing) not in known:
                problems.append(
                    Problem(
                        world.id,
                        f"locations.{loc.id}",
                        f"the description names {thing!r} but no scenery, item, person or "
                        "place answers to it",
                    )
                )
        if not loc.practice:
            problems.append(
                Problem(world.id, f"locations.{loc.id}.practice", "no practice setting")
            )
    return problems


def lint_world(world: WorldDefinition) -> list[Problem]:
    """Every problem of one world, in file order; an empty list means it is ready to play."""
    problems = _scenery_problems(world)
    for npc in world.npcs:
        if len(npc.topics) < MIN_TOPICS:
            problems.append(
                Problem(
                    world.id,
                    f"npcs.{npc.id}.topics",
                    f"{len(npc.topics)} topics; a person needs at least {MIN_TOPICS}",
                )
            )
    covered = {name for feeling in world.feelings for name in feeling.names}
    missing = sorted((FEELINGS | {"general"}) - covered)
    if missing:
        problems.append(Problem(world.id, "feelings", f"no answer for: {', '.join(missing)}"))
    if world.voice is None:
        problems.append(
            Problem(world.id, "voice", "missing (pause, greeting, thanks, chat, unknown)")
        )
    if world.milestones and world.ending is None:
        problems.append(Problem(world.id, "ending", "missing: the last milestone has no epilogue"))
    return problems

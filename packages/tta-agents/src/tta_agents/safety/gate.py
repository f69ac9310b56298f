"""Which lines the learned tier can skip: plain game commands about things in the scene.

"go north", "x jar", "talk to the keeper", "take the pebble": a known command verb followed
only by directions, small words and the names of things where the player stands. Such a line
says nothing the rules cannot judge (the rules still read every line), and skipping the model
for it is most of what keeps the model affordable: about seven lines in ten are commands.
Anything else ("take the pills", "jump off the cliff", "go north. i want to die") is read.
"""

from __future__ import annotations

import re

__all__ = ["plain_command"]

_VERBS = frozenset(
    {
        "go", "walk", "head", "move", "run", "enter", "leave", "return", "follow", "climb",
        "look", "l", "x", "examine", "inspect", "read", "check", "search", "listen", "smell",
        "touch", "watch", "take", "get", "grab", "pick", "drop", "put", "place", "talk",
        "speak", "ask", "greet", "say", "inventory", "inv", "i", "help", "hint", "hints", "map",
        "exits", "undo", "save", "open", "close", "use", "light", "ring", "play", "water",
        "plant", "sit", "rest", "wait", "breathe", "stretch", "journal", "write", "describe",
        "whisper", "stare", "gaze", "peer", "pocket", "step", "knock", "wave", "cross", "stand",
        "explore", "visit", "feed", "pet", "stroke", "taste", "z",
    }
)  # fmt: skip
_DIRECTIONS = frozenset(
    {
        "n", "s", "e", "w", "ne", "nw", "se", "sw", "u", "d", "north", "south", "east", "west",
        "northeast", "northwest", "southeast", "southwest", "up", "down", "in", "out", "inside",
        "outside", "back", "around",
    }
)  # fmt: skip
_SMALL = frozenset(
    {
        "the", "a", "an", "to", "at", "on", "with", "into", "onto", "from", "of", "my", "this",
        "that", "it", "please", "again", "about", "over", "under", "by", "near", "and", "then",
        "me", "some", "here", "there", "all", "game", "progress",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9']+")
# A courtesy at the end is not another sentence: "Save my game, if you would."
_COURTESY = re.compile(
    r"(?:[,\s]+(?:please|pls|if you would|if you would be so kind|if you don't mind|if you"
    r" please|thank you|thanks|kindly|cheers))+[.!]*\s*$",
    re.IGNORECASE,
)
_MAX_WORDS = 6


def plain_command(text: str, game_words: frozenset[str]) -> bool:
    """True for a short command whose every word is a command, a direction, a small word or
    the name of something here."""
    text = _COURTESY.sub("", text)
    if any(mark in text for mark in ".!?;,\n"):  # several sentences: read it
        stripped = text.strip().rstrip(".!")
        if any(mark in stripped for mark in ".!?;,\n"):
            return False
    words = _WORD.findall(text.lower())
    if not words or len(words) > _MAX_WORDS:
        return False
    if words[0] not in _VERBS and not (len(words) == 1 and words[0] in _DIRECTIONS):
        return False
    known = _VERBS | _DIRECTIONS | _SMALL | game_words
    return all(word in known for word in words[1:])

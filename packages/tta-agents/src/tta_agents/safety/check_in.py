"""Reading a player's answer to the check-in question ("are you thinking about ending your
life or hurting yourself?"): yes, no, unsure, or something else (they went on playing).

A narrow reader for one question, so plain word lists serve: the line is lowercased, its
punctuation dropped, and its opening words compared. What the answer *says* beyond yes or no
is judged as usual by the rules and the model before this is asked.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Answer", "read_answer"]

Answer = Literal["yes", "no", "unsure", "other"]

_WORDS = re.compile(r"[a-z']+")
_UNSURE = (
    "maybe", "idk", "i dont know", "i don't know", "dunno", "not sure", "im not sure",
    "i'm not sure", "kind of", "kinda", "sort of", "sorta", "sometimes", "a bit", "a little",
    "hard to say", "i guess", "possibly", "perhaps", "not really sure", "i think so",
    "on and off", "i don't know anymore", "i dont know anymore", "a little bit", "ish",
    "no idea", "i have no idea", "not sure",
)  # fmt: skip
_NO = (
    "no", "nope", "nah", "na", "not really", "not at all", "never", "no way", "i'm not",
    "im not", "i am not", "i don't think so", "i dont think so", "i'm ok", "im ok", "i'm okay",
    "im okay", "i'm fine", "im fine", "i am fine", "i'm safe", "im safe", "i am safe",
    "all good", "not like that", "no no", "nothing like that", "of course not", "definitely not",
    "i do not", "i don't", "i dont", "i was joking", "i was just joking", "just joking", "jk",
    "joking", "i'm good", "im good",
)  # fmt: skip
_YES = (
    "yes", "yeah", "yea", "yep", "yup", "ya", "yh", "ye", "aye", "y", "i am", "i do",
    "i have", "i have been", "i was", "honestly yes", "true", "i want to", "sadly yes",
    "kind of yes", "yes i am", "i think about it", "i've been thinking about it", "always",
    "every day", "all the time", "a lot",
)  # fmt: skip
_MAX_WORDS = 14


def _starts(words: list[str], phrases: tuple[str, ...]) -> bool:
    for phrase in phrases:
        parts = phrase.split()
        if words[: len(parts)] == parts:
            return True
    return False


def read_answer(text: str) -> Answer:
    words = _WORDS.findall(text.lower().replace("\u2019", "'"))
    if not words:
        return "other"
    if len(words) > _MAX_WORDS and not _starts(words, ("yes", "no", "yeah", "nah")):
        return "other"
    if _starts(words, _UNSURE) or (len(words) <= 3 and any(w in ("maybe", "idk") for w in words)):
        return "unsure"
    if _starts(words, _NO):
        return "no"
    if _starts(words, _YES):
        return "yes"
    return "other"

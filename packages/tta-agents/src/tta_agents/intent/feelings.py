"""Feelings in a player's own words: which of ``FEELINGS`` a line names, if any.

A feeling is named by a word ("anxious", "numb") or by a phrase that says it without the word
("my heart is racing", "everyone probably thinks i'm weird", "what's the point"). Phrases are
matched on the normalised text (lowercase, one space between words); words also through one
small typo. The worlds answer feelings in their own terms; the safety engine, which runs
first, decides what is distress and what is a crisis.
"""

from __future__ import annotations

import re

from tta_agents.intent.spelling import closest

__all__ = ["feeling_in", "says_feeling"]

# Words that name a feeling, by the feeling they name.
WORDS: dict[str, str] = {
    "anxious": "anxious", "anxiety": "anxious", "nervous": "anxious", "panicky": "anxious",
    "jittery": "anxious", "uneasy": "anxious", "edgy": "anxious", "on edge": "anxious",
    "worried": "worried", "worry": "worried", "worrying": "worried", "dread": "worried",
    "scared": "afraid", "afraid": "afraid", "frightened": "afraid", "terrified": "afraid",
    "fear": "afraid", "spooked": "afraid",
    "overwhelmed": "overwhelmed", "swamped": "overwhelmed", "too much": "overwhelmed",
    "stressed": "stressed", "stress": "stressed", "tense": "stressed", "wound up": "stressed",
    "sad": "sad", "down": "sad", "low": "sad", "unhappy": "sad", "blue": "sad", "gloomy": "sad",
    "depressed": "sad", "miserable": "sad", "heartbroken": "sad", "crying": "sad", "grief": "sad",
    "lonely": "lonely", "alone": "lonely", "isolated": "lonely",
    "tired": "tired", "exhausted": "tired", "drained": "tired", "knackered": "tired",
    "sleepy": "tired", "worn out": "tired",
    "numb": "numb", "empty": "numb", "hollow": "numb", "flat": "numb",
    "angry": "angry", "furious": "angry", "mad": "angry", "irritated": "angry", "pissed": "angry",
    "frustrated": "frustrated", "annoyed": "frustrated", "fed up": "frustrated",
    "ashamed": "ashamed", "shame": "ashamed", "humiliated": "embarrassed",
    "embarrassed": "embarrassed", "awkward": "embarrassed", "cringe": "embarrassed",
    "guilty": "guilty", "guilt": "guilty", "hurt": "hurt",
    "calm": "calm", "peaceful": "calm", "relaxed": "calm", "chill": "calm", "serene": "calm",
    "happy": "happy", "glad": "happy", "good": "happy", "great": "happy", "content": "happy",
    "better": "better", "lighter": "better", "hopeful": "hopeful", "grateful": "grateful",
    "thankful": "grateful", "safe": "safe", "confused": "confused", "lost": "lost",
    "stuck": "stuck", "restless": "restless", "fidgety": "restless", "distracted": "restless",
    "triggered": "triggered", "flashback": "flashback", "flashbacks": "flashback",
    "judged": "judged", "left out": "left_out", "excluded": "left_out", "invisible": "left_out",
    "pointless": "pointless", "unmotivated": "no_energy", "lethargic": "no_energy",
}  # fmt: skip

# Phrases that say a feeling without naming it (regular expressions over normalised text).
PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bheart (?:is |keeps |won't stop |wont stop )?(?:racing|pounding|thumping|going so fast)", "racing_heart"),
    (r"\bcan'?t (?:catch my )?breath|\bshort of breath|\bchest (?:is )?tight", "racing_heart"),
    (r"\bwhat if\b", "what_if"),
    (r"\bkeep (?:imagining|thinking) (?:the )?worst|\bsomething bad (?:is going to|will) happen", "what_if"),
    (r"\bflash ?backs?\b|\breliv(?:e|ing) (?:it|that)|\bback (?:there|in that room) again", "flashback"),
    (r"\bthe past keeps|\bmemories? keeps?|\bcan'?t stop (?:remembering|thinking about what happened)", "flashback"),
    (r"\btrigger(?:ed|ing|s)\b|\bset me off\b|\bput me on edge\b", "triggered"),
    (r"\b(?:everyone|people|they|everybody|they all) (?:\w+ )?(?:thinks?|think|will think|probably think|must think|stare|staring|judg\w*|laugh\w*)", "judged"),
    (r"\b(?:think|thinks) i'?m (?:weird|stupid|boring|annoying|a loser|strange|cringe)", "judged"),
    (r"\bmaking a fool of myself|\bmade a fool of myself|\beveryone was looking at me", "embarrassed"),
    (r"\bleft out\b|\bnobody (?:invited|talks to|wants) me|\bno one (?:invited|talks to|wants) me|\bdon'?t fit in|\bon the outside\b", "left_out"),
    (r"\bno energy\b|\bcan'?t (?:be bothered|get out of bed|get up)|\bso (?:tired|drained) of everything", "no_energy"),
    (r"\bwhat'?s the point\b|\bwhat is the point\b|\bno point\b|\bnothing matters\b|\bwhy bother\b", "pointless"),
    (r"\bmind (?:is |keeps |won'?t stop )?(?:racing|wandering|spinning|jumping)|\bcan'?t (?:sit still|focus|concentrate|switch off)|\bthoughts? (?:everywhere|won'?t stop)", "restless"),
    (r"\bneed(?:ed)? to stop\b|\btoo much for me\b", "overwhelmed"),
    (r"\bgive up\b|\bgiving up\b|\bgave up\b|\bquit trying\b|\bstop trying\b|\bcan'?t do this\b|\bhopeless\b", "frustrated"),
)  # fmt: skip

_COMPILED = tuple((re.compile(p), f) for p, f in PHRASES)
_SINGLE_WORDS = tuple(w for w in WORDS if " " not in w)
_OPENERS = re.compile(
    r"^(?:i feel|i felt|i'?m feeling|im feeling|feeling|i'?m|im|i am|i was|i've been|ive been|"
    r"i get|i keep feeling|i keep|i'm so|i'm a bit|i'm kind of|i have been|my|everyone|"
    r"people|nobody|no one|they|i had|i have|i can'?t|what'?s the|the past|what if)\b"
)
_FEEL_WORD = re.compile(r"\b(?:feel|feels|feeling|felt|mood)\b")
_WAYS = frozenset({"down", "up", "out", "in", "back", "over", "off", "on"})  # "down" goes down
# A feeling said in a word or two ("lonely", "so tired", "kinda sad tbh"): tired players type
# little, and a bare feeling word is no command.
_BARE = re.compile(
    r"^(?:(?:so|very|really|kinda|kind of|a bit|a little|just|super|too|pretty|quite|bit|"
    r"lowkey|honestly|still|feeling|bloody|fucking) )*(?P<word>[a-z']+)"
    r"(?: (?:af|rn|today|tonight|tbh|ngl|lol|again|now|atm|honestly|mostly))*$"
)


def feeling_in(text: str) -> str | None:
    """The feeling a normalised line names, or None."""
    for pattern, feeling in _COMPILED:
        if pattern.search(text):
            return feeling
    words = text.split()
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            found = WORDS.get(" ".join(words[start : start + size]))
            if found:
                return found
    for word in words:
        if len(word) > 4 and (close := _misspelt_feeling(word)) is not None:
            return close
    return None


def _misspelt_feeling(word: str) -> str | None:
    """The feeling a one-typo word names ("anxous"), or None."""
    close = closest(word, _SINGLE_WORDS, 0.85)
    return WORDS[close] if close else None


def says_feeling(text: str) -> bool:
    """Whether a normalised line is the player saying how they feel (not a command)."""
    if _OPENERS.match(text) or _FEEL_WORD.search(text):
        return True
    bare = _BARE.match(text)
    return bare is not None and bare["word"] in WORDS and bare["word"] not in _WAYS

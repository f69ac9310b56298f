"""The rule-based input processor: synonyms, articles and small typos, no I/O.

The parser knows verbs, directions and feelings, not the world: it returns the object or
NPC phrase as ``target`` and the world step resolves it against what is in scope.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from tta_agents.intent.languages import foreign_word
from tta_agents.intent.model import Intent, IntentKind
from tta_agents.intent.vocabulary import (
    ARTICLES,
    DIRECTIONS,
    EMOTIONS,
    EXERCISE_WORDS,
    GIVING_UP,
    PHRASES,
    VERBS,
)

__all__ = ["parse_intent"]

_NOT_WORD = re.compile(r"[^a-z0-9' ]+")
_FILLERS: tuple[tuple[str, ...], ...] = (
    ("i", "would", "like", "to"),
    ("i'd", "like", "to"),
    ("i", "want", "to"),
    ("i", "will"),
    ("i'll",),
    ("can", "i"),
    ("could", "i"),
    ("let", "me"),
    ("let's",),
    ("lets",),
    ("try", "to"),
    ("please",),
    ("now",),
    ("then",),
)
_FEELING_OPENERS: tuple[tuple[str, ...], ...] = (
    ("i", "feel"),
    ("i", "felt"),
    ("i", "am"),
    ("i'm",),
    ("im",),
    ("i", "was"),
    ("i've", "been"),
    ("ive", "been"),
    ("feeling",),
    ("i", "keep", "feeling"),
)
_GREETINGS = frozenset(
    {"hello", "hi", "hey", "hiya", "howdy", "hola", "bonjour", "ciao", "namaste", "salaam", "hallo"}
)
_PRONOUN = "i"  # alone it is the inventory command; before other words, the player speaking
# Everyday words that are one letter from a command ("safe" / "save", "sad" / "said"): never
# corrected, whatever the typo distance says.
_REAL_WORDS = frozenset(
    {"safe", "same", "sad", "side", "lake", "late", "lock", "look", "tree", "free", "fine",
     "line", "mine", "wave", "cave", "gave", "have", "give", "live", "love", "move", "more",
     "rest", "best", "test", "west", "east", "cast", "last", "fast", "past", "sit", "set",
     "hit", "bit", "lit", "get", "got", "but", "put", "run", "sun", "fun", "one", "none",
     # question and function words are never a command's typo ("how" is not "throw")
     "how", "who", "why", "what", "when", "where", "which", "whose", "does", "did", "are",
     "was", "were", "will", "would", "could", "should", "shall", "may", "might", "must",
     "can", "the", "this", "that", "these", "those", "there", "here", "then", "and", "not",
     "you", "your", "she", "her", "him", "his", "they", "them", "their", "our", "its",
     "need", "want", "wish", "hope", "think", "feel", "know", "like", "tired", "good", "dear",
     "hello", "game", "sorry", "okay", "see", "seen", "saw"}
)  # fmt: skip
# Narration in the first or third person ("she picks up the blanket"): the verb after the
# speaker is the command, its -s or -es dropped.
_SPEAKERS = frozenset({"i", "we", "she", "he", "they", "you"})
_FUZZY_VOCABULARY = tuple(sorted({*VERBS, *(d for d in DIRECTIONS if len(d) > 2)}))
_LONGEST_PHRASE = max(len(p) for p in PHRASES)
_EXACT = 0.95
_FUZZY = 0.7
_MAX_INPUT = 500


def _starts_with(tokens: list[str], prefix: tuple[str, ...]) -> bool:
    return tuple(tokens[: len(prefix)]) == prefix


@lru_cache(maxsize=4096)
def _correct(word: str, vocabulary: tuple[str, ...] = _FUZZY_VOCABULARY) -> str | None:
    """The known word a small typo or a cut-off word most likely meant, or None.

    "nrth" -> "north", "tak" -> "take".
    """
    if len(word) < 3 or word in _REAL_WORDS or foreign_word(word):
        return None
    completions = sorted((w for w in vocabulary if w.startswith(word)), key=len)
    if completions:  # a cut-off word ("tak", "nor") means its shortest completion
        return completions[0]
    found = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
    return found[0] if found else None


def _base_form(verb: str) -> str:
    """A narrated verb as the command it names: "picks" -> "pick", "wishes" -> "wish"."""
    if verb in VERBS or len(verb) < 4 or not verb.endswith("s"):
        return verb
    for cut in (1, 2):
        if verb[:-cut] in VERBS:
            return verb[:-cut]
    return verb


def _strip_fillers(tokens: list[str]) -> list[str]:
    changed = True
    while changed and tokens:
        changed = False
        for filler in _FILLERS:
            if _starts_with(tokens, filler) and len(tokens) > len(filler):
                tokens = tokens[len(filler) :]
                changed = True
    return tokens


def _feeling(tokens: list[str]) -> tuple[bool, str | None]:
    """(is this an emotional statement, the feeling it names)."""
    opener = any(_starts_with(tokens, o) for o in _FEELING_OPENERS) or "feel" in tokens
    if not opener:
        return False, None
    for token in tokens:
        if token in EMOTIONS:
            return True, EMOTIONS[token]
    for token in tokens:
        corrected = _correct(token, tuple(EMOTIONS)) if len(token) > 4 else None
        if corrected:
            return True, EMOTIONS[corrected]
    return ("feel" in tokens or "feeling" in tokens or "felt" in tokens), None


def _gives_up(tokens: list[str]) -> bool:
    """Whether the line says the player is giving up ("i give up", "this is pointless")."""
    return any(
        tuple(tokens[start : start + len(words)]) == words
        for words in GIVING_UP
        for start in range(len(tokens) - len(words) + 1)
    )


def _phrase(tokens: list[str]) -> tuple[str, int] | None:
    for size in range(min(_LONGEST_PHRASE, len(tokens)), 1, -1):
        action = PHRASES.get(tuple(tokens[:size]))
        if action:
            return action, size
    return None


def _target(tokens: list[str]) -> str | None:
    words = [t for t in tokens if t not in ARTICLES]
    if "about" in words:
        words = words[: words.index("about")]
    return " ".join(words) or None


_MANNER = frozenset({"again", "now", "slowly", "quickly", "carefully", "quietly", "then", "first"})


def _direction(tokens: list[str]) -> tuple[str | None, bool]:
    words = [t for t in tokens if t not in ARTICLES and t not in _MANNER]
    if len(words) != 1:
        return None, False
    word = words[0]
    if word in DIRECTIONS:
        return DIRECTIONS[word], False
    corrected = _correct(word, tuple(d for d in DIRECTIONS if len(d) > 2))
    return (DIRECTIONS[corrected], True) if corrected else (None, False)


def _build(action: str, rest: list[str], text: str, confidence: float) -> Intent:
    kind_name, _, exercise = action.partition(":")
    kind = IntentKind(kind_name)
    if kind is IntentKind.MOVE:
        direction, fuzzy = _direction(rest)
        if direction:
            return Intent(
                kind=kind,
                normalized_text=f"go {direction}",
                confidence=_FUZZY if fuzzy else confidence,
                direction=direction,
            )
        return Intent(kind=kind, normalized_text=text, confidence=confidence, target=_target(rest))
    if kind is IntentKind.LOOK and _target(rest):
        kind = IntentKind.EXAMINE
    if kind is IntentKind.EXAMINE and not _target(rest):
        kind = IntentKind.LOOK
    if kind is IntentKind.EXERCISE:
        named = next((w for w in rest if w in EXERCISE_WORDS), None)
        chosen = None if exercise == "any" else exercise
        return Intent(
            kind=kind, normalized_text=text, confidence=confidence, exercise=named or chosen
        )
    if kind in (IntentKind.INVENTORY, IntentKind.HELP, IntentKind.REST, IntentKind.QUIT):
        return Intent(kind=kind, normalized_text=text, confidence=confidence)
    return Intent(kind=kind, normalized_text=text, confidence=confidence, target=_target(rest))


def parse_intent(text: str) -> Intent:
    """Turn one line the player typed into an ``Intent``; never raises."""
    cleaned = " ".join(_NOT_WORD.sub(" ", text[:_MAX_INPUT].lower()).split())
    tokens = _strip_fillers(cleaned.split())
    normalized = " ".join(tokens)
    if not tokens:
        return Intent(kind=IntentKind.UNKNOWN, normalized_text="", confidence=0.0)
    is_feeling, emotion = _feeling(tokens)
    if is_feeling:
        return Intent(
            kind=IntentKind.REFLECT, normalized_text=normalized, confidence=0.9, emotion=emotion
        )
    if _gives_up(tokens):
        return Intent(
            kind=IntentKind.REFLECT,
            normalized_text=normalized,
            confidence=0.9,
            emotion="frustrated",
        )
    spoken = tokens[0] in _SPEAKERS and len(tokens) > 1
    if spoken:  # "i take the lamp" and "she takes the lamp" mean "take the lamp"
        tokens = _strip_fillers(tokens[1:])
        tokens = [_base_form(tokens[0]), *tokens[1:]] if tokens else tokens
        normalized = " ".join(tokens)
    phrase = _phrase(tokens)
    if phrase:
        action, size = phrase
        return _build(action, tokens[size:], normalized, _EXACT)
    head = tokens[0]
    if head in DIRECTIONS and len(tokens) == 1:
        return _build("move", tokens, normalized, _EXACT)
    if head in _GREETINGS:
        return _build("talk", tokens[1:], normalized, _EXACT)
    if head in VERBS:
        return _build(VERBS[head], tokens[1:], normalized, _EXACT)
    # After "i" the next word is plain English ("i wonder", "i think"), not a verb's typo.
    corrected = None if spoken else _correct(head)
    if corrected is None:
        return Intent(kind=IntentKind.UNKNOWN, normalized_text=normalized, confidence=0.0)
    fixed = [corrected, *tokens[1:]]
    normalized = " ".join(fixed)
    phrase = _phrase(fixed)
    if phrase:
        return _build(phrase[0], fixed[phrase[1] :], normalized, _FUZZY)
    if corrected in DIRECTIONS:
        return _build("move", fixed, normalized, _FUZZY)
    return _build(VERBS[corrected], fixed[1:], normalized, _FUZZY)

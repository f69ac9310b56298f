"""Chat text to normalised words: lowercase, slang and misspellings mapped to plain words.

Rules match the normalised text, in which words are separated by exactly one space and
sentence punctuation is a word of its own ("I'm sooo done.. kms" -> "i'm so done . . kill
myself"). Every normalised word remembers the span of the original token it came from, so
matches can be explained with spans of the text the player typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["Normalizer", "Token"]

# A time ("7:40") and letters with dots between them ("k.m.s") are one word; other words;
# sentence punctuation.
_TOKEN = re.compile(
    "\\d{1,2}:\\d{2}(?!\\d)|[^\\W\\d_](?:\\.[^\\W\\d_]){2,}(?![^\\W_])|[^\\W_]+(?:['\u2019\u2018`][^\\W_]+)*|[.!?;,:\\n\"]"
)
_REPEAT3 = re.compile(r"(.)\1{2,}")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_CACHE_LIMIT = 50_000

Token = tuple[str, int, int]
"""A normalised word with the start and end of the original token it came from."""


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit_without_substitution(typed: str, term: str) -> bool:
    """True when ``typed`` is ``term`` with one letter dropped, added or two letters swapped."""
    if len(typed) == len(term):
        diff = [i for i, (a, b) in enumerate(zip(typed, term, strict=True)) if a != b]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == term[diff[1]]
            and typed[diff[1]] == term[diff[0]]
        )
    shorter, longer = sorted((typed, term), key=len)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


class Normalizer:
    """Maps raw tokens to normalised words; results are cached per distinct token."""

    def __init__(
        self,
        aliases: Mapping[str, str],
        fuzzy_terms: Iterable[str],
        vocabulary: Iterable[str] = (),
    ) -> None:
        self._aliases = {key: tuple(value.split()) for key, value in aliases.items()}
        self._terms = {term for term in fuzzy_terms if len(term) >= 6}
        self._known = set(vocabulary) | self._terms | set(self._aliases)
        self._by_deletion: dict[str, str | None] = {}
        for term in sorted(self._terms):
            for variant in _deletions(term):
                previous = self._by_deletion.get(variant, term)
                self._by_deletion[variant] = term if previous == term else None
        self._cache: dict[str, tuple[str, ...]] = {}

    def words(self, text: str) -> list[str]:
        """The normalised words of ``text`` (fast path: no spans)."""
        cache = self._cache
        out: list[str] = []
        for raw in _TOKEN.findall(text):
            mapped = cache.get(raw)
            if mapped is None:
                mapped = self._remember(raw)
            out.extend(mapped)
        return out

    def tokens(self, text: str) -> list[Token]:
        """The normalised words of ``text``, each with the span of its original token."""
        out: list[Token] = []
        for match in _TOKEN.finditer(text):
            raw = match.group()
            mapped = self._cache.get(raw)
            if mapped is None:
                mapped = self._remember(raw)
            out.extend((word, match.start(), match.end()) for word in mapped)
        return out

    @staticmethod
    def raw_tokens(text: str) -> list[str]:
        return _TOKEN.findall(text)

    def normalise(self, raw: str) -> tuple[str, ...]:
        """The normalised words of one raw token (cached)."""
        mapped = self._cache.get(raw)
        return mapped if mapped is not None else self._remember(raw)

    def _remember(self, raw: str) -> tuple[str, ...]:
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        mapped = self._normalise(raw)
        self._cache[raw] = mapped
        return mapped

    def _normalise(self, raw: str) -> tuple[str, ...]:
        if raw == "\n":
            return (".",)
        word = raw.lower().translate(_APOSTROPHES)
        if not word[0].isalnum():
            return (word,)
        word = word.replace(".", "").replace(":", "")  # "k.m.s" is "kms", "7:40" is "740"
        if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
            plain = word.translate(_LEET)
            if plain in self._known or self._correct(plain) is not None:
                word = plain
        if _REPEAT3.search(word):
            single = _REPEAT3.sub(r"\1", word)
            word = single if single in self._known else _REPEAT3.sub(r"\1\1", word)
        if word in self._aliases:
            return self._aliases[word]
        if len(word) >= 4 and word not in self._known:
            fixed = self._correct(word)
            if fixed is not None:
                return self._aliases.get(fixed, (fixed,))
        return (word,)

    def _correct(self, word: str) -> str | None:
        candidates: set[str] = set()
        exact = self._by_deletion.get(word)
        if exact:
            candidates.add(exact)
        for variant in _deletions(word):
            if variant in self._terms:
                candidates.add(variant)
            found = self._by_deletion.get(variant)
            if found:
                candidates.add(found)
        valid = [
            term
            for term in candidates
            if _one_edit_without_substitution(word, term) and word not in (term + "s", term + "d")
        ]
        return valid[0] if len(valid) == 1 else None

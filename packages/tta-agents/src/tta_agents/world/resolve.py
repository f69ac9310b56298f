"""Matching what the player typed ("the old lantern", "gardner") to things in scope."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["resolve"]


def resolve(phrase: str, candidates: Iterable[tuple[str, str, tuple[str, ...]]]) -> str | None:
    """The id of the candidate ``(id, name, aliases)`` the phrase names, or None.

    Exact names and aliases win, then a name containing the phrase (or the phrase containing
    an alias), then a close spelling of a single word.
    """
    phrase = phrase.lower().strip()
    if not phrase:
        return None
    names: dict[str, str] = {}
    for ident, name, aliases in candidates:
        for label in (ident.replace("_", " "), name.lower(), *(a.lower() for a in aliases)):
            names.setdefault(label, ident)
    if phrase in names:
        return names[phrase]
    for label, ident in names.items():
        if phrase in label.split() or label in phrase:
            return ident
    words = {
        word: ident for label, ident in names.items() for word in label.split() if len(word) > 3
    }
    close = difflib.get_close_matches(phrase, list(words), n=1, cutoff=0.75)
    if close:
        return words[close[0]]
    for token in phrase.split():
        close = difflib.get_close_matches(token, list(words), n=1, cutoff=0.8)
        if close:
            return words[close[0]]
    return None

"""The known word a misspelt one most likely means: difflib's closest match, remembered.

Every turn asks the same few questions (this word against the names in this place), and
difflib compares each pair of words afresh, so the answers are cached by the word and the
choices it was matched against.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

__all__ = ["closest"]


@lru_cache(maxsize=16384)
def closest(word: str, choices: tuple[str, ...], cutoff: float) -> str | None:
    """The choice ``word`` is a close spelling of (similarity at least ``cutoff``), or None."""
    found = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return found[0] if found else None

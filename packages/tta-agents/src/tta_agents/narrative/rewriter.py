"""The seam between the template narrator and a model that rewrites its draft.

The pipeline holds a ``DraftRewriter`` (``tta_agents.adapters.llm.LLMNarrator`` is one), so
the core names no HTTP client; the rewriter streams each finished sentence through
``on_sentence`` and raises ``ProviderError`` when the pipeline should keep the draft.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from tta_agents.narrative.templates import Narration
from tta_agents.world.catalog import Preferences

__all__ = ["DraftRewriter", "SentenceCallback"]

SentenceCallback = Callable[[str], Awaitable[None]]


class DraftRewriter(Protocol):
    @property
    def provider(self) -> str: ...

    async def narrate(
        self,
        draft: Narration,
        *,
        player_text: str,
        world: str,
        preferences: Preferences,
        on_sentence: SentenceCallback,
    ) -> Narration: ...

    async def aclose(self) -> None: ...

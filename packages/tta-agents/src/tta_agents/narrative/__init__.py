"""NGA, narrative generation: templates by default, an OpenAI-compatible LLM optionally.

The LLM client and narrator load on first use (PEP 562): they bring httpx, which only a
configured model needs, so a template-only service starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tta_agents.lazy_exports import lazy_exports
from tta_agents.narrative.crisis import crisis_reply
from tta_agents.narrative.templates import Narration, PhraseBook, TemplateNarrator

if TYPE_CHECKING:
    from tta_agents.narrative.llm import ChatCompletionsClient
    from tta_agents.narrative.llm_narrator import LLMNarrator

__all__ = [
    "ChatCompletionsClient",
    "LLMNarrator",
    "Narration",
    "PhraseBook",
    "TemplateNarrator",
    "crisis_reply",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "ChatCompletionsClient": "tta_agents.narrative.llm",
        "LLMNarrator": "tta_agents.narrative.llm_narrator",
    },
)

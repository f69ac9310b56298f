"""NGA, narrative generation: templates (here, no I/O); an OpenAI-compatible LLM optionally
(``tta_agents.adapters.llm``, on httpx)."""

from tta_agents.narrative.crisis import crisis_reply
from tta_agents.narrative.templates import Narration, PhraseBook, TemplateNarrator

__all__ = ["Narration", "PhraseBook", "TemplateNarrator", "crisis_reply"]

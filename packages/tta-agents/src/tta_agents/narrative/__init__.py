"""NGA, narrative generation: templates by default, an OpenAI-compatible LLM optionally."""

from tta_agents.narrative.crisis import crisis_reply
from tta_agents.narrative.llm import ChatCompletionsClient
from tta_agents.narrative.llm_narrator import LLMNarrator
from tta_agents.narrative.templates import Narration, PhraseBook, TemplateNarrator

__all__ = [
    "ChatCompletionsClient",
    "LLMNarrator",
    "Narration",
    "PhraseBook",
    "TemplateNarrator",
    "crisis_reply",
]

"""The narrative's LLM adapter: an OpenAI-compatible chat-completions client (httpx) and the
narrator that rewrites the template draft with it, behind a breaker and retries, and the
safety engine's optional second opinion on lines it is unsure about."""

from tta_agents.adapters.llm.client import ChatCompletionsClient
from tta_agents.adapters.llm.narrator import LLMNarrator
from tta_agents.adapters.llm.second_opinion import LLMSecondOpinion

__all__ = ["ChatCompletionsClient", "LLMNarrator", "LLMSecondOpinion"]

"""The narrative's LLM adapter: an OpenAI-compatible chat-completions client (httpx) and the
narrator that rewrites the template draft with it, behind a breaker and retries."""

from tta_agents.adapters.llm.client import ChatCompletionsClient
from tta_agents.adapters.llm.narrator import LLMNarrator

__all__ = ["ChatCompletionsClient", "LLMNarrator"]

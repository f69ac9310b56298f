"""NGA with a model: the LLM rewrites the template draft; breaker and retries around it.

The template draft holds the facts (what moved, what was said), so the model only changes
the prose, never the game. Tokens are released sentence by sentence through ``on_sentence``,
which the pipeline uses to check each sentence before anyone sees it.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

from tta_agents.adapters.llm.client import ChatCompletionsClient
from tta_agents.errors import ProviderUnavailableError
from tta_agents.metrics import AgentMetrics
from tta_agents.narrative.rewriter import SentenceCallback
from tta_agents.narrative.templates import Narration
from tta_agents.reliability.breaker import CircuitBreaker
from tta_agents.reliability.retry import RetryPolicy
from tta_agents.world.catalog import Preferences

__all__ = ["LLMNarrator"]

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")

_SYSTEM = (
    "You are the narrator of {world}, a gentle therapeutic text adventure. Rewrite what "
    "happened as two to four short sentences of warm, calm prose in the second person and "
    "present tense. Keep every fact, name and quoted line; invent no exits, items or people. "
    "Use a {approach} framing at {intensity} intensity. No lists, headings, advice about "
    "medication or diagnosis, and nothing frightening."
)


class _SentenceGate:
    """Collects streamed tokens and releases whole sentences."""

    def __init__(self, release: SentenceCallback) -> None:
        self._release = release
        self._buffer = ""
        self.received = False

    async def feed(self, token: str) -> None:
        self.received = True
        self._buffer += token
        parts = _SENTENCE_END.split(self._buffer)
        for sentence in parts[:-1]:
            if sentence.strip():
                await self._release(sentence.strip() + " ")
        self._buffer = parts[-1]

    async def flush(self) -> None:
        if self._buffer.strip():
            await self._release(self._buffer.strip())
        self._buffer = ""


class LLMNarrator:
    """A ``DraftRewriter`` on an OpenAI-compatible model."""

    def __init__(
        self,
        client: ChatCompletionsClient,
        *,
        breaker: CircuitBreaker,
        retry: RetryPolicy,
        metrics: AgentMetrics | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.breaker = breaker
        self.retry = retry
        self.metrics = metrics
        self._sleep = sleep

    @property
    def provider(self) -> str:
        return self.client.name

    async def aclose(self) -> None:
        await self.client.aclose()

    def messages(
        self, draft: Narration, player_text: str, world: str, preferences: Preferences
    ) -> list[dict[str, str]]:
        system = _SYSTEM.format(
            world=world, approach=preferences.approach, intensity=preferences.intensity
        )
        user = f'The player typed: "{player_text}"\nWhat happened: {draft.text}'
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    async def narrate(
        self,
        draft: Narration,
        *,
        player_text: str,
        world: str,
        preferences: Preferences,
        on_sentence: SentenceCallback,
    ) -> Narration:
        """The model's narrative; raises ``ProviderError`` when the caller should fall back."""
        messages = self.messages(draft, player_text, world, preferences)
        attempt = 0
        while True:
            self.breaker.before_call()
            gate = _SentenceGate(on_sentence)
            try:
                text = await self.client.complete(messages, on_token=gate.feed)
                await gate.flush()
            except ProviderUnavailableError:
                self.breaker.record_failure()
                if attempt >= self.retry.retries or gate.received:
                    raise
                if self.metrics:
                    self.metrics.retries.labels(provider=self.provider).inc()
                await self._sleep(self.retry.delay(attempt))
                attempt += 1
                continue
            except (Exception, asyncio.CancelledError):
                self.breaker.record_failure()  # junk, unsafe output, or the step timed out
                raise
            self.breaker.record_success()
            return Narration(text=text, suggestions=draft.suggestions, provider=self.provider)

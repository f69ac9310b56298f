"""Every failure tta_agents raises, under one base.

```
AgentError
├── WorldError
│   ├── WorldDataError (ValueError)       a world file is malformed: names the file and field
│   └── UnknownWorldError (LookupError)   no world with that id
├── InvalidTurnError (ValueError)         the request itself is wrong (state of another world...)
├── StepError                             a pipeline step failed; carries ``step``
│   ├── StepTimeoutError (TimeoutError)   the step did not finish within its timeout
│   └── SafetyUnavailableError            the safety checker raised: the turn fails closed
├── ProviderError                         an external narrative provider (an LLM) failed
│   ├── ProviderUnavailableError          transport error, 5xx or 429 (transient, retried)
│   ├── ProviderResponseError             4xx, malformed or empty answer (not retried)
│   │   └── UnsafeOutputError             a streamed sentence failed the output check
│   └── CircuitOpenError                  the provider's circuit breaker is open
├── QueueError                            the Redis Streams scale-out failed
│   ├── TurnTimeoutError (TimeoutError)   no worker answered within the turn timeout
│   └── DeadLetteredError                 the turn was moved to the dead-letter stream
└── RealtimeError                         the real-time layer (tree in ``realtime.errors``)
```

``ProviderError`` never escapes a turn: the narrative falls back to templates. What escapes
``TurnPipeline.run_turn`` is ``WorldError``, ``InvalidTurnError``, ``StepError`` or
``QueueError``: a caller maps them to 404, 422, 503 and 503/504.
"""

from __future__ import annotations

__all__ = [
    "AgentError",
    "CircuitOpenError",
    "DeadLetteredError",
    "InvalidTurnError",
    "ProviderError",
    "ProviderResponseError",
    "ProviderUnavailableError",
    "QueueError",
    "SafetyUnavailableError",
    "StepError",
    "StepTimeoutError",
    "TurnTimeoutError",
    "UnknownWorldError",
    "UnsafeOutputError",
    "WorldDataError",
    "WorldError",
]


class AgentError(Exception):
    """Base of every tta_agents error."""


class WorldError(AgentError):
    """A world could not be found or loaded."""


class WorldDataError(WorldError, ValueError):
    def __init__(self, source: str, field: str, message: str) -> None:
        self.source = source
        self.field = field
        super().__init__(f"{source}: {field}: {message}")


class UnknownWorldError(WorldError, LookupError):
    def __init__(self, world_id: str) -> None:
        self.world_id = world_id
        super().__init__(f"no world with id {world_id!r}")


class InvalidTurnError(AgentError, ValueError):
    """The turn request is inconsistent (e.g. the state belongs to another world)."""


class StepError(AgentError):
    def __init__(self, step: str, message: str) -> None:
        self.step = step
        super().__init__(f"{step}: {message}")


class StepTimeoutError(StepError, TimeoutError):
    def __init__(self, step: str, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        super().__init__(step, f"did not finish within {timeout_s:g} s")


class SafetyUnavailableError(StepError):
    """The safety checker failed; no text is shown rather than unchecked text."""


class ProviderError(AgentError):
    def __init__(self, provider: str, message: str) -> None:
        self.provider = provider
        super().__init__(f"{provider}: {message}")


class ProviderUnavailableError(ProviderError):
    """Transient: the provider could not be reached, timed out, or answered 5xx/429."""


class ProviderResponseError(ProviderError):
    """Permanent for this call: a 4xx, or an answer that is not a usable completion."""


class UnsafeOutputError(ProviderResponseError):
    """The model wrote a sentence the output check blocks: the template draft is kept."""


class CircuitOpenError(ProviderError):
    """The breaker is open: the provider is not called until its reset timeout passes."""


class QueueError(AgentError):
    """The scale-out queue failed."""


class TurnTimeoutError(QueueError, TimeoutError):
    def __init__(self, request_id: str, timeout_s: float) -> None:
        self.request_id = request_id
        self.timeout_s = timeout_s
        super().__init__(f"turn {request_id} got no answer within {timeout_s:g} s")


class DeadLetteredError(QueueError):
    def __init__(self, request_id: str, reason: str) -> None:
        self.request_id = request_id
        self.reason = reason
        super().__init__(f"turn {request_id} was dead-lettered: {reason}")

"""A second opinion on the lines the learned tier is unsure about (its check-in band).

When an operator configures an OpenAI-compatible model, it may also judge a check-in line
(``adapters/llm/second_opinion.py``). Its say can only raise the verdict: "crisis" makes the
line a crisis; anything else, silence, an error or a timeout leaves the check-in as it was.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from tta_agents.safety.verdict import SafetyLevel

__all__ = ["SecondOpinion"]


@runtime_checkable
class SecondOpinion(Protocol):
    name: str

    def judge(self, text: str) -> SafetyLevel | None:
        """The level this judge reads in ``text``, or None when it cannot tell in time.
        Called from the checking thread; must bound its own time."""
        ...

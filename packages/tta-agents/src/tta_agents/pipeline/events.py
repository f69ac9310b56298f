"""What the turn pipeline tells the outside world while a turn runs.

The pipeline emits these to an ``EventSink``; the real-time layer stamps each with an
``event_id``, ``session_id`` and timestamp and turns it into a wire event. Extend with new
classes or defaulted fields; never rename.
"""

from __future__ import annotations

from typing import Literal, Protocol, get_args

from pydantic import BaseModel, ConfigDict

from tta_agents.safety.verdict import Verdict

__all__ = [
    "STEPS",
    "Choices",
    "EventSink",
    "NarrativeChunk",
    "NarrativeComplete",
    "NullSink",
    "PipelineEvent",
    "ProgressSignal",
    "SafetyNotice",
    "Step",
    "StepFinished",
    "StepStarted",
]

Step = Literal["safety_input", "ipa", "wba", "nga", "safety_output"]
STEPS: tuple[Step, ...] = get_args(Step)  # the one list of step names, in turn order


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True)


class StepStarted(_Event):
    kind: Literal["step_started"] = "step_started"
    step: Step


class StepFinished(_Event):
    kind: Literal["step_finished"] = "step_finished"
    step: Step
    duration_ms: float
    ok: bool = True


class NarrativeChunk(_Event):
    kind: Literal["narrative_chunk"] = "narrative_chunk"
    text: str


class NarrativeComplete(_Event):
    kind: Literal["narrative_complete"] = "narrative_complete"
    text: str


class Choices(_Event):
    kind: Literal["choices"] = "choices"
    suggestions: tuple[str, ...]


class SafetyNotice(_Event):
    kind: Literal["safety"] = "safety"
    verdict: Verdict


class ProgressSignal(_Event):
    """A milestone reached, an exercise completed, a skill practised or the world completed
    (``completion``: ``id`` is the world, ``title`` and ``detail`` its ending), for tta_player
    to save."""

    kind: Literal["progress"] = "progress"
    type: Literal["milestone", "exercise", "skill", "completion"]
    id: str
    title: str
    detail: str = ""


PipelineEvent = (
    StepStarted
    | StepFinished
    | NarrativeChunk
    | NarrativeComplete
    | Choices
    | SafetyNotice
    | ProgressSignal
)


class EventSink(Protocol):
    async def emit(self, event: PipelineEvent) -> None: ...


class NullSink:
    """A sink that drops everything: for callers that only want the ``TurnResult``."""

    async def emit(self, event: PipelineEvent) -> None:
        return None

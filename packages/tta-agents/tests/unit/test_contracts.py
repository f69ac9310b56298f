import asyncio

from tta_agents.pipeline.events import NarrativeChunk, NullSink, SafetyNotice
from tta_agents.safety.verdict import SafetyAction, SafetyLevel, Verdict


def test_a_verdict_round_trips_through_json_with_every_field() -> None:
    verdict = Verdict(level=SafetyLevel.CRISIS, action=SafetyAction.ESCALATE, categories=("x",))
    event = SafetyNotice(verdict=verdict)
    assert SafetyNotice.model_validate_json(event.model_dump_json()) == event
    assert event.verdict.level == "crisis"


def test_the_null_sink_accepts_events() -> None:
    assert asyncio.run(NullSink().emit(NarrativeChunk(text="hi"))) is None

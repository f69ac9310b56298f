import threading
import time

import pytest
from prometheus_client import CollectorRegistry

from tta_agents import (
    AgentPipeline,
    AgentSettings,
    InvalidTurnError,
    StepError,
    StepTimeoutError,
    TurnRequest,
    UnknownWorldError,
    build_pipeline,
)
from tta_agents.pipeline.events import (
    Choices,
    NarrativeChunk,
    NarrativeComplete,
    PipelineEvent,
    ProgressSignal,
    SafetyNotice,
    StepFinished,
    StepStarted,
)
from tta_agents.safety.verdict import SafetyContext, Verdict
from tta_agents.testing import KeywordChecker


class ListSink:
    def __init__(self) -> None:
        self.events: list[PipelineEvent] = []

    async def emit(self, event: PipelineEvent) -> None:
        self.events.append(event)


class BrokenSink:
    async def emit(self, event: PipelineEvent) -> None:
        raise ConnectionResetError("client went away")


def request(text: str, **extra) -> TurnRequest:
    return TurnRequest(session_id="s-1", world_id="mindfulness_garden", text=text, **extra)


async def test_a_turn_streams_every_step_then_the_narrative_and_choices(
    pipeline: AgentPipeline,
) -> None:
    sink = ListSink()
    result = await pipeline.run_turn(request("look"), sink=sink)
    started = [e.step for e in sink.events if isinstance(e, StepStarted)]
    finished = [e.step for e in sink.events if isinstance(e, StepFinished)]
    assert started == finished == ["safety_input", "ipa", "wba", "nga", "safety_output"]
    chunks = [e.text for e in sink.events if isinstance(e, NarrativeChunk)]
    complete = [e for e in sink.events if isinstance(e, NarrativeComplete)]
    assert "".join(chunks) == complete[0].text == result.narrative
    choices = next(e for e in sink.events if isinstance(e, Choices))
    assert choices.suggestions == result.suggestions
    assert "Willow Gate" in result.narrative
    assert result.outcome == "ok"
    assert result.location.title == "The Willow Gate"
    assert result.provider == "template"
    assert result.implementation == "inprocess"
    assert 2 <= len(result.suggestions) <= 4
    assert set(result.step_ms) == {"safety_input", "ipa", "wba", "nga", "safety_output"}


async def test_a_crisis_input_gets_the_supportive_reply_with_resources_and_no_game_text(
    pipeline: AgentPipeline,
) -> None:
    sink = ListSink()
    state = pipeline.catalog.new_state("mindfulness_garden")
    result = await pipeline.run_turn(request("I want to end my life", state=state), sink=sink)
    assert result.outcome == "crisis"
    assert result.intent is None
    assert "988" in result.narrative
    assert "741741" in result.narrative
    assert "Willow" not in result.narrative
    assert result.state == state
    assert result.safety.level == "crisis"
    assert not [e for e in sink.events if isinstance(e, StepStarted) and e.step != "safety_input"]
    notices = [e for e in sink.events if isinstance(e, SafetyNotice)]
    assert notices[0].verdict.resources == result.safety.resources


async def test_a_blocked_input_is_refused_kindly_without_changing_the_world() -> None:
    pipeline = build_pipeline(AgentSettings(), checker=KeywordChecker(blocked_input=("slur",)))
    state = pipeline.catalog.new_state("mindfulness_garden")
    result = await pipeline.run_turn(request("a slur", state=state))
    assert result.outcome == "blocked"
    assert result.state == state
    assert "kind" in result.narrative


async def test_a_concern_keeps_playing_with_a_supportive_note_and_a_safety_event(
    pipeline: AgentPipeline,
) -> None:
    sink = ListSink()
    result = await pipeline.run_turn(request("I feel hopeless"), sink=sink)
    assert result.outcome == "ok"
    assert result.narrative.startswith("That sounds heavy")
    assert any(isinstance(e, SafetyNotice) for e in sink.events)


async def test_unsafe_template_output_is_replaced_by_safe_text() -> None:
    pipeline = build_pipeline(AgentSettings(), checker=KeywordChecker(blocked_output=("gore",)))
    result = await pipeline.run_turn(request("take the gore"))
    assert result.outcome == "replaced"
    assert "gore" not in result.narrative
    assert result.fallback_reason == "unsafe_output"
    assert result.output_safety is not None
    assert result.output_safety.action == "block"


async def test_progress_signals_are_emitted_and_returned(pipeline: AgentPipeline) -> None:
    sink = ListSink()
    state = pipeline.catalog.new_state("mindfulness_garden")
    state = (await pipeline.run_turn(request("east", state=state))).state
    result = await pipeline.run_turn(request("breathe", state=state), sink=sink)
    emitted = [e for e in sink.events if isinstance(e, ProgressSignal)]
    assert list(result.progress) == emitted
    assert {(p.type, p.id) for p in emitted} >= {
        ("exercise", "garden_breath"),
        ("milestone", "first_breath"),
    }
    assert result.exercise_started == "garden_breath"


async def test_a_sink_that_fails_does_not_break_the_turn(pipeline: AgentPipeline) -> None:
    result = await pipeline.run_turn(request("look"), sink=BrokenSink())
    assert result.outcome == "ok"


async def test_an_unknown_world_is_a_lookup_error(pipeline: AgentPipeline) -> None:
    with pytest.raises(UnknownWorldError) as caught:
        await pipeline.run_turn(TurnRequest(session_id="s", world_id="atlantis", text="look"))
    assert isinstance(caught.value, LookupError)
    with pytest.raises(LookupError):
        pipeline.catalog.new_state("atlantis")


async def test_a_state_from_another_world_is_an_invalid_turn(pipeline: AgentPipeline) -> None:
    other = pipeline.catalog.new_state("anxiety_sanctuary")
    with pytest.raises(InvalidTurnError):
        await pipeline.run_turn(request("look", state=other))
    lost = pipeline.catalog.new_state("mindfulness_garden").model_copy(
        update={"location": "nowhere"}
    )
    with pytest.raises(InvalidTurnError):
        await pipeline.run_turn(request("look", state=lost))


class ExplodingChecker(KeywordChecker):
    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        raise RuntimeError("rules file vanished")


async def test_a_failing_safety_checker_fails_the_turn_closed_with_a_typed_error() -> None:
    registry = CollectorRegistry()
    pipeline = build_pipeline(AgentSettings(), checker=ExplodingChecker(), registry=registry)
    with pytest.raises(StepError) as caught:
        await pipeline.run_turn(request("look"))
    assert caught.value.step == "safety_input"
    health = {h.name: h for h in pipeline.health()}
    assert health["safety_input"].errors == 1


async def test_metrics_count_turns_by_outcome_and_time_each_step(checker: KeywordChecker) -> None:
    registry = CollectorRegistry()
    pipeline = build_pipeline(AgentSettings(), checker=checker, registry=registry)
    await pipeline.run_turn(request("look"))
    await pipeline.run_turn(request("I want to end my life"))
    value = registry.get_sample_value
    assert value("tta_agents_turns_total", {"outcome": "ok"}) == 1
    assert value("tta_agents_turns_total", {"outcome": "crisis"}) == 1
    assert value("tta_agents_step_duration_seconds_count", {"agent": "wba"}) == 1
    assert value("tta_agents_step_duration_seconds_count", {"agent": "safety_input"}) == 2


async def test_the_pipeline_offers_the_world_catalog_and_an_intro(pipeline: AgentPipeline) -> None:
    ids = {w.id for w in pipeline.catalog.list()}
    assert "mindfulness_garden" in ids
    assert pipeline.catalog.get("mindfulness_garden").title == "The Mindfulness Garden"
    assert "willow" in pipeline.catalog.intro("mindfulness_garden").lower()
    await pipeline.aclose()
    assert all(h.status == "stopped" for h in pipeline.health())


class SlowChecker(KeywordChecker):
    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        time.sleep(1.0)
        return super().check(text, context)


async def test_isolated_steps_enforce_their_timeouts_with_a_typed_error() -> None:
    settings = AgentSettings(isolate_steps=True, safety_timeout=0.1)
    pipeline = build_pipeline(settings, checker=SlowChecker())
    with pytest.raises(StepTimeoutError) as caught:
        await pipeline.run_turn(request("look"))
    assert caught.value.step == "safety_input"
    assert isinstance(caught.value, TimeoutError)


async def test_isolated_steps_play_the_same_turn() -> None:
    isolated = build_pipeline(AgentSettings(isolate_steps=True), checker=KeywordChecker())
    inline = build_pipeline(AgentSettings(), checker=KeywordChecker())
    a = await isolated.run_turn(request("go north"))
    b = await inline.run_turn(request("go north"))
    assert a.narrative == b.narrative
    assert a.state == b.state


class ThreadNotingChecker(KeywordChecker):
    """Reads its 'model' for lines about feelings; notes where each check ran."""

    learned = True  # a checker with a model: its step may need a worker thread

    def __init__(self) -> None:
        super().__init__()
        self.on_loop: list[bool] = []

    def reads_model(self, text: str, context: SafetyContext | None = None) -> bool:
        return "feel" in text

    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        self.on_loop.append(threading.current_thread() is threading.main_thread())
        return super().check(text, context)


async def test_a_plain_command_is_checked_on_the_loop_and_free_text_in_a_worker() -> None:
    checker = ThreadNotingChecker()
    pipeline = build_pipeline(AgentSettings(understanding_model=False), checker=checker)
    plain = await pipeline.run_turn(request("go north"))
    await pipeline.run_turn(request("i feel a bit lost in here"))
    assert checker.on_loop == [True, False]
    # The answer does not depend on where it was computed.
    settings = AgentSettings(isolate_steps=True, understanding_model=False)
    isolated = build_pipeline(settings, checker=ThreadNotingChecker())
    assert (await isolated.run_turn(request("go north"))).narrative == plain.narrative

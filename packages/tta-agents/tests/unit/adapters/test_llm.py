"""The LLM narrative option against a local fake OpenAI-compatible server."""

import asyncio

import pytest
from prometheus_client import CollectorRegistry
from pydantic import SecretStr

from tta_agents import AgentSettings, TurnPipeline, TurnRequest, build_pipeline
from tta_agents.pipeline.events import NarrativeChunk, NarrativeComplete, PipelineEvent
from tta_agents.testing import FakeChatServer, KeywordChecker, Reply

STORY = "You step onto the soft path. Lavender brushes your sleeve. The garden is quiet."


class ListSink:
    def __init__(self) -> None:
        self.events: list[PipelineEvent] = []

    async def emit(self, event: PipelineEvent) -> None:
        self.events.append(event)

    def chunks(self) -> list[str]:
        return [e.text for e in self.events if isinstance(e, NarrativeChunk)]

    def complete(self) -> str:
        return next(e.text for e in self.events if isinstance(e, NarrativeComplete))


def llm_pipeline(server: FakeChatServer, registry: CollectorRegistry, **overrides) -> TurnPipeline:
    settings = AgentSettings(
        llm_base_url=server.base_url,
        llm_model="fake-model",
        llm_api_key=SecretStr("test-key"),  # pragma: allowlist secret
        nga_timeout=overrides.pop("nga_timeout", 5.0),
        retry_base_delay=0.01,
        retry_max_delay=0.02,
        **overrides,
    )
    pipeline = build_pipeline(settings, registry=registry, checker=KeywordChecker())
    assert isinstance(pipeline, TurnPipeline)
    return pipeline


def turn(text: str = "go north") -> TurnRequest:
    return TurnRequest(session_id="s-llm", world_id="mindfulness_garden", text=text)


async def test_the_llm_streams_its_narrative_sentence_by_sentence() -> None:
    registry = CollectorRegistry()
    async with FakeChatServer(Reply(text=STORY)) as server:
        pipeline = llm_pipeline(server, registry)
        sink = ListSink()
        result = await pipeline.run_turn(turn(), sink=sink)
        await pipeline.aclose()
    assert result.narrative == STORY
    assert result.provider.startswith("llm:fake-model@127.0.0.1")
    assert result.fallback_reason is None
    assert len(sink.chunks()) == 3
    assert "".join(sink.chunks()).strip() == STORY
    assert sink.complete() == STORY
    assert result.location.id == "herb_path"
    sent = server.requests[0]
    assert sent["model"] == "fake-model"
    assert sent["stream"] is True
    assert "Herb Path" in sent["messages"][1]["content"]


async def test_the_non_streaming_mode_returns_the_whole_reply() -> None:
    async with FakeChatServer(Reply(text=STORY)) as server:
        pipeline = llm_pipeline(server, CollectorRegistry(), llm_stream=False)
        sink = ListSink()
        result = await pipeline.run_turn(turn(), sink=sink)
        await pipeline.aclose()
    assert result.narrative == STORY
    assert sink.chunks() == [STORY]
    assert server.requests[0]["stream"] is False


async def test_a_slow_llm_falls_back_to_templates_within_the_step_timeout() -> None:
    registry = CollectorRegistry()
    async with FakeChatServer(Reply(delay=5)) as server:
        pipeline = llm_pipeline(server, registry, nga_timeout=0.3)
        result = await pipeline.run_turn(turn())
        await pipeline.aclose()
    assert result.provider == "template"
    assert result.fallback_reason == "timeout"
    assert "Herb Path" in result.narrative
    assert registry.get_sample_value("tta_agents_fallbacks_total", {"reason": "timeout"}) == 1


async def test_transient_failures_are_retried_then_fall_back() -> None:
    registry = CollectorRegistry()
    async with FakeChatServer(Reply(status=503)) as server:
        pipeline = llm_pipeline(server, registry, retry_attempts=2)
        result = await pipeline.run_turn(turn())
        await pipeline.aclose()
    assert len(server.requests) == 3
    assert result.fallback_reason == "unavailable"
    provider = pipeline.llm.provider if pipeline.llm else ""
    assert registry.get_sample_value("tta_agents_retries_total", {"provider": provider}) == 2


async def test_a_retry_that_succeeds_uses_the_llm_text() -> None:
    async with FakeChatServer(Reply(status=500), Reply(text=STORY)) as server:
        pipeline = llm_pipeline(server, CollectorRegistry(), retry_attempts=2)
        result = await pipeline.run_turn(turn())
        await pipeline.aclose()
    assert len(server.requests) == 2
    assert result.narrative == STORY


@pytest.mark.parametrize(
    ("reply", "stream"),
    [
        (Reply(garbage="body"), True),
        (Reply(garbage="body"), False),
        (Reply(garbage="chunk"), True),
        (Reply(garbage="shape"), False),
        (Reply(status=400), True),
        (Reply(text=" "), True),
        (Reply(text='{"narrative": "json is not prose"}'), False),
        (Reply(text="word " * 1200), True),
    ],
)
async def test_junk_answers_are_not_retried_and_fall_back(reply: Reply, stream: bool) -> None:
    async with FakeChatServer(reply) as server:
        pipeline = llm_pipeline(server, CollectorRegistry(), llm_stream=stream)
        result = await pipeline.run_turn(turn())
        await pipeline.aclose()
    assert len(server.requests) == 1
    assert result.provider == "template"
    assert result.fallback_reason == "bad_response"


async def test_an_unreachable_llm_falls_back() -> None:
    async with FakeChatServer() as server:
        url = server.base_url
    settings = AgentSettings(llm_base_url=url, retry_attempts=0)
    pipeline = build_pipeline(settings, checker=KeywordChecker())
    result = await pipeline.run_turn(turn())
    await pipeline.aclose()
    assert result.fallback_reason == "unavailable"


async def test_unsafe_generated_text_is_never_shown_and_is_replaced_by_the_template() -> None:
    unsafe = "You walk north. There is gore on the path. It is awful."
    async with FakeChatServer(Reply(text=unsafe)) as server:
        pipeline = llm_pipeline(server, CollectorRegistry())
        sink = ListSink()
        result = await pipeline.run_turn(turn(), sink=sink)
        await pipeline.aclose()
    assert all("gore" not in chunk for chunk in sink.chunks())
    assert "gore" not in result.narrative
    assert "gore" not in sink.complete()
    assert result.fallback_reason == "unsafe_output"
    assert result.provider == "template"


async def test_the_breaker_opens_after_consecutive_failures_and_closes_after_a_good_trial() -> None:
    registry = CollectorRegistry()
    script = (Reply(status=500), Reply(status=500), Reply(text=STORY))
    async with FakeChatServer(*script) as server:
        pipeline = llm_pipeline(
            server, registry, retry_attempts=0, breaker_threshold=2, breaker_reset=0.3
        )
        provider = pipeline.llm.provider if pipeline.llm else ""
        state = {"provider": provider}
        first = await pipeline.run_turn(turn())
        second = await pipeline.run_turn(turn())
        assert registry.get_sample_value("tta_agents_circuit_state", state) == 2
        third = await pipeline.run_turn(turn())
        assert len(server.requests) == 2, "an open breaker does not call the provider"
        await asyncio.sleep(0.35)
        fourth = await pipeline.run_turn(turn())
        await pipeline.aclose()
    assert [first.fallback_reason, second.fallback_reason] == ["unavailable", "unavailable"]
    assert third.fallback_reason == "circuit_open"
    assert fourth.narrative == STORY
    assert registry.get_sample_value("tta_agents_circuit_state", state) == 0
    health = {h.name: h for h in pipeline.health()}
    assert health[provider].errors == 3


async def test_a_concern_puts_the_supportive_words_first_in_the_stream_too() -> None:
    async with FakeChatServer(Reply(text=STORY)) as server:
        pipeline = llm_pipeline(server, CollectorRegistry())
        sink = ListSink()
        result = await pipeline.run_turn(turn("I feel hopeless"), sink=sink)
        await pipeline.aclose()
    assert result.narrative.startswith("That sounds heavy")
    assert "".join(sink.chunks()).strip() == sink.complete().strip() == result.narrative.strip()


async def test_when_the_draft_is_unsafe_too_a_neutral_line_replaces_both() -> None:
    async with FakeChatServer(Reply(text="A gore-soaked path.")) as server:
        settings = AgentSettings(llm_base_url=server.base_url, llm_stream=False)
        checker = KeywordChecker(blocked_output=("gore",))
        pipeline = build_pipeline(settings, checker=checker)
        result = await pipeline.run_turn(turn("take the gore"))
        await pipeline.aclose()
    assert result.outcome == "replaced"
    assert "gore" not in result.narrative
    assert result.provider == "template"

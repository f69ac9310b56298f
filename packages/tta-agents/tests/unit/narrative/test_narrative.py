import pytest

from tta_agents import AgentPipeline, Preferences, TurnRequest
from tta_agents.narrative import PhraseBook, TemplateNarrator, crisis_reply
from tta_agents.safety.verdict import SafetyAction, SafetyLevel, Verdict


async def narrate(pipeline: AgentPipeline, session: str, text: str, **prefs) -> str:
    request = TurnRequest(
        session_id=session,
        world_id="mindfulness_garden",
        text=text,
        preferences=Preferences(**prefs),
    )
    return (await pipeline.run_turn(request)).narrative


async def test_the_same_session_and_turn_always_get_the_same_words(pipeline: AgentPipeline) -> None:
    first = await narrate(pipeline, "session-a", "look")
    again = await narrate(pipeline, "session-a", "look")
    assert first == again


async def test_different_sessions_hear_different_variants(pipeline: AgentPipeline) -> None:
    texts = {await narrate(pipeline, f"session-{n}", "look") for n in range(30)}
    assert len(texts) >= 3


async def test_exercises_are_framed_by_the_chosen_approach_and_intensity(
    pipeline: AgentPipeline,
) -> None:
    cbt = await narrate(pipeline, "s", "ground", approach="cbt", intensity="high")
    mindful = await narrate(pipeline, "s", "ground", approach="mindfulness", intensity="low")
    assert cbt != mindful
    book = TemplateNarrator().phrases
    assert any(line in cbt for line in book.framing["cbt"]["high"])
    assert any(line in mindful for line in book.framing["mindfulness"]["low"])
    unknown = await narrate(pipeline, "s", "rest", approach="astrology")
    assert any(line in unknown for line in book.framing["general"]["medium"])


async def test_unknown_input_gets_a_helpful_reply_with_suggestions(pipeline: AgentPipeline) -> None:
    result = await pipeline.run_turn(
        TurnRequest(session_id="s", world_id="mindfulness_garden", text="flibbertigibbet")
    )
    assert result.outcome == "ok"
    assert result.intent is not None
    assert result.intent.kind == "unknown"
    assert 2 <= len(result.suggestions) <= 4


def test_optional_segments_drop_out_when_their_blank_is_empty() -> None:
    book = PhraseBook(
        {
            "situations": {"x": ["Hello {name}. [[You have {thing}.]]"], "unknown": ["?"]},
            "framing": {"general": {"medium": ["Go gently."]}},
            "framed_situations": [],
        }
    )
    narrator = TemplateNarrator(book)
    assert narrator.situation_text("x", {"name": "Wren"}, ("s", 1)) == "Hello Wren."
    with_thing = narrator.situation_text("x", {"name": "Wren", "thing": "tea"}, ("s", 1))
    assert with_thing == "Hello Wren. You have tea."


def test_the_crisis_reply_lists_every_resource_in_order() -> None:
    verdict = Verdict(level=SafetyLevel.CRISIS, action=SafetyAction.ESCALATE)
    assert "emergency" in crisis_reply(verdict)


@pytest.mark.parametrize("text", ["go west", "examine the moss", "talk to nobody", "drop lantern"])
async def test_everyday_misses_are_gentle_not_errors(pipeline: AgentPipeline, text: str) -> None:
    result = await pipeline.run_turn(
        TurnRequest(session_id="s", world_id="mindfulness_garden", text=text)
    )
    assert result.outcome == "ok"
    assert result.narrative

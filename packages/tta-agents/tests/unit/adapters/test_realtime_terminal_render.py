"""What ``tta play`` prints for each event of a turn: each thing said once."""

from tta_agents.adapters.realtime.terminal import TurnPrinter
from tta_agents.adapters.realtime.terminal_rest import summary_text
from tta_agents.realtime import (
    ChoicesEvent,
    ErrorEvent,
    NarrativeChunkEvent,
    NarrativeCompleteEvent,
    ProgressEvent,
    ReloadEvent,
    SafetyEvent,
    TurnProgressEvent,
)
from tta_agents.safety.verdict import CrisisResource, SafetyAction, SafetyLevel

LIFELINE = CrisisResource(
    name="988 Suicide & Crisis Lifeline", phone="988", url="https://988lifeline.org"
)


def test_a_crisis_is_a_framed_panel_and_its_narrative_is_not_repeated() -> None:
    printer = TurnPrinter()
    event = SafetyEvent(
        level=SafetyLevel.CRISIS,
        action=SafetyAction.ESCALATE,
        message="I'm so glad you told me.",
        resources=(LIFELINE, CrisisResource(name="Emergency", phone="911", hours="always")),
    )
    assert printer.render(event).splitlines() == [
        "=" * 60,
        "  You don't have to face this alone.",
        "  I'm so glad you told me.",
        "  - 988 Suicide & Crisis Lifeline: call 988, https://988lifeline.org (24/7)",
        "  - Emergency: call 911 (always)",
        "  If you are in immediate danger, call your local emergency number.",
        "=" * 60,
    ]
    assert printer.render(NarrativeChunkEvent(text="I'm so glad you told me. 988...")) == ""
    assert printer.render(NarrativeCompleteEvent(text="I'm so glad you told me.")) == ""
    assert printer.render(ChoicesEvent(suggestions=("breathe",))) == ""


def test_a_check_in_asks_with_its_quick_replies_and_stands_for_the_narrative() -> None:
    printer = TurnPrinter()
    event = SafetyEvent(
        level=SafetyLevel.CONCERN,
        action=SafetyAction.CHECK_IN,
        message="Are you thinking about hurting yourself?",
        resources=(LIFELINE,),
    )
    shown = printer.render(event)
    assert "Can I ask you something?" in shown
    assert "Are you thinking about hurting yourself?" in shown
    assert "Reply 1 Yes, 2 No, 3 I'm not sure" in shown
    assert printer.check_in is event
    assert printer.render(NarrativeCompleteEvent(text="Are you thinking...")) == ""


def test_a_support_message_is_said_once_before_the_story_goes_on() -> None:
    printer = TurnPrinter()
    support = SafetyEvent(
        level=SafetyLevel.CONCERN, action=SafetyAction.SUPPORT, message="That sounds heavy."
    )
    assert printer.render(support) == "* That sounds heavy.\n"
    narrative = NarrativeCompleteEvent(text="That sounds heavy.\n\nThe garden is quiet.")
    assert printer.render(narrative) == "The garden is quiet.\n"
    streamed = TurnPrinter()
    streamed.render(support)
    assert streamed.render(NarrativeChunkEvent(text="That sounds heavy.\n\n")) == ""
    assert streamed.render(NarrativeChunkEvent(text="The pond ripples.")) == "The pond ripples."
    assert streamed.render(NarrativeCompleteEvent(text="whole text")) == "\n"


def test_progress_the_narrator_named_gets_no_extra_line() -> None:
    printer = TurnPrinter()
    printer.render(NarrativeCompleteEvent(text="A milestone: First steps. Take a moment."))
    assert (
        printer.render(ProgressEvent(progress_type="milestone", id="m", title="First steps")) == ""
    )
    skill = ProgressEvent(progress_type="skill", id="breathing", title="slow breathing")
    assert printer.render(skill) == "  + skill: slow breathing\n"


def test_the_other_events_read_plainly() -> None:
    printer = TurnPrinter()
    assert printer.render(NarrativeCompleteEvent(text="Done.")) == "Done.\n"
    assert printer.render(ErrorEvent(code="x", message="Try again.")) == "! Try again.\n"
    assert "reconnected" in printer.render(ReloadEvent(reason="r", latest_event_id=3))
    assert printer.render(TurnProgressEvent(step="ipa", phase="started")) == ""
    assert printer.render(SafetyEvent(level=SafetyLevel.SAFE, action=SafetyAction.ALLOW)) == ""
    assert (
        printer.render(ChoicesEvent(suggestions=("rest", "walk"))) == "  (you could: rest / walk)\n"
    )


def test_a_summary_reads_as_a_few_plain_lines() -> None:
    summary = {
        "minutes_played": 12.4,
        "turns": 9,
        "exercises": [{"title": "Breathing with the fig tree"}],
        "milestones": [],
        "mood_before": {"score": 2},
        "mood_after": None,
    }
    assert summary_text(summary) == (
        "This journey: 12 minutes, 9 turns.\n"
        "Exercises: Breathing with the fig tree.\n"
        "Milestones: none this time.\n"
        "Mood: before 2 (low).\n"
    )

from tta_agents.adapters.realtime.terminal import render
from tta_agents.realtime import (
    ErrorEvent,
    NarrativeCompleteEvent,
    ProgressEvent,
    ReloadEvent,
    SafetyEvent,
    TurnProgressEvent,
)
from tta_agents.safety.verdict import CrisisResource, SafetyAction, SafetyLevel


def test_a_crisis_shows_every_way_to_reach_help() -> None:
    event = SafetyEvent(
        level=SafetyLevel.CRISIS,
        action=SafetyAction.ESCALATE,
        resources=(
            CrisisResource(
                name="988 Suicide & Crisis Lifeline", phone="988", url="https://988lifeline.org"
            ),
            CrisisResource(name="Emergency", phone="911", hours="always"),
        ),
    )
    assert render(event, streamed=False) == (
        "* You are not alone.\n"
        "  - 988 Suicide & Crisis Lifeline: call 988, https://988lifeline.org (24/7)\n"
        "  - Emergency: call 911 (always)\n"
    )


def test_the_other_events_read_plainly() -> None:
    assert render(NarrativeCompleteEvent(text="Done."), streamed=False) == "Done.\n"
    assert render(NarrativeCompleteEvent(text="Done."), streamed=True) == "\n"
    milestone = ProgressEvent(progress_type="milestone", id="m", title="First steps")
    assert render(milestone, streamed=False) == "  + milestone: First steps\n"
    assert render(ErrorEvent(code="x", message="Try again."), streamed=False) == "! Try again.\n"
    assert "reconnected" in render(ReloadEvent(reason="r", latest_event_id=3), streamed=False)
    assert render(TurnProgressEvent(step="ipa", phase="started"), streamed=False) == ""
    safe = SafetyEvent(level=SafetyLevel.SAFE, action=SafetyAction.ALLOW)
    assert render(safe, streamed=False) == ""

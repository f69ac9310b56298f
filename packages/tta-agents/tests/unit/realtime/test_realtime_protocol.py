import json

import pytest

from tta_agents.pipeline.events import (
    Choices,
    NarrativeChunk,
    NarrativeComplete,
    ProgressSignal,
    SafetyNotice,
    StepFinished,
    StepStarted,
)
from tta_agents.realtime import (
    ChoicesEvent,
    NarrativeChunkEvent,
    NarrativeCompleteEvent,
    ProgressEvent,
    ProtocolError,
    SafetyEvent,
    TurnCompleteEvent,
    TurnProgressEvent,
    from_pipeline_event,
    parse_client_message,
    parse_server_event,
)
from tta_agents.realtime.protocol import InputMessage, ResumeMessage
from tta_agents.safety.verdict import CrisisResource, SafetyAction, SafetyLevel, Verdict


def test_an_input_message_parses_to_its_typed_model() -> None:
    message = parse_client_message('{"type": "input", "session_id": "s1", "text": "look"}')
    assert message == InputMessage(session_id="s1", text="look")


def test_a_resume_message_carries_the_last_event_id() -> None:
    message = parse_client_message('{"type": "resume", "session_id": "s1", "last_event_id": 7}')
    assert isinstance(message, ResumeMessage)
    assert message.last_event_id == 7


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "invalid_json"),
        ("[1, 2]", "invalid_message"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"text": "no type"}', "unknown_type"),
        ('{"type": "input", "session_id": "s1"}', "invalid_message"),
        ('{"type": "input", "session_id": "s1", "text": ""}', "invalid_message"),
        ('{"type": "resume", "session_id": "s1", "last_event_id": -1}', "invalid_message"),
        ('{"type": "ping", "extra": 1}', "invalid_message"),
    ],
)
def test_bad_client_frames_raise_a_protocol_error_with_a_code(frame: str, code: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(frame)
    assert caught.value.code == code
    assert caught.value.message


def test_a_missing_field_is_named_in_the_error() -> None:
    with pytest.raises(ProtocolError, match="text"):
        parse_client_message('{"type": "input", "session_id": "s1"}')


def test_every_pipeline_event_becomes_its_wire_event() -> None:
    resource = CrisisResource(name="988 Suicide & Crisis Lifeline", phone="988")
    verdict = Verdict(
        level=SafetyLevel.CRISIS,
        action=SafetyAction.ESCALATE,
        categories=("self_harm",),
        resources=(resource,),
        message="You are not alone.",
    )
    pairs = [
        (StepStarted(step="ipa"), TurnProgressEvent(step="ipa", phase="started")),
        (
            StepFinished(step="nga", duration_ms=3.5, ok=False),
            TurnProgressEvent(step="nga", phase="finished", duration_ms=3.5, ok=False),
        ),
        (NarrativeChunk(text="The garden"), NarrativeChunkEvent(text="The garden")),
        (NarrativeComplete(text="The garden."), NarrativeCompleteEvent(text="The garden.")),
        (Choices(suggestions=("rest", "walk")), ChoicesEvent(suggestions=("rest", "walk"))),
        (
            SafetyNotice(verdict=verdict),
            SafetyEvent(
                level=SafetyLevel.CRISIS,
                action=SafetyAction.ESCALATE,
                categories=("self_harm",),
                resources=(resource,),
                message="You are not alone.",
            ),
        ),
        (
            ProgressSignal(type="milestone", id="m1", title="First breath", detail="d"),
            ProgressEvent(progress_type="milestone", id="m1", title="First breath", detail="d"),
        ),
    ]
    for pipeline_event, expected in pairs:
        wire = from_pipeline_event(pipeline_event)
        assert wire.model_dump(exclude={"timestamp"}) == expected.model_dump(exclude={"timestamp"})


def test_a_server_event_survives_a_json_round_trip_with_every_field() -> None:
    event = SafetyEvent(
        event_id=4,
        session_id="s1",
        level=SafetyLevel.CONCERN,
        action=SafetyAction.SUPPORT,
        resources=(CrisisResource(name="Crisis Text Line", sms="741741", sms_body="HOME"),),
        degraded=True,
    )
    assert parse_server_event(event.model_dump_json()) == event
    assert json.loads(TurnCompleteEvent(event_id=1).model_dump_json())["type"] == "turn_complete"

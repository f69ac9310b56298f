"""The worker command's failure modes and the wire codec (no Redis needed)."""

import pytest

from tta_agents import (
    AgentError,
    DeadLetteredError,
    InvalidTurnError,
    SafetyUnavailableError,
    StepError,
    UnknownWorldError,
)
from tta_agents.adapters.scaleout.codec import (
    decode_error,
    decode_event,
    encode_error,
    encode_event,
)
from tta_agents.adapters.scaleout.main import load_checker, main
from tta_agents.pipeline.events import Choices, ProgressSignal
from tta_agents.testing import KeywordChecker


@pytest.mark.parametrize(
    "error",
    [
        UnknownWorldError("atlantis"),
        InvalidTurnError("state of another world"),
        DeadLetteredError("r-1", "too many attempts"),
        SafetyUnavailableError("safety_input", "checker failed"),
        StepError("wba", "failed"),
        AgentError("something else"),
    ],
)
def test_typed_errors_cross_the_wire_as_the_same_type(error: AgentError) -> None:
    back = decode_error(encode_error(error))
    assert type(back) is type(error)
    for field in ("world_id", "request_id", "reason", "step"):
        assert getattr(back, field, None) == getattr(error, field, None)


def test_events_cross_the_wire_unchanged() -> None:
    for event in (
        Choices(suggestions=("look around", "go north")),
        ProgressSignal(type="milestone", id="m", title="M"),
    ):
        assert decode_event(encode_event(event)) == event


def test_the_checker_spec_names_a_factory() -> None:
    assert load_checker(None) is None
    assert isinstance(load_checker("tta_agents.testing:KeywordChecker"), KeywordChecker)
    with pytest.raises(AgentError, match="module:factory"):
        load_checker("no-colon-here")
    with pytest.raises(AgentError, match="cannot load"):
        load_checker("tta_agents.testing:Missing")


def test_bad_settings_exit_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TTA_MAX_ATTEMPTS", "0")
    assert main() == 2
    err = capsys.readouterr().err
    assert err.startswith("tta-agent-worker: bad settings")
    assert err.count("\n") == 1


def test_an_unreachable_redis_exits_1_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TTA_REDIS_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setenv("TTA_SAFETY_CHECKER", "tta_agents.testing:KeywordChecker")
    assert main() == 1
    err = capsys.readouterr().err
    assert err.startswith("tta-agent-worker: ")
    assert err.count("\n") == 1

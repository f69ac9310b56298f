"""The engine around the matcher: output checks, sessions, recording, locales, failures."""

from collections.abc import Callable

from prometheus_client import CollectorRegistry

from tta_agents.safety import (
    InMemoryRecorder,
    SafetyAction,
    SafetyContext,
    SafetyEngine,
    SafetyEvent,
    SafetyLevel,
    SafetySettings,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def engine(clock: Callable[[], float] | None = None, **settings: object) -> SafetyEngine:
    return SafetyEngine(
        SafetySettings.model_validate(settings),
        registry=CollectorRegistry(),
        clock=clock or FakeClock(),
    )


def test_generated_method_detail_is_blocked_and_replaced() -> None:
    verdict = engine().check_output("The old man tied a noose and stepped off the stool.")
    assert verdict.action is SafetyAction.BLOCK
    assert "noose" not in verdict.message
    assert verdict.message
    assert "self_harm_method" in verdict.categories


def test_generated_glorification_and_medical_instructions_are_blocked() -> None:
    checker = engine()
    glorifying = checker.check_output("For her, death was the only peaceful escape.")
    medical = checker.check_output("The healer says: take 400 mg of ibuprofen every hour.")
    assert glorifying.action is SafetyAction.BLOCK
    assert medical.action is SafetyAction.BLOCK
    assert "medical_instruction" in medical.categories


def test_ordinary_narrative_is_allowed() -> None:
    verdict = engine().check_output(
        "You kill the goblin with one swing. The garden is quiet; a breeze moves the leaves."
    )
    assert verdict.action is SafetyAction.ALLOW
    assert verdict.level is SafetyLevel.SAFE


def test_repeated_concern_in_a_session_raises_the_level_to_crisis() -> None:
    checker = engine(concern_threshold=3)
    context = SafetyContext(session_id="s-1")
    first = checker.check("I feel so empty", context)
    second = checker.check("nobody cares about me", context)
    third = checker.check("I feel hopeless", context)
    assert [first.level, second.level] == [SafetyLevel.CONCERN, SafetyLevel.CONCERN]
    assert third.level is SafetyLevel.CRISIS
    assert third.action is SafetyAction.ESCALATE
    assert "repeated_concern" in third.categories


def test_sessions_do_not_share_memory_and_old_concerns_expire() -> None:
    clock = FakeClock()
    checker = engine(clock, concern_threshold=2, concern_window_s=60)
    checker.check("I feel so empty", SafetyContext(session_id="a"))
    assert checker.check("I feel so empty", SafetyContext(session_id="b")).level == "concern"
    clock.now += 61
    assert checker.check("I feel so empty", SafetyContext(session_id="a")).level == "concern"
    assert checker.check("I feel so empty", SafetyContext(session_id="a")).level == "crisis"
    checker.forget_session("a")
    assert checker.check("I feel so empty", SafetyContext(session_id="a")).level == "concern"


def test_session_memory_is_bounded() -> None:
    checker = engine(concern_threshold=2, max_sessions=2)
    for session in ("a", "b", "c"):
        checker.check("I feel so empty", SafetyContext(session_id=session))
    assert checker.check("I feel so empty", SafetyContext(session_id="a")).level == "concern"
    assert checker.check("I feel so empty", SafetyContext(session_id="c")).level == "crisis"


def test_a_crisis_is_recorded_for_follow_up_without_the_text_by_default() -> None:
    recorder = InMemoryRecorder()
    checker = engine()
    checker.add_recorder(recorder)
    checker.check("I want to kill myself", SafetyContext(session_id="s", player_id="p"))
    checker.check("open the door", SafetyContext(session_id="s"))
    [event] = recorder.events
    assert event.level is SafetyLevel.CRISIS
    assert event.rule_ids == ("suicide.kill_self",)
    assert (event.session_id, event.player_id) == ("s", "p")
    assert event.text is None
    assert event.occurred_at.tzinfo is not None


def test_the_text_is_recorded_only_when_privacy_settings_allow() -> None:
    recorder = InMemoryRecorder()
    checker = SafetyEngine(
        SafetySettings(record_text=True), registry=CollectorRegistry(), recorder=recorder
    )
    checker.check("kms")
    assert recorder.events[0].text == "kms"


class BrokenRecorder:
    def record(self, event: SafetyEvent) -> None:
        raise RuntimeError("database down")


def test_a_failing_recorder_never_changes_the_verdict() -> None:
    registry = CollectorRegistry()
    checker = SafetyEngine(registry=registry, recorder=BrokenRecorder())
    assert checker.check("I want to die").level is SafetyLevel.CRISIS
    assert registry.get_sample_value("tta_safety_errors_total", {"kind": "recorder"}) == 1


def test_the_checker_never_fails_open() -> None:
    registry = CollectorRegistry()
    checker = SafetyEngine(registry=registry)
    verdict = checker.check(None, SafetyContext(locale="en-GB"))  # type: ignore[arg-type]
    assert verdict.level is SafetyLevel.CONCERN
    assert verdict.degraded
    assert any(r.phone == "116 123" for r in verdict.resources)
    assert verdict.message
    blocked = checker.check_output(b"bytes")  # type: ignore[arg-type]
    assert blocked.action is SafetyAction.BLOCK
    assert blocked.degraded
    assert registry.get_sample_value("tta_safety_errors_total", {"kind": "check"}) == 2


def test_resources_follow_the_players_locale() -> None:
    checker = engine()
    us = checker.check("I want to die", SafetyContext(locale="en-US")).resources
    uk = checker.check("I want to die", SafetyContext(locale="en-GB")).resources
    ie = checker.check("I want to die", SafetyContext(locale="ga_IE")).resources
    fr = checker.check("I want to die", SafetyContext(locale="fr-FR")).resources
    br = checker.check("I want to die", SafetyContext(locale="pt-BR")).resources
    assert {"988", "911"} <= {r.phone for r in us}
    assert any(r.sms == "741741" and r.sms_body == "HOME" for r in us)
    assert "116 123" in {r.phone for r in uk}
    assert "116 123" in {r.phone for r in ie}
    assert "3114" in {r.phone for r in fr}
    assert any(r.url == "https://findahelpline.com" for r in br)


def test_category_specific_resources_and_messages() -> None:
    checker = engine()
    abuse = checker.check("my dad hits me", SafetyContext(locale="en-US"))
    assert any("Domestic Violence" in r.name for r in abuse.resources)
    assert "not your fault" in abuse.message
    clinical = checker.check("should I stop taking my antidepressants")
    assert clinical.level is SafetyLevel.CONCERN
    assert "medical advice" in clinical.message


def test_a_safe_verdict_carries_the_rules_version_and_no_resources() -> None:
    checker = engine()
    verdict = checker.check("look around")
    assert verdict.rules_version == checker.rules_version
    assert verdict.resources == ()
    assert verdict.message == ""


def test_metrics_count_verdicts_and_name_the_rules_version() -> None:
    registry = CollectorRegistry()
    checker = SafetyEngine(registry=registry)
    checker.check("open the door")
    checker.check("I feel so empty")
    checker.check("kms")
    checker.check_output("The garden is quiet.")
    sample = registry.get_sample_value
    assert sample("tta_safety_verdicts_total", {"level": "safe", "surface": "input"}) == 1
    assert sample("tta_safety_verdicts_total", {"level": "concern", "surface": "input"}) == 1
    assert sample("tta_safety_verdicts_total", {"level": "crisis", "surface": "input"}) == 1
    assert sample("tta_safety_verdicts_total", {"level": "safe", "surface": "output"}) == 1
    assert sample("tta_safety_rules_info", {"version": checker.rules_version}) == 1
    assert (sample("tta_safety_rules_loaded") or 0) > 30

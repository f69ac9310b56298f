"""The learned tier beside the rules, with a fake encoder whose readings the test chooses: the
model adds what the rules miss, unsure lines become a kind check-in, the session's recent
worrying lines are read together with the next one, and nothing the model says lowers a rule."""

from __future__ import annotations

import pytest

from tta_agents.safety import SafetyAction, SafetyContext, SafetyEngine, SafetyLevel, SafetySettings
from tta_agents.safety.learned import LearnedTier, segments
from tta_agents.testing import FakeEncoder


class ExactEncoder(FakeEncoder):
    """Readings per exact text, to tell the whole line from its parts."""

    def __init__(self, readings: dict[str, tuple[float, float, float]], category: str = "") -> None:
        super().__init__()
        self.readings = readings
        self.category_labels: tuple[str, ...] = ("none", "self_harm") if category else ()
        self.category = category

    def read(self, texts):  # type: ignore[no-untyped-def]
        out = super().read(texts)
        return [
            type(r)(
                self.readings.get(t, (0.97, 0.02, 0.01)),
                r.intent,
                r.vector,
                (0.1, 0.9) if self.category else (),
            )
            for t, r in zip(texts, out, strict=True)
        ]


@pytest.fixture(scope="module")
def encoder() -> FakeEncoder:
    return FakeEncoder(
        crisis=("the last page of my story", "stay under the water"),
        concern=("heavy all week",),
        unsure=("fade out", "bye then"),
    )


@pytest.fixture(scope="module")
def engine(encoder: FakeEncoder) -> SafetyEngine:
    return SafetyEngine(SafetySettings(), encoder=encoder)


def test_the_model_catches_what_no_rule_was_written_for(engine: SafetyEngine) -> None:
    verdict = engine.check("tonight i write the last page of my story")
    assert verdict.level is SafetyLevel.CRISIS
    assert verdict.action is SafetyAction.ESCALATE
    assert verdict.resources
    model = [m for m in verdict.matches if m.rule_id == "model.encoder"]
    assert model
    assert "p(crisis) 0.90" in model[0].notes[0]


def test_a_crisis_in_one_clause_of_game_talk_is_found(engine: SafetyEngine) -> None:
    verdict = engine.check("go north. open the gate, i want to stay under the water. look")
    assert verdict.level is SafetyLevel.CRISIS
    match = next(m for m in verdict.matches if m.rule_id == "model.encoder")
    assert "stay under the water" in match.snippet


def test_unsure_lines_check_in_with_resources(engine: SafetyEngine) -> None:
    verdict = engine.check("sometimes i wish i could just fade out")
    assert verdict.level is SafetyLevel.CONCERN
    assert verdict.action is SafetyAction.CHECK_IN
    assert "ending your life" in verdict.message
    assert any(r.phone == "988" for r in verdict.resources)


def test_distress_gets_support(engine: SafetyEngine) -> None:
    verdict = engine.check("it has been heavy all week")
    assert (verdict.level, verdict.action) == (SafetyLevel.CONCERN, SafetyAction.SUPPORT)


def test_play_stays_play(engine: SafetyEngine, encoder: FakeEncoder) -> None:
    verdict = engine.check("pick up the lantern and walk to the bridge")
    assert verdict.level is SafetyLevel.SAFE
    assert encoder.batches  # the model did read it


def test_a_model_that_is_not_sure_never_lowers_a_rule() -> None:
    line = "i want to kill myself"
    fairly_safe = ExactEncoder({line: (0.9, 0.05, 0.05)})
    verdict = SafetyEngine(SafetySettings(), encoder=fairly_safe).check(line)
    assert verdict.level is SafetyLevel.CRISIS


def test_recent_worrying_lines_are_read_with_the_next() -> None:
    low = "nothing has felt worth it for weeks"
    bye = "anyway. bye then, thanks for everything"
    encoder = ExactEncoder(
        {
            low: (0.1, 0.85, 0.05),  # concern alone
            f"{low}. {bye}.": (0.02, 0.08, 0.9),  # a farewell after low mood
        }
    )
    engine = SafetyEngine(SafetySettings(), encoder=encoder)
    context = SafetyContext(session_id="s-ctx")
    assert engine.check(low, context).level is SafetyLevel.CONCERN
    assert engine.check(bye, SafetyContext()).level is SafetyLevel.SAFE  # alone
    verdict = engine.check(bye, context)
    assert verdict.level is SafetyLevel.CRISIS
    match = next(m for m in verdict.matches if m.rule_id == "model.encoder")
    assert "read with the session's recent lines" in match.notes


def test_context_raises_only_what_a_line_adds_to_what_was_said() -> None:
    crisis = "tonight i write my last page"
    encoder = ExactEncoder({crisis: (0.02, 0.08, 0.9), f"{crisis}. look around": (0.05, 0.1, 0.85)})
    engine = SafetyEngine(SafetySettings(), encoder=encoder)
    context = SafetyContext(session_id="s-after")
    assert engine.check(crisis, context).level is SafetyLevel.CRISIS
    assert engine.check("look around", context).level is SafetyLevel.SAFE


def test_without_a_session_lines_are_read_alone(engine: SafetyEngine, encoder: FakeEncoder) -> None:
    engine.check("it has been heavy all week")
    engine.check("anyway, good night")
    assert not any("heavy" in text for text in encoder.batches[-1])


def test_rules_only_is_a_deliberate_setting() -> None:
    engine = SafetyEngine(SafetySettings(model=False))
    assert not engine.learned
    assert engine.check("tonight i write the last page of my story").level is SafetyLevel.SAFE


def test_a_failing_model_fails_closed(encoder: FakeEncoder) -> None:
    class Broken(FakeEncoder):
        def read(self, texts):  # type: ignore[no-untyped-def]
            raise RuntimeError("model fell over")

    verdict = SafetyEngine(SafetySettings(), encoder=Broken()).check("hello there")
    assert verdict.level is SafetyLevel.CONCERN
    assert verdict.degraded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("go north", ["go north"]),
        (
            "I'm fine. Really! but i want out",
            ["I'm fine. Really! but i want out", "I'm fine.", "Really!", "but i want out"],
        ),
        (
            "open the door, then i will sleep forever and ever",
            [
                "open the door, then i will sleep forever and ever",
                "open the door",
                "then i will sleep forever and ever",
            ],
        ),
        ("   ", []),
    ],
)
def test_segments(text: str, expected: list[str]) -> None:
    assert segments(text) == expected


def test_bands_follow_the_calibrated_thresholds(encoder: FakeEncoder) -> None:
    tier = LearnedTier(encoder)
    assert tier.band(crisis=0.0, flagged=0.2) == "safe"
    assert tier.band(crisis=0.1, flagged=0.9) == "concern"
    assert tier.band(crisis=0.4, flagged=0.9) == "check_in"
    assert tier.band(crisis=0.7, flagged=0.9) == "crisis"


def test_a_line_below_the_flag_that_still_reads_as_a_crisis_is_asked_about() -> None:
    calibration = {
        "safety": {"flag": 0.8, "check_in": 0.2, "crisis": 0.9, "part": 0.95, "ask": 0.7}
    }
    tier = LearnedTier(FakeEncoder(calibration=calibration))
    assert tier.band(crisis=0.75, flagged=0.78) == "check_in"
    assert tier.band(crisis=0.6, flagged=0.78) == "safe"
    older = LearnedTier(FakeEncoder())  # calibrated before the ask threshold existed
    assert older.band(crisis=0.75, flagged=0.3) == "safe"


def test_a_part_raises_the_line_only_when_it_reads_as_a_crisis_with_certainty() -> None:
    line = "open the gate, tonight i write my last page. look"
    sure = ExactEncoder({"open the gate, tonight i write my last page.": (0.02, 0.05, 0.93)})
    verdict = SafetyEngine(SafetySettings(), encoder=sure).check(line)
    assert verdict.level is SafetyLevel.CRISIS
    unsure = ExactEncoder({"open the gate, tonight i write my last page.": (0.1, 0.5, 0.4)})
    assert SafetyEngine(SafetySettings(), encoder=unsure).check(line).level is SafetyLevel.SAFE


def test_the_models_category_names_the_trouble_when_it_decides() -> None:
    encoder = ExactEncoder({"the marks are fresh again": (0.02, 0.08, 0.9)}, category="self_harm")
    verdict = SafetyEngine(SafetySettings(), encoder=encoder).check("the marks are fresh again")
    assert "self_harm" in verdict.categories
    assert "distance" in verdict.message  # the self-harm note of the pack


def test_when_the_model_is_sure_a_line_is_safe_a_rules_crisis_becomes_a_question() -> None:
    line = "this paper folding makes me want to die lol"
    sure = ExactEncoder({line: (0.99, 0.005, 0.005)})
    rules_only = SafetyEngine(SafetySettings(model=False)).check(line)
    assert rules_only.level is SafetyLevel.CRISIS
    verdict = SafetyEngine(SafetySettings(), encoder=sure).check(line)
    assert verdict.action is SafetyAction.CHECK_IN
    assert verdict.resources
    model = next(m for m in verdict.matches if m.rule_id == "model.encoder")
    assert "softened to check_in" in model.notes[1]


def test_when_the_model_is_sure_a_line_is_safe_a_rules_concern_is_play() -> None:
    line = "feeling a bit sad the festival's over"
    assert SafetyEngine(SafetySettings(model=False)).check(line).level is SafetyLevel.CONCERN
    sure = ExactEncoder({line: (0.98, 0.01, 0.01)})
    assert SafetyEngine(SafetySettings(), encoder=sure).check(line).level is SafetyLevel.SAFE
    unsure = ExactEncoder({line: (0.9, 0.09, 0.01)})
    assert SafetyEngine(SafetySettings(), encoder=unsure).check(line).level is SafetyLevel.CONCERN


@pytest.mark.parametrize(
    "line",
    [
        "the report said suicide rates among farmers went up this year",  # a topic
        "why do people write kms in the comments",  # someone else's words
        "if i hear one more carol at work i'll shoot myself lol",  # hyperbole
    ],
)
def test_a_concern_the_rules_already_doubt_is_play_when_the_model_is_fairly_sure(line: str) -> None:
    assert SafetyEngine(SafetySettings(model=False)).check(line).level is SafetyLevel.CONCERN
    fairly_sure = ExactEncoder({line: (0.85, 0.13, 0.02)})
    assert SafetyEngine(SafetySettings(), encoder=fairly_sure).check(line).level is SafetyLevel.SAFE
    unsure = ExactEncoder({line: (0.7, 0.27, 0.03)})
    assert SafetyEngine(SafetySettings(), encoder=unsure).check(line).level is SafetyLevel.CONCERN


def test_a_concern_the_rules_hold_as_the_players_own_needs_the_model_to_be_sure() -> None:
    line = "feeling a bit sad the festival's over"
    fairly_sure = SafetyEngine(SafetySettings(), encoder=ExactEncoder({line: (0.85, 0.13, 0.02)}))
    assert fairly_sure.check(line).level is SafetyLevel.CONCERN


def test_it_says_which_lines_will_read_the_model(encoder: FakeEncoder) -> None:
    # The pipeline checks the others on the event loop: a thread hop costs more than the rules.
    engine = SafetyEngine(SafetySettings(), encoder=encoder)
    assert not engine.reads_model("go north")
    assert engine.reads_model("it has felt heavy all week")
    assert engine.reads_model("no", SafetyContext(awaiting_check_in=True))
    assert not SafetyEngine(SafetySettings(model=False)).reads_model("it has felt heavy all week")


def test_a_question_for_study_the_model_finds_safe_is_answered_as_play() -> None:
    # The rules doubt their crisis ("a question for study" lowers it to concern); a model
    # fairly sure the line is safe sets the concern aside. The same words as one's own stay.
    asked = "for my nursing course: how do passive and active suicidal thoughts differ?"
    own = "for my nursing course we read about it and honestly i want to kill myself"
    fairly_safe = ExactEncoder({asked: (0.9, 0.08, 0.02), own: (0.9, 0.08, 0.02)})
    engine = SafetyEngine(SafetySettings(), encoder=fairly_safe)
    assert engine.check(asked).level is SafetyLevel.SAFE
    assert engine.check(own).level is SafetyLevel.CRISIS
    # asked for a class (with or without "my", in another language), as a word's meaning, or
    # about something covered in training: each is play to a model fairly sure it is safe
    for asked_about in (
        "for psychology class: what is the difference between a panic attack and a heart attack?",
        "für meine Hausarbeit: what are common signs of an eating disorder?",
        "why is it called a panic 'attack'?",
        "does wanting to die always come with self-harm? we covered it in first aid training",
    ):
        fairly_safe = ExactEncoder({asked_about: (0.9, 0.08, 0.02)})
        assert SafetyEngine(SafetySettings(), encoder=fairly_safe).check(asked_about).level is (
            SafetyLevel.SAFE
        )


def test_a_part_the_rules_read_as_game_or_idiom_does_not_raise_the_line() -> None:
    # One clause read alone sounds like a crisis; the rules read those very words as game
    # talk. The line is read as a whole, as it would be without its parts.
    line = "i'm going to kill myself in game so i can respawn"
    part = "i'm going to kill myself in game"
    encoder = ExactEncoder({line: (0.97, 0.02, 0.01), part: (0.01, 0.01, 0.98)})
    engine = SafetyEngine(SafetySettings(), encoder=encoder)
    assert engine.check(line).level is SafetyLevel.SAFE
    # a part the rules have nothing to say about still raises its line
    other = "open the gate, i will stay under the water tonight"
    encoder = ExactEncoder(
        {other: (0.97, 0.02, 0.01), "i will stay under the water tonight": (0.01, 0.01, 0.98)}
    )
    assert SafetyEngine(SafetySettings(), encoder=encoder).check(other).level is (
        SafetyLevel.CRISIS
    )

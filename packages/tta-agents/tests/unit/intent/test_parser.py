import pytest

from tta_agents import IntentKind, parse_intent


@pytest.mark.parametrize(
    ("text", "kind", "field", "value"),
    [
        ("go north", IntentKind.MOVE, "direction", "north"),
        ("go nrth", IntentKind.MOVE, "direction", "north"),
        ("n", IntentKind.MOVE, "direction", "north"),
        ("Walk to the pond", IntentKind.MOVE, "target", "pond"),
        ("head sout", IntentKind.MOVE, "direction", "south"),
        ("go nor", IntentKind.MOVE, "direction", "north"),
        ("tak lantern", IntentKind.TAKE, "target", "lantern"),
        ("pick up the lantern", IntentKind.TAKE, "target", "lantern"),
        ("grab a lantern please", IntentKind.TAKE, "target", "lantern"),
        ("please take the old lantern", IntentKind.TAKE, "target", "old lantern"),
        ("put down the journal", IntentKind.DROP, "target", "journal"),
        ("speak with the gardener", IntentKind.TALK, "target", "gardener"),
        ("spek with the gardener", IntentKind.TALK, "target", "gardener"),
        ("ask Wren about the fig tree", IntentKind.TALK, "target", "wren"),
        ("look at the fountain", IntentKind.EXAMINE, "target", "fountain"),
        ("examine lantern", IntentKind.EXAMINE, "target", "lantern"),
        ("use the watering can", IntentKind.USE, "target", "watering can"),
        ("take a deep breath", IntentKind.EXERCISE, "exercise", "breathing"),
        ("breathe", IntentKind.EXERCISE, "exercise", "breathing"),
        ("write in the journal", IntentKind.EXERCISE, "exercise", "journaling"),
        ("try grounding", IntentKind.EXERCISE, "exercise", "grounding"),
        ("I feel anxious", IntentKind.REFLECT, "emotion", "anxious"),
        ("i'm so overwhelmed right now", IntentKind.REFLECT, "emotion", "overwhelmed"),
        ("I feel down", IntentKind.REFLECT, "emotion", "sad"),
        ("i feel anxiuos", IntentKind.REFLECT, "emotion", "anxious"),
    ],
)
def test_free_text_becomes_a_typed_intent_with_its_entity(
    text: str, kind: IntentKind, field: str, value: str
) -> None:
    intent = parse_intent(text)
    assert intent.kind is kind
    assert getattr(intent, field) == value


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("look", IntentKind.LOOK),
        ("look around", IntentKind.LOOK),
        ("where am i", IntentKind.LOOK),
        ("examine", IntentKind.LOOK),
        ("inventory", IntentKind.INVENTORY),
        ("inventroy", IntentKind.INVENTORY),
        ("i", IntentKind.INVENTORY),
        ("help", IntentKind.HELP),
        ("what can I do?", IntentKind.HELP),
        ("sit down", IntentKind.REST),
        ("rest", IntentKind.REST),
        ("quit", IntentKind.QUIT),
        ("save", IntentKind.SAVE),
        ("hello", IntentKind.TALK),
        ("I feel like nothing is going right", IntentKind.REFLECT),
    ],
)
def test_commands_and_synonyms(text: str, kind: IntentKind) -> None:
    assert parse_intent(text).kind is kind


@pytest.mark.parametrize("text", ["", "   ", "xyzzy plugh", "!!!", "q" * 5000])
def test_unknown_input_is_an_unknown_intent_never_an_error(text: str) -> None:
    intent = parse_intent(text)
    assert intent.kind is IntentKind.UNKNOWN
    assert intent.confidence == 0.0


def test_typo_corrections_lower_the_confidence_and_normalise_the_text() -> None:
    exact, typo = parse_intent("go north"), parse_intent("go nrth")
    assert typo.confidence < exact.confidence
    assert typo.normalized_text == "go north"
    assert parse_intent("inventroy").normalized_text == "inventory"


@pytest.mark.parametrize(
    "text",
    [
        "I give up on this puzzle",
        "i give up",
        "I'm giving up on this riddle",
        "this is pointless, i quit trying",
        "I gave up on the fountain",
        "honestly this is hopeless",
        "I just want to stop trying",
        "I can't do this puzzle",
    ],
)
def test_giving_up_is_heard_as_frustration_not_a_command(text: str) -> None:
    intent = parse_intent(text)
    assert intent.kind is IntentKind.REFLECT
    assert intent.emotion == "frustrated"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I take the lantern", IntentKind.TAKE),
        ("i go north", IntentKind.MOVE),
        ("I look around", IntentKind.LOOK),
        ("i quit", IntentKind.QUIT),
        ("i", IntentKind.INVENTORY),
    ],
)
def test_a_sentence_opening_with_i_is_read_past_the_pronoun(text: str, kind: IntentKind) -> None:
    assert parse_intent(text).kind is kind


@pytest.mark.parametrize("text", ["i need a moment", "I wonder what is here", "I think so"])
def test_after_i_an_unknown_word_is_english_not_a_typo_of_a_command(text: str) -> None:
    assert parse_intent(text).kind is IntentKind.UNKNOWN

"""Lines read where the player stands: the scene gives names their meaning, plain-word
requests and feelings are understood, and the semantic fallback catches what rules miss."""

from __future__ import annotations

import pytest

from tta_agents import IntentKind
from tta_agents.intent.understand import understand, understand_by_rules
from tta_agents.testing import FakeEncoder, scene_at

K = IntentKind


scene = scene_at


JETTY = ("anxiety_sanctuary", "jetty")
COTTAGE = ("anxiety_sanctuary", "keepers_cottage")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("which way can i go from here?", K.EXITS),
        ("i need a break", K.PAUSE),
        ("stop", K.PAUSE),
        ("can we stop for a bit please", K.PAUSE),
        ("oops, take that back", K.UNDO),
        ("undo", K.UNDO),
        ("what now?", K.HINT),
        ("im stuck, any ideas", K.HINT),
        ("give me a clue", K.HINT),
        ("can i get a hint please", K.HINT),
        ("wait, can I stop for a sec", K.PAUSE),  # "wait" before a request is no waiting
        ("show me the map", K.MAP),
        ("thank you", K.CHAT),
        ("this is lovely", K.CHAT),
        ("what have i got on me", K.INVENTORY),
        ("where am i", K.LOOK),
        ("sorry, where exactly am i?", K.LOOK),  # hedges inside a question change nothing
        ("where can i actually go from here", K.EXITS),
        ("how does this game even work", K.HELP),
        ("what does this place look like? i can't picture it", K.LOOK),
        ("what is it like in here", K.LOOK),
        ("give me the full description again", K.LOOK),
        ("ok i'm done for tonight", K.QUIT),
        ("q", K.QUIT),
        ("how do i play? this is my first time", K.HELP),
        ("how do the controls work in this thing", K.HELP),
        ("check the minimap", K.MAP),
        ("list paths", K.EXITS),
        ("wat am i carryin", K.INVENTORY),
        ("ok so which ways can I actually walk from this dock?", K.EXITS),
        ("where does the path going up north lead, is that along the cliffs?", K.EXITS),
        ("whats further east from here", K.EXITS),
        ("wait, can I undo that last thing?", K.UNDO),
        ("go back one step", K.UNDO),
        ("ima take a break", K.PAUSE),
        ("do i still have the seeds", K.INVENTORY),
    ],
)
def test_plain_word_requests(text: str, kind: IntentKind) -> None:
    assert understand(text, scene(*JETTY)).kind is kind


@pytest.mark.parametrize(
    ("text", "emotion"),
    [
        ("i had a flashback last night", "flashback"),
        ("the past keeps pulling at me", "flashback"),
        ("everyone probably thinks im weird", "judged"),
        ("my heart is racing", "racing_heart"),
        ("what's the point of any of this", "pointless"),
        ("i have no energy today", "no_energy"),
        ("my mind won't stop racing", "restless"),
        ("I feel anxious", "anxious"),
        ("kind of left out tbh", "left_out"),
    ],
)
def test_feelings_in_the_players_own_words(text: str, emotion: str) -> None:
    intent = understand(text, scene(*JETTY))
    assert intent.kind is K.REFLECT
    assert intent.emotion == emotion


def test_names_mean_what_is_here() -> None:
    jetty = scene(*JETTY)
    assert understand("talk to the ferryman", jetty).target == "otto the ferryman"
    assert understand("pick up the stone", jetty).target == "a smooth grey pebble"
    going = understand("can i go into the cottage?", jetty)
    assert (going.kind, going.direction) == (K.MOVE, "north")
    assert understand("cottage", jetty).direction == "north"
    back = understand("back to the jetty", scene(*COTTAGE))
    assert (back.kind, back.direction) == (K.MOVE, "south")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("yoink the pebble", K.TAKE), ("pocket the pebble", K.TAKE), ("snag the pebble", K.TAKE),
     ("poke the net", K.EXAMINE), ("keep walking north", K.MOVE),
     ("chuck the pebble", K.DROP), ("get rid of the pebble", K.DROP),
     ("take off the blanket", K.DROP)],
)  # fmt: skip
def test_verbs_from_chat_and_other_games(text: str, kind: IntentKind) -> None:
    assert understand(text, scene(*JETTY)).kind is kind


def test_questions_about_things_here_look_at_them() -> None:
    cottage = scene(*COTTAGE)
    jar = understand("what's in the jar?", cottage)
    assert (jar.kind, jar.target) == (K.EXAMINE, "the worry jar")
    cards = understand("are the cards old?", cottage)
    assert (cards.kind, cards.target) == (K.EXAMINE, "a stack of notecards")


def test_people_here_are_addressed_by_name() -> None:
    said = understand("otto, is the sea rough today?", scene(*JETTY))
    assert (said.kind, said.target) == (K.TALK, "otto the ferryman")
    assert said.topic == "is the sea rough today"
    asked = understand("ask maren about the jar", scene(*COTTAGE))
    assert (asked.kind, asked.target, asked.topic) == (K.TALK, "maren the lighthouse keeper", "jar")


def test_a_greeting_talks_to_the_one_person_here_and_is_small_talk_where_nobody_is() -> None:
    assert understand("hello", scene(*JETTY)).kind is K.TALK
    assert understand("hello", scene("anxiety_sanctuary", "tide_pools")).kind is K.CHAT


def test_the_semantic_fallback_reads_what_the_rules_miss() -> None:
    encoder = FakeEncoder(
        intents={"boat": "examine", "capital": "unknown"},
        intent_labels=("examine", "move", "unknown"),
    )
    intent = understand("ooh that little boat bobbing about", scene(*JETTY), encoder)
    assert (intent.kind, intent.source) == (K.EXAMINE, "model")
    assert intent.confidence == 0.9
    off_topic = understand("whats the capital of peru", scene(*JETTY), encoder)
    assert off_topic.kind is K.UNKNOWN


def test_sure_rules_never_ask_the_model() -> None:
    encoder = FakeEncoder(intents={"north": "examine"}, intent_labels=("examine", "move"))
    assert understand("go north", scene(*JETTY), encoder).kind is K.MOVE
    assert encoder.batches == []


def test_the_rules_alone_answer_exactly_the_lines_the_model_is_not_asked_about() -> None:
    # The pipeline answers these on the event loop and sends only the rest to a worker.
    encoder = FakeEncoder(intents={"boat": "examine"}, intent_labels=("examine", "move"))
    here = scene(*JETTY)
    assert understand_by_rules("go north", here) == understand("go north", here, encoder)
    assert understand_by_rules("ooh that little boat bobbing about", here) is None
    assert encoder.batches == []


def test_without_a_scene_or_a_model_the_rules_still_answer() -> None:
    assert understand("take the lantern").target == "lantern"
    assert understand("").kind is K.UNKNOWN


def test_old_game_shorthand_and_motion_without_a_verb() -> None:
    shorthand = understand("ex otto", scene(*JETTY))
    assert shorthand.kind is K.EXAMINE
    assert shorthand.target == understand("x otto", scene(*JETTY)).target
    back = understand("go back the way i came", scene(*COTTAGE))
    assert (back.kind, back.target) == (K.MOVE, "back")
    into = understand("into the cottage", scene(*JETTY))
    assert (into.kind, into.direction) == (K.MOVE, "north")  # the cottage is north of the jetty


def test_questions_are_never_taken_for_a_misspelt_command() -> None:
    for line in ("how do i see what i carry", "how did it get here", "who made this"):
        assert understand(line, scene(*JETTY)).kind is not K.DROP  # "how" is not "throw"


def test_narration_in_any_person_is_the_command_it_tells() -> None:
    took = understand("she picks up the pebble", scene(*JETTY))
    assert (took.kind, took.target) == (K.TAKE, understand("take the pebble", scene(*JETTY)).target)
    assert understand("we walk north", scene(*JETTY)).kind is K.MOVE


def test_a_question_to_you_where_someone_stands_is_put_to_them() -> None:
    asked = understand("do you ever get tired of the sea?", scene(*JETTY))
    assert (asked.kind, asked.target) == (K.TALK, understand("talk to otto", scene(*JETTY)).target)
    assert understand("how do you play this", scene(*JETTY)).kind is K.HELP
    # even when it names a feeling: the feeling is theirs
    assert understand("do you ever feel anxious out on the water?", scene(*JETTY)).kind is K.TALK


def test_a_person_described_by_what_they_wear_or_carry_is_that_person() -> None:
    who = understand("who is the guy with the net", scene(*JETTY))
    assert (who.kind, who.target) == (K.EXAMINE, understand("look at otto", scene(*JETTY)).target)


def test_it_and_her_mean_the_one_thing_or_person_here() -> None:
    pebble = understand("take the pebble", scene(*JETTY)).target
    assert understand("pick that up", scene(*JETTY)).target == pebble
    assert understand("pick it up", scene(*JETTY)).target == pebble
    otto = understand("talk to otto", scene(*JETTY)).target
    assert understand("talk to him", scene(*JETTY)).target == otto


def test_the_game_addressed_by_name_and_greetings_before_a_request() -> None:
    assert understand("Game, which way can i go from here", scene(*JETTY)).kind is K.EXITS
    assert understand("good morning, what should i do", scene(*JETTY)).kind is K.HINT
    assert understand("good morning", scene(*JETTY)).kind is K.CHAT
    assert understand("can i take back what i just did", scene(*JETTY)).kind is K.UNDO
    assert understand("wats in my bag", scene(*JETTY)).kind is K.INVENTORY


@pytest.mark.parametrize(
    ("place", "text", "exercise"),
    [
        (("trauma_healing", "fern_hollow"), "do the container exercise", "container"),
        (("trauma_healing", "fern_hollow"), "container exercise", "container"),
        (COTTAGE, "start worry time", "worry"),
        (COTTAGE, "i want to do worry time", "worry"),
    ],
)
def test_an_exercise_here_asked_for_by_a_word_of_its_title_is_started(
    place: tuple[str, str], text: str, exercise: str
) -> None:
    here = scene(*place)
    intent = understand(text, here)
    assert intent.kind is K.EXERCISE
    titled = next(t for t in here.of_kind("exercise") if exercise in " ".join(t.names))
    assert intent.exercise == titled.key


@pytest.mark.parametrize("text", ["look around me", "where am i rn", "wait where am i now"])
def test_asking_where_one_is_looks_around(text: str) -> None:
    assert understand(text, scene(*JETTY)).kind is K.LOOK


def test_how_near_one_looks_is_still_looking() -> None:
    looked = understand("i want to see the fish up close", scene(*JETTY))
    assert (looked.kind, looked.target) == (K.EXAMINE, "fish")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Where am I? It looks like somebody's front step.", K.LOOK),
        ("what now? feels like there's nothing here", K.HINT),
        ("which way now? je sais pas", K.EXITS),
        ("what am I carrying? j'ai quoi dans les poches", K.INVENTORY),
    ],
)
def test_a_request_asked_first_is_answered_whatever_follows(text: str, kind: IntentKind) -> None:
    assert understand(text, scene(*JETTY)).kind is kind


def test_asking_where_one_is_meant_to_go_is_not_looking_around() -> None:
    assert understand("where am i supposed to go now", scene(*JETTY)).kind is not K.LOOK


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ok im gonna go now, bye", K.QUIT),
        ("done, bye garden", K.QUIT),
        ("i have to go now", K.QUIT),
        ("i need to go north", K.MOVE),
        ("say bye to otto", K.TALK),
        ("go back to bed", K.REST),
    ],
)
def test_leaving_the_game_is_told_from_going_somewhere_in_it(text: str, kind: IntentKind) -> None:
    assert understand(text, scene(*JETTY)).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [("?", K.HELP), ("lk", K.LOOK), ("m", K.MAP), ("afk", K.PAUSE), ("continue north", K.MOVE)],
)
def test_old_shorthand_and_chat_shorthand(text: str, kind: IntentKind) -> None:
    assert understand(text, scene(*JETTY)).kind is kind


def test_putting_something_in_ones_bag_takes_it() -> None:
    intent = understand("put the pebble in my bag", scene(*JETTY))
    assert intent.kind is K.TAKE
    assert intent.target == "a smooth grey pebble"


def test_buying_is_a_word_with_whoever_sells_it() -> None:
    intent = understand("buy some flowers", scene("social_confidence", "market_square"))
    assert intent.kind is K.TALK
    assert intent.topic == "flowers"


def test_writing_in_a_book_here_uses_it() -> None:
    here = scene("trauma_healing", "cabin")
    intent = understand("write in the journal of strengths", here)
    assert intent.kind is K.USE
    assert intent.target in {t.key for t in here.of_kind("item")}


def test_a_question_with_a_name_at_the_end_is_put_to_them() -> None:
    intent = understand("what's the net for, otto?", scene(*JETTY))
    assert intent.kind is K.TALK
    assert intent.target == "otto the ferryman"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my son wants to pick up the pebble", K.TAKE),
        ("We'd like to walk up the path towards the cottage, please.", K.MOVE),
        ("wait go back i pressed the wrong thing", K.UNDO),
        ("oops i didnt mean to come this way", K.UNDO),
        ("im using a screen reader could you read me the description of this place again", K.LOOK),
        ("which way to the cottage", K.EXITS),
        ("what directions can i go from the rocks", K.EXITS),
        ("whats up north from here", K.EXITS),
    ],
)
def test_parents_typing_for_children_mistakes_and_reading_aloud(
    text: str, kind: IntentKind
) -> None:
    assert understand(text, scene(*JETTY)).kind is kind


def test_whats_up_here_is_looking_around_not_the_way_up() -> None:
    assert understand("so whats up here", scene(*JETTY)).kind is not K.EXITS


def test_ask_her_about_something_asks_the_one_person_here() -> None:
    intent = understand("ask him about the boat", scene(*JETTY))
    assert intent.kind is K.TALK
    assert intent.target == "otto the ferryman"
    assert intent.topic == "boat"


TIDE_POOLS = ("anxiety_sanctuary", "tide_pools")
SHED = ("mindfulness_garden", "potting_shed")


@pytest.mark.parametrize(
    ("place", "text", "direction"),
    [
        (JETTY, "bring me over to the tide pools", "east"),
        (JETTY, "could you take me up to the cottage please", "north"),
        (SHED, "leave the shed and head south", "south"),
        (SHED, "i leave the shed by the western path", "west"),
        (("mindfulness_garden", "bamboo_grove"), "i leave the grove by the northern path", "north"),
        (
            ("depression_recovery", "community_hall"),
            "leave the hall and go back down to the bakery",
            "south",
        ),
        (JETTY, "i stretch my arms and then walk east to the pools", "east"),
        (("anxiety_sanctuary", "lighthouse_stairs"), "climb up slowly, step by step", "up"),
        (("anxiety_sanctuary", "lamp_room"), "bring me back downstairs", "down"),
        (JETTY, "please, how i go to the tide pools?", "east"),
        (JETTY, "i would like to visit the cottage", "north"),
        (COTTAGE, "can you bring me up the lighthouse", "north"),
        (("anxiety_sanctuary", "lighthouse_stairs"), "keep climbing", "up"),
        (("depression_recovery", "stone_cottage"), "go outside i suppose", "out"),
        (("depression_recovery", "stone_cottage"), "leave", "out"),
    ],
)
def test_going_somewhere_told_in_a_longer_sentence_goes_there(
    place: tuple[str, str], text: str, direction: str
) -> None:
    intent = understand(text, scene(*place))
    assert (intent.kind, intent.direction) == (K.MOVE, direction)


def test_leaving_a_thing_one_holds_still_puts_it_down() -> None:
    here = scene(*JETTY, inventory=["smooth_pebble"])
    assert understand("leave the pebble", here).kind is K.DROP
    assert understand("leave the kit on the bench", scene(*JETTY)).kind is K.DROP
    assert understand("keep the pebble", scene(*JETTY)).kind is K.TAKE
    assert understand("keep the pebble down there", scene(*JETTY)).kind is not K.TAKE


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("in which directions may i walk from this jetty", K.EXITS),
        ("where might we go from the jetty", K.EXITS),
        ("what are the exits out of this place", K.EXITS),
        ("where are the exits of the cottage?", K.EXITS),
        ("which ways are there", K.EXITS),
        ("which way I can go? only north?", K.EXITS),
        ("which path leads back to the cottage", K.EXITS),
        ("how do all the places here connect to each other", K.MAP),
        ("show me where i am on the map", K.MAP),
        ("where exactly am i compared to the rest of the island", K.MAP),
        ("so what is around me now", K.LOOK),
        ("describe the place once more", K.LOOK),
        ("first let me take in the view", K.LOOK),
        ("what am i able to type here", K.HELP),
        ("take it back, i clicked too fast", K.UNDO),
        ("i must go now, please close the game", K.QUIT),
        ("ok quitting for now", K.QUIT),
        ("what have i gathered so far", K.INVENTORY),
        ("my bag feels heavy, what have i collected", K.INVENTORY),
        ("i take it back", K.UNDO),
        ("no wait, go back to before", K.UNDO),
        ("bring up the island map", K.MAP),
        ("go through my belongings", K.INVENTORY),
        ("show me the verbs", K.HELP),
        ("hold up", K.PAUSE),
        ("hold up the lantern", K.USE),
    ],
)
def test_plain_word_requests_in_more_of_their_forms(text: str, kind: IntentKind) -> None:
    assert understand(text, scene(*JETTY)).kind is kind


@pytest.mark.parametrize(
    "text",
    ["could you help me with my chemistry homework", "help me write an email to my boss"],
)
def test_help_with_something_outside_the_game_is_not_the_games_help(text: str) -> None:
    assert understand(text, scene(*JETTY)).kind is not K.HELP
    assert understand("help me", scene(*JETTY)).kind is K.HELP


@pytest.mark.parametrize(
    ("place", "text"),
    [
        (COTTAGE, "and what do you do, keeper, when the fog comes in?"),
        (COTTAGE, "would the keeper mind showing me the lamp room"),
        (JETTY, "ask the ferryman whether the boat leaves today"),
        (JETTY, "i smile and say hi to the ferryman"),
        (JETTY, "who are you"),
        (JETTY, "tell me about yourself"),
    ],
)
def test_words_put_to_someone_here_talk_to_them(place: tuple[str, str], text: str) -> None:
    here = scene(*place)
    intent = understand(text, here)
    assert (intent.kind, intent.target) == (K.TALK, here.of_kind("npc")[0].key)


def test_greeting_the_place_itself_is_small_talk() -> None:
    assert understand("hello island", scene(*TIDE_POOLS)).kind is K.CHAT
    assert understand("hi island, good to be here", scene(*JETTY)).kind is K.CHAT
    assert understand("who are you", scene(*TIDE_POOLS)).kind is K.CHAT


@pytest.mark.parametrize(
    ("place", "text"),
    [
        (JETTY, "i help myself to the pebble"),
        (("depression_recovery", "village_bakery"), "i accept the bread roll gratefully"),
        (JETTY, "i should like to keep the pebble"),
    ],
)
def test_taking_in_politer_words(place: tuple[str, str], text: str) -> None:
    assert understand(text, scene(*place)).kind is K.TAKE


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("close my eyes and picture a quiet beach", "visualization"),
        ("help me ground myself please", "grounding"),
        ("guide me through something calming", None),
        ("is it ok if i try the breathing here", "breathing"),
    ],
)
def test_asking_to_be_helped_through_a_practice_starts_one(text: str, exercise: str | None) -> None:
    intent = understand(text, scene(*TIDE_POOLS))
    assert intent.kind is K.EXERCISE
    assert intent.exercise == exercise


BAKERY = ("depression_recovery", "village_bakery")
TEA_HOUSE = ("social_confidence", "tea_house")


@pytest.mark.parametrize(
    ("place", "text"),
    [
        (BAKERY, "thank the baker for the roll"),
        (("trauma_healing", "mossy_path"), "thank u sol"),
        (BAKERY, "That was kind, thank you, Hal. I'll save half for later."),
        (TEA_HOUSE, "hola Mei, which tea is good today?"),
        (TEA_HOUSE, "could i get a jasmine tea please"),
    ],
)
def test_thanks_and_requests_to_someone_here_are_words_with_them(
    place: tuple[str, str], text: str
) -> None:
    here = scene(*place)
    intent = understand(text, here)
    assert (intent.kind, intent.target) == (K.TALK, here.of_kind("npc")[0].key)


def test_a_verb_that_names_an_item_here_uses_it() -> None:
    here = scene(*SHED)
    intent = understand("water the seedlings", here)
    assert intent.kind is K.USE
    assert intent.target == "a copper watering can"


def test_undoing_a_thing_is_not_undoing_the_turn() -> None:
    here = scene("trauma_healing", "fern_hollow")
    assert understand("undo the latch", here).kind is K.USE
    assert understand("undo the last move", here).kind is K.UNDO


@pytest.mark.parametrize(
    ("place", "text", "kind"),
    [
        (COTTAGE, "which doors lead out of here?", K.EXITS),
        (TIDE_POOLS, "is this a dead end or can i keep going from here", K.EXITS),
        (JETTY, "is there any way out of this place", K.EXITS),
        (JETTY, "where all can i go from this jetty", K.EXITS),
        (JETTY, "is the only way on up north?", K.EXITS),
        (JETTY, "could you describe where i am once more", K.LOOK),
        (JETTY, "describe the jetty to me again please", K.LOOK),
        (JETTY, "alright cool, so what am i meant to do here", K.HINT),
        (JETTY, "is there anything left to do on this island?", K.HINT),
        (JETTY, "i read the sign, what now?", K.HINT),
        (JETTY, "loot the pebble", K.TAKE),
        (JETTY, "warp to the cottage", K.MOVE),
        (JETTY, "pausa por favor", K.PAUSE),
        (TIDE_POOLS, "hola!", K.CHAT),
        (TIDE_POOLS, "hello game :)", K.CHAT),
        (JETTY, "thank u, that's kind", K.CHAT),
        (JETTY, "remind me to water my plants at 6", K.UNKNOWN),
        (JETTY, "whats the capital of australia", K.UNKNOWN),
        (JETTY, "Was ist die Hauptstadt von Kanada?", K.UNKNOWN),
        (JETTY, "what's the exchange rate for euros to dollars today", K.UNKNOWN),
        (JETTY, "cuánto es 15 por 32", K.UNKNOWN),
        (JETTY, "can you book me a dentist appointment for thursday", K.UNKNOWN),
        (JETTY, "what's a good recipe for banana bread", K.UNKNOWN),
        (JETTY, "could you write my essay for me", K.UNKNOWN),
    ],
)
def test_round_u9s_kinds_of_line(place: tuple[str, str], text: str, kind: IntentKind) -> None:
    assert understand(text, scene(*place)).kind is kind


@pytest.mark.parametrize(
    ("place", "text", "direction"),
    [
        (JETTY, "ok, nice boat. off to the cottage now", "north"),
        (JETTY, "haha that was fun, heading over to the pools", "east"),
        (JETTY, "Ana hitches up her bag and sets off towards the cottage", "north"),
        (JETTY, "/me wanders east", "east"),
    ],
)
def test_small_talk_then_going_and_narrated_characters_go(
    place: tuple[str, str], text: str, direction: str
) -> None:
    intent = understand(text, scene(*place))
    assert (intent.kind, intent.direction) == (K.MOVE, direction)


def test_the_child_is_the_kid_and_a_cap_tipped_is_a_greeting() -> None:
    meadow = scene("mindfulness_garden", "quiet_meadow")
    assert understand("talk to the kid", meadow).target == meadow.of_kind("npc")[0].key
    jetty = scene(*JETTY)
    tipped = understand("/me tips her hat to the ferryman", jetty)
    assert (tipped.kind, tipped.target) == (K.TALK, jetty.of_kind("npc")[0].key)


@pytest.mark.parametrize(
    ("place", "text", "kind"),
    [
        (JETTY, "what's the weather like in leeds tomorrow", K.UNKNOWN),
        (JETTY, "random q but how long do you boil rice for", K.UNKNOWN),
        (JETTY, "sorry, can you look around again, i got distracted", K.LOOK),
        (JETTY, "what is on this jetty", K.LOOK),
        (JETTY, "list the places i've found and how they join up", K.MAP),
        (JETTY, "whole map please", K.MAP),
        (JETTY, "what ways out are there from the jetty", K.EXITS),
        (JETTY, "is there another way off or just the path", K.EXITS),
        (JETTY, "tell me about the boat", K.EXAMINE),
        (JETTY, "is it ok to pick up the pebble", K.TAKE),
        (JETTY, "run my fingers along the rope", K.EXAMINE),
        (JETTY, "ok deep breath, go north", K.MOVE),
    ],
)
def test_round_u10s_english_kinds_of_line(
    place: tuple[str, str], text: str, kind: IntentKind
) -> None:
    encoder = FakeEncoder(
        intents={"weather": "examine", "rice": "talk"}, intent_labels=("examine", "talk")
    )
    assert understand(text, scene(*place), encoder).kind is kind


@pytest.mark.parametrize(
    ("where", "text", "direction"),
    [
        (("trauma_healing", "forest_edge"), "walk into the woods", "north"),
        (("trauma_healing", "forest_edge"), "head in among the trees", "north"),
        (("mindfulness_garden", "willow_gate"), "go through the arch", "north"),
        (("anxiety_sanctuary", "lighthouse_stairs"), "climb the steps", "up"),
    ],
)
def test_scenery_that_is_a_way_on_takes_it(
    where: tuple[str, str], text: str, direction: str
) -> None:
    intent = understand(text, scene(*where))
    assert intent.kind is K.MOVE
    assert direction in (intent.direction, intent.target)


def test_the_same_scenery_is_still_looked_at() -> None:
    intent = understand("look at the woods", scene("trauma_healing", "forest_edge"))
    assert intent.kind is K.EXAMINE


@pytest.mark.parametrize(
    ("where", "text", "kind"),
    [
        (JETTY, "z", K.REST),
        (JETTY, "could you please write my geography essay", K.UNKNOWN),
        (JETTY, "can u help me with my physics homework", K.UNKNOWN),
        (JETTY, "can you book me a taxi", K.UNKNOWN),
        (JETTY, "do you know what the weather will be like in leeds tomorrow", K.UNKNOWN),
        (JETTY, "what's the layout of the island", K.MAP),
        (JETTY, "what paths are there out of here", K.EXITS),
        (JETTY, "is there anything more i ought to do here", K.HINT),
        (JETTY, "did i bring the pebble with me", K.INVENTORY),
        (JETTY, "where am i? can you tell me what's around me again", K.LOOK),
        (COTTAGE, "could you describe the cottage again please", K.LOOK),
    ],
)
def test_requests_in_other_words(where: tuple[str, str], text: str, kind: IntentKind) -> None:
    assert understand(text, scene(*where)).kind is kind


@pytest.mark.parametrize(
    ("where", "text", "kind", "target"),
    [
        (JETTY, "i'd like to get a closer look at the pebble", K.EXAMINE, "a smooth grey pebble"),
        (JETTY, "can i take the pebble home with me", K.TAKE, "a smooth grey pebble"),
        (JETTY, "i'll bring the pebble along", K.TAKE, "a smooth grey pebble"),
        (("anxiety_sanctuary", "herb_garden"), "crush the rosemary between my fingers", K.USE,
         "rosemary"),
    ],
)  # fmt: skip
def test_taking_looking_and_handling_in_other_words(
    where: tuple[str, str], text: str, kind: IntentKind, target: str
) -> None:
    intent = understand(text, scene(*where))
    assert intent.kind is kind
    assert intent.target == target


@pytest.mark.parametrize(
    "text",
    [
        "you said the sea was calm today?",
        "you really fix the nets every morning?",
        "wait, so why do you still row out in the fog?",
        "ok so you've never left the island?",
    ],
)
def test_following_up_what_someone_here_said_is_talking_to_them(text: str) -> None:
    otto = understand("talk to otto", scene(*JETTY)).target
    said = understand(text, scene(*JETTY))
    assert (said.kind, said.target) == (K.TALK, otto)


@pytest.mark.parametrize(
    ("text", "direction"),
    [("take the path north", "north"), ("follow the path east please", "east")],
)
def test_taking_a_path_somewhere_goes_there(text: str, direction: str) -> None:
    went = understand(text, scene("trauma_healing", "mossy_path"))
    assert (went.kind, went.direction) == (K.MOVE, direction)


@pytest.mark.parametrize(
    "text", ["take a few deep breaths", "take a slow breath first", "take three breaths"]
)
def test_taking_breaths_is_breathing_not_picking_something_up(text: str) -> None:
    breathed = understand(text, scene("social_confidence", "town_gate"))
    assert breathed.kind is K.EXERCISE


@pytest.mark.parametrize(
    ("place", "text", "kind"),
    [
        (JETTY, "I bend down and pick up the smooth grey pebble", K.TAKE),
        (TIDE_POOLS, "kneel down and peer into the rock pool", K.EXAMINE),
        (
            ("social_confidence", "harbour_bridge"),
            "lean on the rail and look at the boats",
            K.EXAMINE,
        ),
        # sitting or lying down to watch is resting, as players mean it
        (("anxiety_sanctuary", "quiet_cove"), "sit on the sand and watch the waves", K.REST),
        (("trauma_healing", "old_oak"), "kneel in the roots and rest", K.REST),
    ],
)
def test_getting_down_to_do_something_does_it(
    place: tuple[str, str], text: str, kind: IntentKind
) -> None:
    assert understand(text, scene(*place)).kind is kind


@pytest.mark.parametrize("text", ["lonely", "so tired", "kinda sad tbh", "happy"])
def test_a_feeling_in_a_word_or_two_is_a_feeling(text: str) -> None:
    assert understand(text, scene(*JETTY)).kind is K.REFLECT


def test_down_alone_is_still_a_way() -> None:
    assert understand("down", scene("anxiety_sanctuary", "lighthouse_stairs")).kind is K.MOVE

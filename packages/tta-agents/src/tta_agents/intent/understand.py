"""IPA, input processing in context: a line and the scene in, a typed intent out.

Rules first (they are precise and explain themselves): whole-line requests ("which way can i
go", "take that back", "i need a break"), the readings of ``readings`` (words put to someone
here, being taken or leaving somewhere...), feelings in the player's own words, questions
about the place ("what's in the jar?", "who is that?"), the verb grammar of ``parse_intent``,
and bare names of things here. Every target is resolved against the scene (``resolve``), so
"the lighthouse" seen from the jetty is the lighthouse, and a player's synonym finds the thing
it names. When the rules miss, the semantic fallback (the shared sentence encoder's intent
head) maps the line to the nearest kind with a confidence, and its target to the thing here it
names; only lines it cannot place go unanswered, in the world's voice.
"""

from __future__ import annotations

import re
import unicodedata

from tta_agents.encoder import Encoder
from tta_agents.intent.feelings import feeling_in, says_feeling
from tta_agents.intent.languages import in_english
from tta_agents.intent.model import Intent, IntentKind
from tta_agents.intent.parser import parse_intent
from tta_agents.intent.phrases import (
    ASK,
    CONTRACTIONS,
    FILLERS,
    QUESTIONS,
    whole_line,
)
from tta_agents.intent.readings import (
    FIRST_READINGS,
    QUESTION_WORDS,
    about_a_thing,
    about_you,
    asked_for,
    exercise_asked,
    exercise_in,
    exercise_named,
    hello_place,
    on_my_way,
    seller,
    set_off_name,
    thanked,
    unspoken,
)
from tta_agents.intent.resolve import (
    LOOKABLE,
    TARGETED,
    direction_in,
    intent_of,
    named_item,
    resolve,
    thing_intent,
)
from tta_agents.intent.scene import Scene, Thing
from tta_agents.intent.vocabulary import DIRECTIONS

__all__ = ["understand", "understand_by_rules"]
_K = IntentKind
_MAX_INPUT = 500
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")
_MODEL_FLOOR = 0.45  # the semantic fallback's confidence needed to act on its reading
# Readings a person named between commas turns into words with them.
_SAID_TO = frozenset({IntentKind.CHAT, IntentKind.UNKNOWN, IntentKind.EXAMINE, IntentKind.LOOK,
                      IntentKind.USE})  # fmt: skip
_MODEL_OVER_RULES = 0.7  # a rules intent this sure is kept without asking the model


def normalise(text: str) -> str:
    # casefold, not lower: German "ß" is "ss" ("Gießkanne"), not a break inside the word
    lowered = text[:_MAX_INPUT].casefold().replace("\u2019", "'").replace("\u2018", "'")
    folded = "".join(  # "siéntate" is "sientate", "Mañana" "manana"
        c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c)
    )
    words = _NOT_WORD.sub(" ", folded).split()
    return " ".join(CONTRACTIONS.get(w, w) for w in words)


_TRAILING = re.compile(
    r"(?:\s+(?:please|pls|plz|thanks|thank you|thx|ty|lol|haha|i suppose|i guess|i think"
    r"|if that'?s (?:ok|okay|alright|all right|fine)|if i may|if possible"
    # how near, said after what is looked at: "i want to see the fish up close"
    r"|up close|close up|more closely|closely))+$"
)
_PUT_DOWN = re.compile(
    r"^(?:put|set|lay|place|leave|drop) (?:the |my |a |this |that )?(?P<t>.+?) (?:down|here)\b.*$"
)
_UP = re.compile(
    r"^(?:(?:keep )?(?:climb|climbing)(?: up| higher| on)?(?: the (?:stairs|steps|ladder))?"
    r"|ascend|go upstairs|head upstairs|up the stairs)"
    r"(?: (?:slowly|carefully|again|now|one step at a time|step by step))*$"
)
_DOWN = re.compile(r"^(?:descend|climb down|go downstairs|head downstairs|down the stairs)$")
# Back where the player came from (the world knows which way that is).
_PUT_AWAY = re.compile(
    r"^(?:put|stick|pop|tuck|slip|stuff) (?:the |that |this |a |an |some )?(?P<t>.+?)"
    r" (?:in|into|inside) (?:my|the) (?:bag|pocket|pockets|backpack|pack|inventory|satchel)$"
)
# Buying or ordering from whoever sells it here: a word with them about it.
_BUY = re.compile(
    r"^(?:buy|order|purchase) (?:a |an |some |the |one )?(?P<what>.+?)"
    r"(?: (?:from|off|off of|with) (?P<who>.+))?$"
)
_WRITE_ON = re.compile(r"^(?:write|scribble|jot) (?:(?:in|on|into) )?(?P<t>.+)$")
_BACK = re.compile(
    r"^(?:(?:go|head|walk|turn|come|step|run|wander) )?back"
    r"(?: (?:the way i came|the way we came|where i came from|again|there|out))?"
    r"(?: (?:wrong (?:turn|way)|i think|please))?$"
)
# A place named after a preposition of motion, with no verb: "into the cabin".
_TOWARDS = re.compile(
    r"^(?:in|into|inside|in to|onto|over to|up to|down to|out to|through|across|towards?)"
    r" (?P<t>.+)$"
)
_TO_YOU = re.compile(r"\b(?:you|your|yours|yourself|u|ur|ya)\b")
# Following up on what someone here said ("you said the sea was calm?", "you really fix the
# nets?"): "you" and a word no narrated command starts with ("you take the lamp" is taking).
_YOU_SAID = re.compile(
    r"^(?:you|u)(?:'ve|'re|'d| have| are| had| were)? (?:said|say|told|tell|mentioned|mean|meant|"
    r"really|never|ever|always|still|used to|were|was|are|had|have|seem|seemed|sound|sounded|"
    r"think|thought|know|knew|like|liked|remember|keep|kept|grew up|lived|live|practi[cs]ed|"
    r"made|worked|work|must|should|could|would|can|did not|didn't|don't|do not|left|lost)\b"
)
# A way on taken by its name: "take the path north", "follow the trail to the creek".
_TAKE_WAY = re.compile(
    r"^(?:take|follow|walk|go along|head along|head down|go down) (?:the |this |that )?"
    r"(?:path|trail|road|track|lane|way|stairs|steps)\b(?P<rest>.*)$"
)
# Breaths taken are breathing, not something picked up: "take a few slow breaths".
_BREATHS = re.compile(
    r"^(?:take|taking|do|doing) (?:a |one |two |three |four |five |some |a few |few |several )?"
    r"(?:(?:deep|slow|long|calm|big|steady|calming|gentle|few) ){0,2}breaths?\b.*$"
)
# Two things in one line, the second a going somewhere: "i stretch and then walk east".
_AND_THEN = re.compile(
    r"^(?P<first>.+) (?:and then|and|then) (?P<second>(?:i |we )?(?:go|goes|went|walks?|walked|"
    r"heads?|headed|returns?|returned|steps?|stepped|wanders?|wandered|runs?|ran|climbs?|climbed|"
    r"cross|crosses|crossed|continues?|continued|make (?:my|our) way|makes (?:her|his|their) way|"
    r"turns?|turned|strolls?|strolled|hurry|hurries|hurried|sets? off|starts? (?:up|down|off|out)|"
    r"slips?|slipped|come|comes|came)"
    r"(?: back| on| off| out| over| down| up| along| straight| across| on ahead)*"
    r" (?:to|towards?|toward|into|through|across|along|over to|north|south|east|west|up|down|in|"
    r"out|back|the)\b.*)$"
)


# Adverbs a question carries without changing what it asks ("where can i actually go").
_HEDGES = re.compile(r" (?:actually|exactly|even|basically|literally)(?= )")


def _strip(text: str) -> str:
    stripped = _TRAILING.sub("", FILLERS.sub("", _HEDGES.sub("", text)).strip()).strip()
    return stripped or text


def _towards_in(clause: str, scene: Scene) -> Intent | None:
    """A going told in other words ("sets off towards the cottage"): the direction or the place
    the clause names."""
    direction = direction_in(clause)
    if direction is not None and direction in scene.directions:
        return intent_of(_K.MOVE, clause, 0.85, direction=direction)
    place = scene.find(clause, "exit", "place")
    if place is not None and set(clause.split()) & place.words():
        return thing_intent(place, clause, 0.85)
    return None


def _going_last(raw: str, scene: Scene) -> Intent | None:
    """Small talk, then a going in the last sentence or clause ("ok, nice boat. off to the
    cottage now"): the going."""
    parts = [p for p in _CLAUSES.split(raw) if p.strip()]
    if len(parts) < 2:
        return None
    last = normalise(parts[-1])
    going = on_my_way(_strip(last), scene) or _rules(last, scene, clauses=False)
    if going.kind is not _K.MOVE or going.confidence < _MODEL_OVER_RULES:
        return None
    if going.direction in scene.directions or (going.target and _a_way_on(going.target, scene)):
        return going
    return None


def _this_place(target: str, scene: Scene) -> bool:
    """Whether a phrase names where the player stands ("this clearing", "the jetty")."""
    named = " ".join(w for w in target.split() if w not in ("this", "the", "here", "place"))
    place = scene.find(target, "place")
    here = scene.location.replace("_", " ")
    if not named:
        return target.strip() in ("this place", "here", "this", "the place")
    return place is not None and here in place.names and named in place.names


def _a_way_on(target: str, scene: Scene) -> bool:
    """Whether a going's target is a way on from here (an exit, or a place elsewhere)."""
    place = scene.find(target, "exit", "place")
    return place is not None and scene.location.replace("_", " ") not in place.names


_CLAUSES = re.compile(r"[.,;!?]+|\s[-\u2013\u2014]\s")
# Readings a going said after some small talk replaces.
_PASSING = frozenset({IntentKind.CHAT, IntentKind.UNKNOWN, IntentKind.LOOK, IntentKind.EXAMINE,
                      IntentKind.REST, IntentKind.EXERCISE})  # fmt: skip


def _then_going(line: str, scene: Scene) -> Intent | None:
    """Two things in a line, the last a going somewhere the scene knows ("i take a breath and
    walk east to the pools"): the going, unless the first does something to a thing here."""
    both = _AND_THEN.match(line)
    if both is None:
        return None
    going = _rules(unspoken(both["second"]), scene, clauses=False)
    if going.kind is not _K.MOVE or not (going.direction or going.target):
        going = _towards_in(both["second"], scene)
    if going is None or going.kind is not _K.MOVE:
        return None
    if going.target and scene.find(going.target, "exit", "place") is None:
        return None
    first = _rules(both["first"], scene, clauses=False)
    done = first.kind in TARGETED and first.kind is not _K.MOVE and first.target
    if done and any(first.target == t.key for t in scene.things):
        return None  # "pick up the pebble and go north" keeps the first thing done
    return going.model_copy(update={"normalized_text": line})


# Getting down or leaning in, then doing something there: "i kneel by the pool and stare into
# it". Sitting or lying down and watching is resting (the rounds label it so), not this.
_SETTLED = re.compile(
    r"^(?:i |we )?(?:kneel|knelt|crouch|squat|bend|lean)(?:s|ing|ed)?\b(?P<where>.*?) "
    r"(?:and then|and|then) (?P<rest>(?:i |we )?(?!rest\b|do nothing\b)[a-z].*)$"
)
_DONE_THERE = frozenset({_K.EXAMINE, _K.USE, _K.TAKE, _K.EXERCISE, _K.TALK})


def _settled_then(line: str, scene: Scene) -> Intent | None:
    """Getting down or leaning in and then doing something there: what is done, when the
    rules are sure of it (kneeling is how, not what)."""
    found = _SETTLED.match(line)
    if found is None:
        return None
    done = _rules(unspoken(found["rest"]), scene, clauses=False)
    if done.kind in _DONE_THERE and done.confidence >= _MODEL_OVER_RULES:
        return done.model_copy(update={"normalized_text": line})
    return None


# Doing a practice while resting ("sit and breathe slowly", not "catch my breath").
_PRACTISED = re.compile(
    r"\b(?:imagine|picture|visuali[sz]e|meditate|breathe (?:in|out|slowly|deeply|with)"
    r"|count (?:my )?breaths|ground myself|stretch)\b"
)
# The feelings each world exists for: named at all, they are what the line is about.
_WORLD_FEELINGS = frozenset(
    {"flashback", "triggered", "judged", "left_out", "pointless", "racing_heart", "what_if",
     "restless", "no_energy"}
)  # fmt: skip


def _felt(line: str) -> Intent | None:
    """A feeling said in the player's own words: reflect on it."""
    feeling = feeling_in(line)
    if feeling and (says_feeling(line) or feeling in _WORLD_FEELINGS):
        return intent_of(_K.REFLECT, line, 0.9, emotion=feeling)
    return None


def _named_by_verb(line: str, scene: Scene) -> Thing | None:
    """An item here or in hand whose name the line's verb begins ("water" the watering can),
    when what the line acts on is nothing here."""
    verb, _, rest = line.partition(" ")
    if len(verb) < 4 or (rest and scene.find(rest) is not None):
        return None
    for thing in scene.of_kind("held", "item"):
        if any(word.startswith(verb) and word != verb for word in thing.words()):
            return thing
    return None


def _to_them_or_a_way(line: str, scene: Scene) -> Intent | None:
    """Words put to someone here, breaths taken, or a way on taken by its name."""
    person = scene.npc_here()
    if person is not None and (
        (QUESTION_WORDS.match(line) and _TO_YOU.search(line)) or _YOU_SAID.match(line)
    ):
        # A question put to "you" where someone stands is put to them, not to the game.
        return intent_of(_K.TALK, line, 0.85, target=person.key)
    if _BREATHS.match(line):
        return intent_of(_K.EXERCISE, line, 0.85, exercise=exercise_in(line))
    way = _TAKE_WAY.match(line)
    if way is not None:
        return _towards_in(way["rest"].strip() or line, scene)
    return None


def _rules(text: str, scene: Scene, *, clauses: bool = True) -> Intent:
    line = _strip(text)
    # before greetings and thanks are taken for small talk with the game
    greeted = hello_place(text, scene) or about_you(line, scene) or thanked(line, scene)
    if greeted is not None:
        return greeted
    kind = whole_line(line)
    if kind is not None:
        return intent_of(kind, line, 0.95)
    for reading in FIRST_READINGS:
        found = reading(line, scene)
        if found is not None:
            return found
    if clauses and (
        going := _then_going(line, scene)
        or _settled_then(line, scene)
        or asked_for(text, line, scene)
    ):
        return going
    asked = ASK.match(line)
    if asked:
        who = scene.find(asked["who"], "npc")
        if who is None and asked["who"] in ("her", "him", "them", "she", "he", "they"):
            who = scene.npc_here()  # "ask her about the storm": the one person here
        topic = asked["topic"].removeprefix("the ").strip()
        return intent_of(_K.TALK, line, 0.95, target=who.key if who else asked["who"], topic=topic)
    bought = _BUY.match(line)
    if bought and (person := seller(bought["who"], scene)) is not None:
        return intent_of(_K.TALK, line, 0.85, target=person.key, topic=bought["what"])
    put_away = _PUT_AWAY.match(line)
    if put_away:
        return resolve(intent_of(_K.TAKE, line, 0.85, target=put_away["t"]), scene)
    written = _WRITE_ON.match(line)
    if written and (paper := named_item(written["t"], scene)) is not None:
        # "write a thank you card", "write in the journal of strengths": use what is written on
        return intent_of(_K.USE, line, 0.85, target=paper.key)
    # A question put to "you" where someone stands is theirs, even about a feeling ("do you
    # ever find your own mind wandering off?", "your hands are shaking. are you nervous?")
    said = _to_them_or_a_way(line, scene)
    if said is not None:
        return said
    felt = _felt(line)
    if felt is not None:
        return felt
    for pattern, qkind in QUESTIONS:
        found = pattern.match(line)
        if found:
            target = found.group("t").strip() or None
            if qkind is _K.EXAMINE and target is None:
                person = scene.npc_here()
                if person is None:
                    return intent_of(_K.LOOK, line, 0.85)
                return intent_of(_K.EXAMINE, line, 0.85, target=person.key)
            if qkind is _K.EXAMINE and target and _this_place(target, scene):
                return intent_of(_K.LOOK, line, 0.85)  # "what is in this clearing"
            resolved = resolve(intent_of(qkind, line, 0.85, target=target), scene)
            if resolved.target == target and qkind is not _K.TALK:
                # Not something here: maybe a question about the world outside the game.
                return resolved.model_copy(update={"confidence": 0.5})
            return resolved
    for reading in (exercise_asked, about_a_thing, exercise_named):
        found = reading(line, scene)
        if found is not None:
            return found
    put = _PUT_DOWN.match(line)
    if put:
        return resolve(intent_of(_K.DROP, line, 0.85, target=put["t"]), scene)
    if _BACK.match(line):
        return intent_of(_K.MOVE, line, 0.9, target="back")
    towards = _TOWARDS.match(line)
    if towards and (place := scene.find(towards["t"], "exit", "place")) is not None:
        return thing_intent(place, line, 0.85)
    if _UP.match(line) or _DOWN.match(line):
        return intent_of(_K.MOVE, line, 0.9, direction="up" if _UP.match(line) else "down")
    thing = scene.find(line) if len(line.split()) <= 3 else None
    if thing is not None and line in thing.names:
        return thing_intent(thing, line, 0.9)
    parsed = parse_intent(line)
    practised = _PRACTISED.search(line) if parsed.kind is _K.REST else None
    if practised is not None:  # "close my eyes and imagine the sun coming up"
        return intent_of(_K.EXERCISE, line, 0.85, exercise=exercise_in(practised[0]))
    if parsed.kind is _K.UNKNOWN and thing is not None:
        return thing_intent(thing, line, 0.6)
    if parsed.kind in (_K.USE, _K.UNKNOWN) and (tool := _named_by_verb(line, scene)):
        return intent_of(_K.USE, line, 0.8, target=tool.key)  # "water the herbs": the can
    if parsed.kind is _K.TALK and not parsed.target and scene.npc_here() is None:
        return intent_of(_K.CHAT, line, 0.8)
    return resolve(parsed, scene)


def _semantic(text: str, scene: Scene, encoder: Encoder) -> Intent | None:
    labels = encoder.intent_labels
    if not labels:
        return None
    reading = encoder.read([text])[0]
    best = max(range(len(labels)), key=lambda i: reading.intent[i])
    confidence = reading.intent[best]
    if confidence < _MODEL_FLOOR:
        return None
    kind = IntentKind(labels[best])
    line = _strip(text)
    fields: dict[str, str | None] = {}
    if kind is _K.REFLECT:
        fields["emotion"] = feeling_in(line)
    elif kind is _K.EXERCISE:
        fields["exercise"] = exercise_in(line)
    elif kind is _K.MOVE:
        direction = direction_in(line)
        place = None if direction else scene.find(line, "exit", "place")
        if place is not None and place.kind == "exit" and place.key in DIRECTIONS.values():
            direction, place = place.key, None
        fields["direction"] = direction
        fields["target"] = place.key if place else None
    elif kind in TARGETED:
        kinds = {_K.TALK: ("npc",), _K.TAKE: ("item", "held"), _K.DROP: ("held",)}.get(
            kind, LOOKABLE
        )
        thing = scene.find(line, *kinds)
        fields["target"] = thing.key if thing else None
        if kind is _K.TALK and thing is None and (person := scene.npc_here()) is not None:
            fields["target"] = person.key
    return Intent(
        kind=kind, normalized_text=line, confidence=round(confidence, 3), source="model", **fields
    )


# A question first, then a remark: "Where am I? It looks like somebody's bedroom."
_QUESTION_FIRST = re.compile(r"^\s*(?P<q>[^.?!]+\?)\s*\S")
_ASKED_FIRST = frozenset({_K.LOOK, _K.EXITS, _K.INVENTORY, _K.HINT, _K.HELP, _K.MAP})


def _asked_first(text: str) -> Intent | None:
    """The request a line opens with as a question of its own, when that is one of the
    game's own requests (where am I, which way, what do I carry, what now, how to play)."""
    first = _QUESTION_FIRST.match(text)
    if first is None:
        return None
    line = _strip(in_english(normalise(first["q"])))
    kind = whole_line(line)
    return intent_of(kind, line, 0.95) if kind is not None and kind in _ASKED_FIRST else None


def _by_rules(text: str, scene: Scene) -> tuple[Intent, str, bool]:
    """(the rules' intent, the line in English, whether the model would be asked about it)."""
    cleaned = in_english(normalise(text))
    if not cleaned:
        asking = text.strip() and set(text.strip()) <= {"?"}
        return intent_of(_K.HELP, "?", 0.9) if asking else intent_of(_K.UNKNOWN, "", 0.0), "", False
    ruled = _rules(cleaned, scene)
    if ruled.kind not in _ASKED_FIRST and (asked := _asked_first(text)) is not None:
        return asked, cleaned, False
    if ruled.kind in _PASSING and (going := _going_last(text, scene)) is not None:
        return going, cleaned, False
    if ruled.kind in _SAID_TO and (named := set_off_name(text, scene)) is not None:
        return named.model_copy(update={"normalized_text": ruled.normalized_text}), cleaned, False
    return ruled, cleaned, ruled.confidence < _MODEL_OVER_RULES  # sure rules, off-topic too


def understand_by_rules(text: str, scene: Scene | None = None) -> Intent | None:
    """What ``understand`` answers when the rules decide alone (in microseconds), or None
    when it would ask the sentence encoder (milliseconds: worth a worker thread)."""
    intent, _, asks = _by_rules(text, scene or Scene.empty())
    return None if asks else intent


def understand(text: str, scene: Scene | None = None, encoder: Encoder | None = None) -> Intent:
    """What the player meant by ``text`` where they stand; never raises."""
    scene = scene or Scene.empty()
    ruled, cleaned, asks = _by_rules(text, scene)
    if encoder is None or not asks:
        return ruled
    modelled = _semantic(cleaned, scene, encoder)
    if modelled is None:
        return ruled
    if ruled.kind is not _K.UNKNOWN and ruled.confidence >= modelled.confidence:
        return ruled
    return modelled

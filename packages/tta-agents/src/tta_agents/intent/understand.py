"""IPA, input processing in context: a line and the scene in, a typed intent out.

Rules first (they are precise and explain themselves): whole-line requests ("which way can i
go", "take that back", "i need a break"), feelings in the player's own words, questions about
the place ("what's in the jar?", "who is that?"), the verb grammar of ``parse_intent``, and
bare names of things here. Every target is resolved against the scene, so "the lighthouse"
seen from the jetty is the lighthouse, and a player's synonym finds the thing it names. When
the rules miss, the semantic fallback (the shared sentence encoder's intent head) maps the
line to the nearest kind with a confidence, and its target to the thing here it names; only
lines it cannot place go unanswered, in the world's voice.
"""

from __future__ import annotations

import re

from tta_agents.encoder import Encoder
from tta_agents.intent.feelings import feeling_in, says_feeling
from tta_agents.intent.model import Intent, IntentKind
from tta_agents.intent.parser import parse_intent
from tta_agents.intent.phrases import (
    ASK,
    CONTRACTIONS,
    EXERCISE_HINTS,
    FILLERS,
    QUESTIONS,
    whole_line,
)
from tta_agents.intent.scene import Scene, Thing
from tta_agents.intent.vocabulary import DIRECTIONS, EXERCISE_WORDS

__all__ = ["understand"]

_K = IntentKind
_MAX_INPUT = 500
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")
_MODEL_FLOOR = 0.45  # the semantic fallback's confidence needed to act on its reading
_MODEL_OVER_RULES = 0.7  # a rules intent this sure is kept without asking the model
_LOOKABLE = ("item", "held", "npc", "exit", "place", "scenery")
_TARGETED = {_K.MOVE, _K.EXAMINE, _K.TAKE, _K.DROP, _K.USE, _K.TALK}


def normalise(text: str) -> str:
    lowered = text[:_MAX_INPUT].lower().replace("\u2019", "'").replace("\u2018", "'")
    words = _NOT_WORD.sub(" ", lowered).split()
    return " ".join(CONTRACTIONS.get(w, w) for w in words)


_TRAILING = re.compile(r"(?:\s+(?:please|pls|plz|thanks|thank you|thx|ty|lol|haha))+$")
_GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|howdy|greetings|oi|yo|excuse me|sorry|um+|uh+|morning|evening|"
    r"good (?:morning|afternoon|evening|day)|hi there|hello there|hey there|ahoy|dear)\b\s*)+"
)
_ARE_YOU = re.compile(r"^(?:are|r) you (?P<name>.+?)$")
_PUT_DOWN = re.compile(
    r"^(?:put|set|lay|place|leave|drop) (?:the |my |a |this |that )?(?P<t>.+?) (?:down|here)\b.*$"
)
_UP = re.compile(r"^(?:climb|climb up|ascend|go upstairs|head upstairs|up the stairs)$")
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
_PERSON = re.compile(
    r"\b(?:man|woman|guy|lady|girl|boy|kid|child|person|someone|fellow|gentleman|bloke|chap"
    r"|dude|old man|old woman|stranger)\b"
)
_PRONOUN_TARGET = re.compile(
    r"(?:(?:it|that|this|them|her|him|that one|this one|the thing)(?: up| down)?|up)"
)
_TO_YOU = re.compile(r"\b(?:you|your|yours|yourself|u|ur|ya)\b")
_QUESTION_WORDS = re.compile(
    r"^(?:how|what|what's|why|where|when|which|is|are|does|do|did|can|could|will|would|was|were)\b"
)


# Being taken somewhere ("take me up to the lighthouse", "bring us over to the pools").
_TAKE_ME = re.compile(
    r"^(?:take|bring|lead|guide|walk|get) (?:me|us) (?:(?:up|down|over|back|out|across|along"
    r"|there|straight) )*(?:to|towards?|into|in to) (?P<t>.+)$"
)
# Leaving where one is, perhaps by a way named ("leave the shed by the western path").
_LEAVE = re.compile(
    r"^(?:leave|exit|depart(?: from)?|(?:walk|step|go|get|head) out of) (?P<rest>.+)$"
)
# Two things in one line, the second a going somewhere: "i stretch and then walk east".
_AND_THEN = re.compile(
    r"^(?P<first>.+) (?:and then|and|then) (?P<second>(?:i |we )?(?:go|walk|head|return|step|"
    r"wander|run|climb|cross|continue|make my way|make our way|turn|stroll|hurry|set off|come)"
    r"(?: back| on| off| out| over| down| up| along| straight| across| on ahead)*"
    r" (?:to|towards?|into|through|across|along|over to|north|south|east|west|up|down|in|out|"
    r"back)\b.*)$"
)
# Help with something of one's own outside the game ("help me with my chemistry homework").
_HELP_OUTSIDE = re.compile(
    r"^help (?:me )?(?:with |on )?(?:my|his|her|our|their) (?:[a-z]+ )?(?:homework|essay|"
    r"assignment|project|exam|exams|test|taxes|code|cv|resume|email|letter|maths?|coursework|"
    r"revision|application|speech|presentation)\b.*"
    r"|^help me (?:factori[sz]e|solve|calculate|write|translate|debug|code|fix my|do my|study|"
    r"revise|prepare for|draft|plan my|book|find a recipe|cook)\b.*"
)
_KEEP = re.compile(r"^keep (?:the |this |that |a |an |one )?(?P<t>.+)$")
_PLACED = re.compile(r"\b(?:on|onto|under|beside|behind|inside|here|down)\b(?! (?:the )?path)")
_HELP_SELF = re.compile(
    r"^(?:(?:i|we) )?helps? (?:myself|ourselves) to (?:some |a |an )?(?P<t>.+)$"
)
# Words put to someone here: "would the keeper mind showing me...", "i wave at the ferryman".
_WOULD_THEY = re.compile(
    r"^(?:would|could|can|will|might) (?P<who>.+?) (?:mind |please |kindly )?"
    r"(?:tell|telling|show|showing|explain|explaining|say|help|helping|give|teach|let)\b.*$"
)
_GREET_TO = re.compile(
    r"^(?:.+ )?(?:say|says|said|wave|waves|nod|nods|call|calls|smile|smiles|shout|shouts)"
    r"(?: (?:hello|hi|hey|hiya|good (?:morning|afternoon|evening|day)|thanks|thank you))?"
    r" (?:to|at) (?P<who>.+)$"
)
_ABOUT_YOU = re.compile(
    r"(?:who are you|who r you|what'?s your name|what is your name|how are you(?: doing| today)?"
    r"|tell me about yourself|tell me (?:a bit|a little|more) about yourself)(?: .*)?"
)
# A greeting to the place itself, not to anyone in it: "hello island", "hi forest".
_HELLO = re.compile(
    r"^(?:hello|hi|hey|hiya|greetings|good (?:morning|afternoon|evening|day))(?: there)?"
    r" (?P<who>[a-z]+)\b"
)
_PLACE_WORDS = frozenset(
    {"island", "forest", "woods", "wood", "garden", "gardens", "world", "town", "village", "sea",
     "ocean", "everyone", "everybody", "all", "trees", "sky", "sun", "moon", "river", "creek",
     "birds", "meadow", "valley", "hills", "lighthouse", "festival", "place", "morning"}
)  # fmt: skip


def _strip(text: str) -> str:
    stripped = _TRAILING.sub("", FILLERS.sub("", text).strip()).strip()
    return stripped or text


def _vocative(line: str, scene: Scene) -> Intent | None:
    """A line addressed to someone here by name ("keeper, what do you do when...", "hey
    jonah are you nervous"): talk to them, about the rest."""
    rest = _GREETING.sub("", line)
    asked = _ARE_YOU.match(rest)
    for person in scene.of_kind("npc"):
        for name in sorted(person.names, key=len, reverse=True):
            if rest == name or rest.startswith(f"{name} "):
                topic = rest[len(name) :].strip() or None
                return _intent(_K.TALK, line, 0.9, target=person.key, topic=topic)
            if asked and (asked["name"] == name or asked["name"].startswith(f"{name} ")):
                return _intent(_K.TALK, line, 0.9, target=person.key)
            if _QUESTION_WORDS.match(rest) and rest.endswith(f" {name}"):
                # "what's the heron called, fern?": a question with their name at the end
                topic = rest[: -len(name)].strip() or None
                return _intent(_K.TALK, line, 0.85, target=person.key, topic=topic)
    return None


def _exercise_named(line: str, scene: Scene) -> Intent | None:
    """An exercise here named by its title ("leaves on the stream please", "the container
    exercise"): every word of the title that matters is in the line."""
    words = set(line.split())
    for thing in scene.of_kind("exercise"):
        for name in thing.names:
            needed = {w for w in name.split() if len(w) > 2 and w not in ("the", "and", "with")}
            if len(needed) >= 2 and needed <= words:
                return _intent(_K.EXERCISE, line, 0.9, exercise=thing.key)
    return None


_START = re.compile(r"^(?:do|start|begin|try|practi[cs]e|run through) (?P<rest>.+)$")


def _exercise_asked(line: str, scene: Scene) -> Intent | None:
    """An exercise here asked for by a word of its title ("do the container exercise",
    "start worry time", "do a thought record"): a request, not a question about a thing."""
    asked = _START.match(line)
    if asked is None:
        return None
    words = set(asked["rest"].split()) - _EXERCISE_FILLER
    for thing in scene.of_kind("exercise"):
        if words & {w for w in thing.words() if len(w) > 3} - _EXERCISE_FILLER:
            return _intent(_K.EXERCISE, line, 0.9, exercise=thing.key)
    return None


_EXERCISE_FILLER = frozenset({"exercise", "thing", "practice", "with", "time"})


def _about_a_thing(line: str, scene: Scene) -> Intent | None:
    """A question that names something here ("is the stream deep?", "how old is this
    tree"): the player wants to look at it."""
    if not _QUESTION_WORDS.match(line):
        return None
    thing = scene.find(line, *_LOOKABLE)
    if thing is None or not (set(line.split()) & thing.words()):
        return None
    return _intent(_K.EXAMINE, line, 0.75, target=thing.key)


def _seller(who: str | None, scene: Scene) -> Thing | None:
    if who:
        return scene.find(who, "npc") or scene.npc_here()
    return scene.npc_here()


def _named_item(phrase: str, scene: Scene) -> Thing | None:
    """An item here or in hand that a phrase names by a whole word of one of its names."""
    words = set(phrase.split())
    for thing in scene.of_kind("item", "held"):
        if words & {w for w in thing.words() if len(w) > 3}:
            return thing
    return None


def _intent(kind: IntentKind, text: str, confidence: float, **fields: str | None) -> Intent:
    return Intent.model_validate(
        {"kind": kind, "normalized_text": text, "confidence": confidence, **fields}
    )


def _exercise_in(text: str) -> str | None:
    words = text.split()
    for word in words:
        if word in EXERCISE_WORDS:
            return word
    for hint, kind in EXERCISE_HINTS.items():
        if f" {hint} " in f" {text} ":
            return kind
    return None


def _direction_in(text: str) -> str | None:
    for word in text.split():
        if word in DIRECTIONS and len(word) > 1:
            return DIRECTIONS[word]
    return None


def _thing_intent(thing: Thing, text: str, confidence: float) -> Intent:
    """A line that is just the name of something here."""
    if thing.kind in ("exit", "place"):
        direction = thing.key if thing.kind == "exit" and thing.key in DIRECTIONS.values() else None
        return _intent(
            _K.MOVE, text, confidence, direction=direction, target=None if direction else thing.key
        )
    if thing.kind == "npc":
        return _intent(_K.TALK, text, confidence, target=thing.key)
    if thing.kind == "exercise":
        return _intent(_K.EXERCISE, text, confidence, exercise=thing.key)
    return _intent(_K.EXAMINE, text, confidence, target=thing.key)


def _resolve(intent: Intent, scene: Scene) -> Intent:
    """The rules' target, named as the world knows it when the scene has it."""
    if intent.kind not in _TARGETED or not intent.target:
        return intent
    kinds = {
        _K.MOVE: ("exit", "place"),
        _K.TALK: ("npc",),
        _K.TAKE: ("item", "held"),
        _K.DROP: ("held",),
    }.get(intent.kind, ())
    if _PRONOUN_TARGET.fullmatch(intent.target):
        # "pick that up", "talk to her": the one thing of that kind here, if there is one
        only = scene.of_kind(*(kinds or _LOOKABLE))
        if len(only) == 1:
            return intent.model_copy(update={"target": only[0].key})
        return intent
    thing = scene.find(intent.target, *kinds)
    if intent.kind is _K.EXAMINE and _PERSON.search(intent.normalized_text):
        # "the woman in the raincoat" is a person here, whatever she wears
        thing = scene.find(intent.normalized_text, "npc") or scene.npc_here() or thing
    if thing is None and intent.kind is _K.EXAMINE:
        thing = scene.find(intent.target, *_LOOKABLE)
    if thing is None:
        return intent
    if intent.kind is _K.MOVE and thing.kind == "exit" and thing.key in DIRECTIONS.values():
        return intent.model_copy(update={"direction": thing.key, "target": None})
    return intent.model_copy(update={"target": thing.key})


def _taken_to(line: str, scene: Scene) -> Intent | None:
    """Asked to be taken somewhere: a going there."""
    asked = _TAKE_ME.match(line)
    if asked is None:
        return None
    place = scene.find(asked["t"], "exit", "place")
    if place is not None:
        return _thing_intent(place, line, 0.85)
    return _intent(_K.MOVE, line, 0.85, target=asked["t"])


def _leaving(line: str, scene: Scene) -> Intent | None:
    """Leaving where one stands ("leave the shed and head south", "exit the hall"): a way on
    that the line names, by where it leads or its direction; else out, else back."""
    left = _LEAVE.match(_unspoken(line))
    if left is None:
        return None
    rest = left["rest"]
    if _named_item(rest.split(" and ")[0], scene) is not None or _PLACED.search(rest):
        return None  # "leave the pebble here", "leave the kit on the desk": putting it down
    direction = _direction_in(rest)
    if direction in scene.directions:
        return _intent(_K.MOVE, line, 0.85, direction=direction)
    way = scene.find(rest, "exit")
    if way is not None and set(rest.split()) & way.words():
        return _thing_intent(way, line, 0.85)
    ways = scene.of_kind("exit")
    if "out" in scene.directions or len(ways) == 1:
        only = "out" if "out" in scene.directions else ways[0].key
        return _intent(_K.MOVE, line, 0.85, direction=only)
    return _intent(_K.MOVE, line, 0.85, target="back")


def _then_going(line: str, scene: Scene) -> Intent | None:
    """Two things in a line, the last a going somewhere the scene knows ("i take a breath and
    walk east to the pools"): the going, unless the first does something to a thing here."""
    both = _AND_THEN.match(line)
    if both is None:
        return None
    going = _rules(_strip(_unspoken(both["second"])), scene, clauses=False)
    if going.kind is not _K.MOVE or not (going.direction or going.target):
        return None
    if going.target and scene.find(going.target, "exit", "place") is None:
        return None
    first = _rules(_strip(both["first"]), scene, clauses=False)
    done = first.kind in _TARGETED and first.kind is not _K.MOVE and first.target
    if done and any(first.target == t.key for t in scene.things):
        return None  # "pick up the pebble and go north" keeps the first thing done
    return going.model_copy(update={"normalized_text": line})


def _unspoken(line: str) -> str:
    """A narrated line without its speaker: "i leave the shed" -> "leave the shed"."""
    first, _, rest = line.partition(" ")
    return rest if first in ("i", "we", "she", "he", "they") and rest else line


def _put_to_someone(line: str, scene: Scene) -> Intent | None:
    """Words for someone here: "would the keeper mind...", "i wave at the ferryman"."""
    for pattern in (_WOULD_THEY, _GREET_TO):
        found = pattern.match(line)
        if found and found["who"] not in ("you", "u", "i", "we", "me"):
            who = scene.find(found["who"], "npc")
            if who is not None and set(found["who"].split()) & (who.words() | who.looks):
                return _intent(_K.TALK, line, 0.85, target=who.key)
    return None


def _hello_place(line: str, scene: Scene) -> Intent | None:
    """A greeting to the place itself ("hello island"), not to a person here: small talk."""
    hello = _HELLO.match(line)
    if hello is None:
        return None
    who = hello["who"]
    if any(who in person.words() for person in scene.of_kind("npc")):
        return None
    place_words = {w for t in scene.of_kind("scenery", "place", "exit") for w in t.words()}
    if who in _PLACE_WORDS or who in place_words:
        return _intent(_K.CHAT, line, 0.85)
    return None


def _about_you(line: str, scene: Scene) -> Intent | None:
    """ "who are you", "tell me about yourself": to the one person here, else to the game."""
    if not _ABOUT_YOU.fullmatch(line):
        return None
    person = scene.npc_here()
    if person is None:
        return _intent(_K.CHAT, line, 0.9)
    return _intent(_K.TALK, line, 0.9, target=person.key)


def _outside_help(line: str, scene: Scene) -> Intent | None:
    """Help with one's own homework or letter is not the game's help: the rules abstain and
    the model may place the line (off-topic, as a rule)."""
    if _HELP_OUTSIDE.match(line) and _named_item(line, scene) is None:
        return _intent(_K.UNKNOWN, line, 0.0)
    return None


def _taking_politely(line: str, scene: Scene) -> Intent | None:
    """ "i'd like to keep the pebble", "i help myself to the tea": taking it."""
    kept = _KEEP.match(_unspoken(line))
    item = _named_item(kept["t"], scene) if kept and not _PLACED.search(kept["t"]) else None
    if item is not None and item.kind == "item":
        return _intent(_K.TAKE, line, 0.85, target=item.key)
    helped = _HELP_SELF.match(line)
    if helped:
        return _resolve(_intent(_K.TAKE, line, 0.85, target=helped["t"]), scene)
    return None


_FIRST_READINGS = (
    _put_to_someone,
    _taken_to,
    _leaving,
    _outside_help,
    _taking_politely,
    _vocative,
)


def _rules(text: str, scene: Scene, *, clauses: bool = True) -> Intent:
    line = _strip(text)
    greeted = _hello_place(text, scene) or _about_you(line, scene)  # before greetings go
    if greeted is not None:
        return greeted
    kind = whole_line(line)
    if kind is not None:
        return _intent(kind, line, 0.95)
    for reading in _FIRST_READINGS:
        found = reading(line, scene)
        if found is not None:
            return found
    if clauses and (going := _then_going(line, scene)) is not None:
        return going
    asked = ASK.match(line)
    if asked:
        who = scene.find(asked["who"], "npc")
        if who is None and asked["who"] in ("her", "him", "them", "she", "he", "they"):
            who = scene.npc_here()  # "ask her about the storm": the one person here
        topic = asked["topic"].removeprefix("the ").strip()
        return _intent(_K.TALK, line, 0.95, target=who.key if who else asked["who"], topic=topic)
    bought = _BUY.match(line)
    if bought and (person := _seller(bought["who"], scene)) is not None:
        return _intent(_K.TALK, line, 0.85, target=person.key, topic=bought["what"])
    put_away = _PUT_AWAY.match(line)
    if put_away:
        return _resolve(_intent(_K.TAKE, line, 0.85, target=put_away["t"]), scene)
    written = _WRITE_ON.match(line)
    if written and (paper := _named_item(written["t"], scene)) is not None:
        # "write a thank you card", "write in the journal of strengths": use what is written on
        return _intent(_K.USE, line, 0.85, target=paper.key)
    feeling = feeling_in(line)
    if feeling and (
        says_feeling(line)
        or feeling
        in (
            "flashback",
            "triggered",
            "judged",
            "left_out",
            "pointless",
            "racing_heart",
            "what_if",
            "restless",
            "no_energy",
        )
    ):
        return _intent(_K.REFLECT, line, 0.9, emotion=feeling)
    person = scene.npc_here()
    if person is not None and _QUESTION_WORDS.match(line) and _TO_YOU.search(line):
        # A question put to "you" where someone stands is put to them, not to the game.
        return _intent(_K.TALK, line, 0.85, target=person.key)
    for pattern, qkind in QUESTIONS:
        found = pattern.match(line)
        if found:
            target = found.group("t").strip() or None
            if qkind is _K.EXAMINE and target is None:
                person = scene.npc_here()
                if person is None:
                    return _intent(_K.LOOK, line, 0.85)
                return _intent(_K.EXAMINE, line, 0.85, target=person.key)
            resolved = _resolve(_intent(qkind, line, 0.85, target=target), scene)
            if resolved.target == target and qkind is not _K.TALK:
                # Not something here: maybe a question about the world outside the game.
                return resolved.model_copy(update={"confidence": 0.5})
            return resolved
    asked_for = _exercise_asked(line, scene)
    if asked_for is not None:
        return asked_for
    about = _about_a_thing(line, scene)
    if about is not None:
        return about
    named = _exercise_named(line, scene)
    if named is not None:
        return named
    put = _PUT_DOWN.match(line)
    if put:
        return _resolve(_intent(_K.DROP, line, 0.85, target=put["t"]), scene)
    if _BACK.match(line):
        return _intent(_K.MOVE, line, 0.9, target="back")
    towards = _TOWARDS.match(line)
    if towards and (place := scene.find(towards["t"], "exit", "place")) is not None:
        return _thing_intent(place, line, 0.85)
    if _UP.match(line) or _DOWN.match(line):
        return _intent(_K.MOVE, line, 0.9, direction="up" if _UP.match(line) else "down")
    thing = scene.find(line) if len(line.split()) <= 3 else None
    if thing is not None and line in thing.names:
        return _thing_intent(thing, line, 0.9)
    parsed = parse_intent(line)
    if parsed.kind is _K.UNKNOWN and thing is not None:
        return _thing_intent(thing, line, 0.6)
    if parsed.kind is _K.TALK and not parsed.target and scene.npc_here() is None:
        return _intent(_K.CHAT, line, 0.8)
    return _resolve(parsed, scene)


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
        fields["exercise"] = _exercise_in(line)
    elif kind is _K.MOVE:
        direction = _direction_in(line)
        place = None if direction else scene.find(line, "exit", "place")
        if place is not None and place.kind == "exit" and place.key in DIRECTIONS.values():
            direction, place = place.key, None
        fields["direction"] = direction
        fields["target"] = place.key if place else None
    elif kind in _TARGETED:
        kinds = {_K.TALK: ("npc",), _K.TAKE: ("item", "held"), _K.DROP: ("held",)}.get(
            kind, _LOOKABLE
        )
        thing = scene.find(line, *kinds)
        fields["target"] = thing.key if thing else None
        if kind is _K.TALK and thing is None and (person := scene.npc_here()) is not None:
            fields["target"] = person.key
    return Intent(
        kind=kind, normalized_text=line, confidence=round(confidence, 3), source="model", **fields
    )


def understand(text: str, scene: Scene | None = None, encoder: Encoder | None = None) -> Intent:
    """What the player meant by ``text`` where they stand; never raises."""
    scene = scene or Scene.empty()
    cleaned = normalise(text)
    if not cleaned:
        asking = text.strip() and set(text.strip()) <= {"?"}
        return _intent(_K.HELP, "?", 0.9) if asking else _intent(_K.UNKNOWN, "", 0.0)
    ruled = _rules(cleaned, scene)
    if encoder is None or (ruled.kind is not _K.UNKNOWN and ruled.confidence >= _MODEL_OVER_RULES):
        return ruled
    modelled = _semantic(cleaned, scene, encoder)
    if modelled is None:
        return ruled
    if ruled.kind is not _K.UNKNOWN and ruled.confidence >= modelled.confidence:
        return ruled
    return modelled

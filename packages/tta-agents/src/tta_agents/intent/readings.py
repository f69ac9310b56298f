"""Readings of whole lines in context that the verb grammar cannot make: words put to
someone here, being taken or leaving somewhere, greeting the place, asking about a thing here,
an exercise asked for by its title, taking politely, help with something outside the game.

Each reading takes the normalised line (fillers stripped) and the scene and returns an intent,
or None when the line is not of its kind; the input processor tries them in order.
"""

from __future__ import annotations

import re

from tta_agents.intent.model import Intent, IntentKind
from tta_agents.intent.phrases import EXERCISE_HINTS, whole_line
from tta_agents.intent.resolve import (
    LOOKABLE,
    direction_in,
    intent_of,
    named_item,
    resolve,
    thing_intent,
)
from tta_agents.intent.scene import Scene, Thing
from tta_agents.intent.vocabulary import EXERCISE_WORDS

__all__ = [
    "FIRST_READINGS",
    "PLACED",
    "QUESTION_WORDS",
    "about_a_thing",
    "about_you",
    "asked_for",
    "exercise_asked",
    "exercise_in",
    "exercise_named",
    "hello_place",
    "on_my_way",
    "seller",
    "set_off_name",
    "thanked",
    "unspoken",
]

_K = IntentKind
_GREETING = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|howdy|greetings|oi|yo|hola|bonjour|ciao|namaste|salaam|hallo|"
    r"excuse me|sorry|um+|uh+|morning|evening|"
    r"good (?:morning|afternoon|evening|day)|hi there|hello there|hey there|ahoy|dear)\b\s*)+"
)
_ARE_YOU = re.compile(r"^(?:are|r) you (?P<name>.+?)$")
QUESTION_WORDS = re.compile(
    r"^(?:how|what|what's|why|where|when|which|is|are|does|do|did|can|could|will|would|was|were)\b"
)
# Being taken somewhere ("take me up to the lighthouse", "bring us over to the pools").
_TAKE_ME = re.compile(
    r"^(?:take|bring|lead|guide|walk|get) (?:me|us) (?:(?:up|down|over|back|out|across|along"
    r"|there|straight|home) )*(?P<to>(?:to|towards?|into|in to) )?(?P<t>.+)$"
)
_TAKE_ME_WAY = re.compile(
    r"^(?:take|bring|lead|get) (?:me|us) (?P<way>(?:back )?(?:downstairs|upstairs|down|up|"
    r"inside|outside|in|out|back|north|south|east|west)(?: again| now| there)*)$"
)
# Leaving where one is, perhaps by a way named ("leave the shed by the western path").
_LEAVE = re.compile(
    r"^(?:leave|exit|depart(?: from)?|(?:walk|step|go|get|head) out of)(?: (?P<rest>.+))?$"
)
# Help with something of one's own outside the game ("help me with my chemistry homework").
_HELP_OUTSIDE = re.compile(
    r"^help (?:me )?(?:with |on )?(?:my|his|her|our|their) (?:[a-z]+ )?(?:homework|essay|"
    r"assignment|project|exam|exams|test|taxes|code|cv|resume|email|letter|maths?|coursework|"
    r"revision|application|speech|presentation)\b.*"
    r"|^help me (?:factori[sz]e|solve|calculate|write|translate|debug|code|fix my|do my|study|"
    r"revise|prepare for|draft|plan my|book|find a recipe|cook)\b.*"
)
_HELP_PRACTISE = re.compile(
    r"^(?:help|guide|walk|talk|take|lead) (?:me|us) (?:to |through |into )?(?P<rest>.+)$"
)
_CALMING = re.compile(r"\b(?:calm|calming|relax|relaxing|settle|soothing|meditat\w*|exercise)\b")
# Thanks to someone here: "thank the baker for the roll", "tell sol thanks".
_THANK = re.compile(
    r"^(?:thank|thanks|thank you|thank u|ty|cheers|tell)(?: you| u)?(?: so much| kindly)?"
    r" (?P<who>.+?)(?: (?:for|thanks|thank you|thx|ty)\b.*)?$"
)
# Asking someone here for something they have ("could i get a jasmine tea").
_ASKING_FOR = re.compile(r"^(?:can|could|may) (?:i|we) (?:get|have|order|try)\b|^i'?ll have\b")
_WANTED = re.compile(
    r"^(?:get|have|order|try) (?!(?:a |another )?(?:closer |quick |good |little |proper )?"
    r"(?:look|go|try|rest|seat|sit|break|moment|minute|think|listen|peek|walk|word|chat|talk)\b)"
    r"(?:a |an |some |the |one |a cup of |a glass of |a pot of |"
    r"a slice of |a piece of )?(?P<what>.+)$"
)
# Asked to describe the place again ("describe where i am once more").
_DESCRIBE_AGAIN = re.compile(
    r"^(?:can you |could you |please )?describe (?P<what>.+?)(?: to me| for me)?"
    r" (?:again|once more|once again|one more time)(?: .*)?$"
)
_HERE_WORDS = frozenset(
    {"it", "this", "where i am", "this place", "the place", "here", "my surroundings",
     "the surroundings", "the area", "this spot"}
)  # fmt: skip
# Plainly outside the game: reminders, recipes, writing one's own essay.
_OFF_TOPIC = re.compile(
    r"^(?:(?:can|could|would|will) (?:you|u) (?:please )?)?(?:remind me to|set (?:a |an |me a )?"
    r"(?:alarm|timer|reminder)|(?:write|do|finish|check|mark|proofread) (?:my|me a|me an) "
    r"(?:[a-z]+ )?(?:essay|cover letter|email|letter|cv|resume|homework|speech|assignment|taxes|"
    r"coursework|report)|help me with my (?:[a-z]+ )?(?:homework|essay|assignment|coursework|"
    r"taxes|revision)|(?:order|book|call|get) (?:me |us )?(?:a |an |some )?(?:uber|taxi|cab|"
    r"pizza|takeaway|takeout|table|flight|train ticket|ticket|delivery)\b|"
    r"(?:what'?s|whats|give me|do you (?:know|have)|got|share) (?:a |the |any |your )?"
    r"(?:good |best |easy |nice )?recipes?\b|"
    r"(?:.* )?(?:what'?s|whats|how'?s|what is|how is) the weather (?:going to be )?(?:like )?"
    r"(?:in|at|for) \w+|"
    r"(?:.* )?what the weather (?:will be|is going to be|is|'?s) (?:like )?(?:in|at|for|on) \w+|"
    r"(?:.* )?how (?:long|many minutes) (?:do|should) (?:you|i) (?:boil|cook|bake|fry|roast|steam)|"
    # facts of the world outside: capitals, money, sums, shopping, appointments, in any language
    r"(?:.* )?\b(?:capital|population|currency) (?:city )?of \w+|(?:.* )?\bexchange rate\b.*|"
    r"(?:.* )?\b(?:capital de|capitale de|hauptstadt von|kabisera ng|rajdhani)\b.*|"
    r"(?:.* )?\b(?:receta|recette|rezept|receita|recipe) (?:de|du|des|for|fur|para|ng)\b.*|"
    r"(?:.* )?\b\d+ (?:times|plus|minus|x|divided by|por|mal|fois|vezes|into|guna) \d+\b.*|"
    r"(?:.* )?\b(?:best|good|cheapest|new) (?:phone|laptop|tv|car|headphones|console) to buy\b.*|"
    r"(?:(?:can|could|would) (?:you|u) )?(?:book|make|schedule) (?:me |us )?(?:a |an )?"
    r"(?:dentist|doctor'?s?|doctors|hair|haircut|gp|vet)? ?appointment\b.*)"
)
# On one's way somewhere, said in passing ("off to the cottage now", "heading over to the pools").
_ON_MY_WAY = re.compile(
    r"^(?:(?:i'?m|im|we'?re|i am|ok|okay|now|so|and|then|right|alright) )*(?:off|heading|headed|"
    r"going|walking|crossing|moving|climbing|wandering|making my way|back)"
    r"(?: (?:back|down|up|over|across|out|on))*(?: (?:to|towards?|into|onto|for))?"
    r" (?!(?:sit|rest|stay|be|do|try|have|take|get|make|see|look|wait|lie|sleep|stop|start|go|let"
    r"|put|say|ask|talk|need|want|keep|bed|it|that|this|there|them|him|her)\b)(?P<t>.+?)"
    r"(?: now| then| again)?$"
)
# Touching something here ("run my fingers along the rope", "rest my hand on the rail").
_TOUCH = re.compile(
    r"^(?:run|rest|put|lay|place|press|trail|brush|rub) (?:my |both |one )?(?:hand|hands|fingers|"
    r"finger|palm|palms|cheek|forehead|fingertips) (?:over|along|through|across|on|against|onto|"
    r"down|around) (?:the |that |this |a )?(?P<t>.+)$"
)
# Handling a thing here in the hands ("crush the rosemary between my fingers"): using it.
_HANDLE = re.compile(
    r"^(?:roll|crush|rub|squeeze|twist|pinch|cup|knead|crumble|bruise) (?:the |a |some |that |"
    r"this |one )?(?P<t>.+?) (?:between|in|with|under) (?:my )?(?:fingers|fingertips|hands|hand|"
    r"palms|palm|thumb|thumbs)\b.*$"
)
_KEEP = re.compile(r"^keep (?:the |this |that |a |an |one )?(?P<t>.+)$")
# Bringing something along: "i'll bring the journal along with me".
_BRING = re.compile(
    r"^(?:bring|carry) (?:the |this |that |a |an |my )?(?P<t>.+?)(?: (?:along|home|with me|with"
    r" us|too|as well))+$"
)
PLACED = re.compile(r"\b(?:on|onto|under|beside|behind|inside|here|down)\b(?! (?:the )?path)")
_HELP_SELF = re.compile(
    r"^(?:(?:i|we) )?helps? (?:myself|ourselves) to (?:some |a |an )?(?P<t>.+)$"
)
# Words put to someone here: "would the keeper mind showing me...", "i wave at the ferryman".
_WOULD_THEY = re.compile(
    r"^(?:would|could|can|will|might) (?P<who>.+?) (?:mind |please |kindly )?"
    r"(?:tell|telling|show|showing|explain|explaining|say|help|helping|give|teach|let)\b.*$"
)
_GREET_TO = re.compile(
    r"^(?:.+ )?(?:say|says|said|wave|waves|nod|nods|call|calls|smile|smiles|shout|shouts"
    r"|tips? (?:my|his|her|their) (?:cap|hat))"
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
     "birds", "meadow", "valley", "hills", "lighthouse", "festival", "place", "morning", "game"}
)  # fmt: skip


def _vocative(line: str, scene: Scene) -> Intent | None:
    """A line addressed to someone here by name ("keeper, what do you do when...", "hey
    jonah are you nervous"): talk to them, about the rest."""
    rest = _GREETING.sub("", line)
    asked = _ARE_YOU.match(rest)
    for person in scene.of_kind("npc"):
        for name in sorted(person.names, key=len, reverse=True):
            if rest == name or rest.startswith(f"{name} "):
                topic = rest[len(name) :].strip() or None
                return intent_of(_K.TALK, line, 0.9, target=person.key, topic=topic)
            if asked and (asked["name"] == name or asked["name"].startswith(f"{name} ")):
                return intent_of(_K.TALK, line, 0.9, target=person.key)
            if QUESTION_WORDS.match(rest) and rest.endswith(f" {name}"):
                # "what's the heron called, fern?": a question with their name at the end
                topic = rest[: -len(name)].strip() or None
                return intent_of(_K.TALK, line, 0.85, target=person.key, topic=topic)
    return None


def exercise_named(line: str, scene: Scene) -> Intent | None:
    """An exercise here named by its title ("leaves on the stream please", "the container
    exercise"): every word of the title that matters is in the line, and a title of one such
    word is called an exercise ("container exercise"; "the container" may be a thing)."""
    words = set(line.split())
    for thing in scene.of_kind("exercise"):
        for name in thing.names:
            needed = {w for w in name.split() if len(w) > 2 and w not in ("the", "and", "with")}
            if needed and needed <= words and (len(needed) >= 2 or "exercise" in words):
                return intent_of(_K.EXERCISE, line, 0.9, exercise=thing.key)
    return None


_START = re.compile(r"^(?:do|start|begin|try|practi[cs]e|run through) (?P<rest>.+)$")


def exercise_asked(line: str, scene: Scene) -> Intent | None:
    """An exercise here asked for by a word of its title ("do the container exercise",
    "start worry time", "do a thought record"): a request, not a question about a thing."""
    asked = _START.match(line)
    if asked is None:
        return None
    words = set(asked["rest"].split()) - _EXERCISE_FILLER
    for thing in scene.of_kind("exercise"):
        if words & {w for w in thing.words() if len(w) > 3} - _EXERCISE_FILLER:
            return intent_of(_K.EXERCISE, line, 0.9, exercise=thing.key)
    return None


_EXERCISE_FILLER = frozenset({"exercise", "thing", "practice", "with", "time"})


def about_a_thing(line: str, scene: Scene) -> Intent | None:
    """A question that names something here ("is the stream deep?", "how old is this
    tree"): the player wants to look at it."""
    if not QUESTION_WORDS.match(line):
        return None
    thing = scene.find(line, *LOOKABLE)
    if thing is None or not (set(line.split()) & thing.words()):
        return None
    return intent_of(_K.EXAMINE, line, 0.75, target=thing.key)


def seller(who: str | None, scene: Scene) -> Thing | None:
    if who:
        return scene.find(who, "npc") or scene.npc_here()
    return scene.npc_here()


def _taken_to(line: str, scene: Scene) -> Intent | None:
    """Asked to be taken somewhere: a going there ("take me back downstairs": that way)."""
    asked = _TAKE_ME.match(line)
    found = _taken_to_place(asked, line, scene) if asked else None
    if found is None:
        way = _TAKE_ME_WAY.match(line)
        if way is None:
            return None
        direction = direction_in(way["way"])
        if direction is not None and direction in scene.directions:
            return intent_of(_K.MOVE, line, 0.85, direction=direction)
        return intent_of(_K.MOVE, line, 0.85, target="back" if "back" in way["way"] else None)
    return found


def _taken_to_place(asked: re.Match[str], line: str, scene: Scene) -> Intent | None:
    place = scene.find(asked["t"], "exit", "place")
    if place is not None and (asked["to"] or set(asked["t"].split()) & place.words()):
        return thing_intent(place, line, 0.85)
    return intent_of(_K.MOVE, line, 0.85, target=asked["t"]) if asked["to"] else None


def _leaving(line: str, scene: Scene) -> Intent | None:
    """Leaving where one stands ("leave the shed and head south", "exit the hall"): a way on
    that the line names, by where it leads or its direction; else out, else back."""
    left = _LEAVE.match(unspoken(line))
    if left is None:
        return None
    rest = left["rest"] or ""
    if named_item(rest.split(" and ")[0], scene) is not None or PLACED.search(rest):
        return None  # "leave the pebble here", "leave the kit on the desk": putting it down
    direction = direction_in(rest)
    if direction in scene.directions:
        return intent_of(_K.MOVE, line, 0.85, direction=direction)
    way = scene.find(rest, "exit")
    if way is not None and set(rest.split()) & way.words():
        return thing_intent(way, line, 0.85)
    ways = scene.of_kind("exit")
    if "out" in scene.directions or len(ways) == 1:
        only = "out" if "out" in scene.directions else ways[0].key
        return intent_of(_K.MOVE, line, 0.85, direction=only)
    return intent_of(_K.MOVE, line, 0.85, target="back")


def exercise_in(text: str) -> str | None:
    """The kind of exercise a line names by a word of it ("imagine" is visualization)."""
    words = text.split()
    for word in words:
        if word in EXERCISE_WORDS:
            return word
    for hint, kind in EXERCISE_HINTS.items():
        if f" {hint} " in f" {text} ":
            return kind
    return None


def _practice_asked(line: str, scene: Scene) -> Intent | None:
    """ "help me ground myself", "guide me through something calming": an exercise."""
    asked = _HELP_PRACTISE.match(line)
    if asked is None:
        return None
    kind = exercise_in(asked["rest"])
    named = exercise_named(asked["rest"], scene) or exercise_asked(f"do {asked['rest']}", scene)
    if named is not None:
        return named
    if kind is not None or _CALMING.search(asked["rest"]):
        return intent_of(_K.EXERCISE, line, 0.85, exercise=kind)
    return None


def unspoken(line: str) -> str:
    """A narrated line without its speaker: "i leave the shed" -> "leave the shed"."""
    first, _, rest = line.partition(" ")
    return rest if first in ("i", "we", "she", "he", "they", "me") and rest else line


def _put_to_someone(line: str, scene: Scene) -> Intent | None:
    """Words for someone here: "would the keeper mind...", "i wave at the ferryman"."""
    for pattern in (_WOULD_THEY, _GREET_TO):
        found = pattern.match(line)
        if found and found["who"] not in ("you", "u", "i", "we", "me"):
            who = scene.find(found["who"], "npc")
            if who is not None and set(found["who"].split()) & (who.words() | who.looks):
                return intent_of(_K.TALK, line, 0.85, target=who.key)
    return None


def hello_place(line: str, scene: Scene) -> Intent | None:
    """A greeting to the place itself ("hello island"), not to a person here: small talk."""
    hello = _HELLO.match(line)
    if hello is None:
        return None
    who = hello["who"]
    if any(who in person.words() for person in scene.of_kind("npc")):
        return None
    place_words = {w for t in scene.of_kind("scenery", "place", "exit") for w in t.words()}
    rest = line[hello.end() :].strip()
    if rest and (QUESTION_WORDS.match(rest) or whole_line(rest) not in (None, _K.CHAT)):
        return None  # "hey game, what am i supposed to do": the request, not the greeting
    if who in _PLACE_WORDS or who in place_words:
        return intent_of(_K.CHAT, line, 0.85)
    return None


def about_you(line: str, scene: Scene) -> Intent | None:
    """ "who are you", "tell me about yourself": to the one person here, else to the game."""
    if not _ABOUT_YOU.fullmatch(line):
        return None
    person = scene.npc_here()
    if person is None:
        return intent_of(_K.CHAT, line, 0.9)
    return intent_of(_K.TALK, line, 0.9, target=person.key)


def thanked(line: str, scene: Scene) -> Intent | None:
    """Thanks to someone here by name or role: a word with them."""
    thanks = _THANK.match(line)
    if thanks is None:
        return None
    who = scene.find(thanks["who"], "npc")
    if who is None or not set(thanks["who"].split()) & (who.words() | who.looks):
        return None
    return intent_of(_K.TALK, line, 0.85, target=who.key, topic="thanks")


def asked_for(text: str, line: str, scene: Scene) -> Intent | None:
    """ "could i get a jasmine tea": asking the one person here for something of this place."""
    person = scene.npc_here()
    wanted = _WANTED.match(line) if person is not None and _ASKING_FOR.match(text) else None
    if person is None or wanted is None or named_item(wanted["what"], scene) is not None:
        return None
    words = set(wanted["what"].split())
    offered = scene.of_kind("scenery", "topic")
    if not any(words & {w for w in thing.words() if len(w) > 2} for thing in offered):
        return None
    return intent_of(_K.TALK, line, 0.85, target=person.key, topic=wanted["what"])


def set_off_name(raw: str, scene: Scene) -> Intent | None:
    """Someone here named between commas or after a greeting ("thank you, Hal.", "hola Mei,
    which tea..."): the line is said to them."""
    lowered = raw.lower()
    for person in scene.of_kind("npc"):
        for name in sorted(person.names, key=len, reverse=True):
            if len(name) < 3:
                continue
            pattern = _SET_OFF.get(name)
            if pattern is None:
                pattern = _SET_OFF[name] = re.compile(
                    rf"(?:^|[,;.!?]\s*|{_HELLOS}\s+){re.escape(name)}\s*(?:[,.!?;]|$)"
                )
            if pattern.search(lowered):
                return intent_of(_K.TALK, lowered, 0.85, target=person.key)
    return None


_HELLOS = r"\b(?:hi|hello|hey|hiya|hola|bonjour|ciao|namaste|salaam|hallo|hei|ola|oi)"
_SET_OFF: dict[str, re.Pattern[str]] = {}


def _described_again(line: str, scene: Scene) -> Intent | None:
    """ "describe where i am again": look around; "describe the lens again": look at it."""
    asked = _DESCRIBE_AGAIN.match(line)
    if asked is None:
        return None
    what = asked["what"]
    here = scene.find(what, "place")
    if here is not None and set(what.split()) & here.words():
        return intent_of(_K.LOOK, line, 0.9)  # "describe the hall again", standing in it
    thing = None if what in _HERE_WORDS else scene.find(what, "item", "held", "npc", "scenery")
    if thing is None or not set(what.split()) & thing.words():
        return intent_of(_K.LOOK, line, 0.9)
    return intent_of(_K.EXAMINE, line, 0.9, target=thing.key)


def _off_topic(line: str, scene: Scene) -> Intent | None:
    """Plainly outside the game ("remind me to call the dentist"): not understood, at once."""
    return intent_of(_K.UNKNOWN, line, 0.9) if _OFF_TOPIC.match(line) else None


def on_my_way(line: str, scene: Scene) -> Intent | None:
    """ "off to the cottage now", "crossing the bridge": going there, by direction or place."""
    going = _ON_MY_WAY.match(line)
    if going is None:
        return None
    direction = direction_in(going["t"])
    if direction is not None and direction in scene.directions:
        return intent_of(_K.MOVE, line, 0.85, direction=direction)
    place = scene.find(going["t"], "exit", "place")
    here = scene.location.replace("_", " ")
    if place is not None and set(going["t"].split()) & place.words() and here not in place.names:
        return thing_intent(place, line, 0.85)
    return None


def _touched(line: str, scene: Scene) -> Intent | None:
    """Touching something here is looking at it closely ("run my fingers along the rope");
    crushing or rolling it in the hands is using it."""
    handled = _HANDLE.match(unspoken(line))
    if handled is not None:
        return resolve(intent_of(_K.USE, line, 0.85, target=handled["t"]), scene)
    touch = _TOUCH.match(unspoken(line))
    if touch is None:
        return None
    return resolve(intent_of(_K.EXAMINE, line, 0.85, target=touch["t"]), scene)


def _outside_help(line: str, scene: Scene) -> Intent | None:
    """Help with one's own homework or letter is not the game's help: the rules abstain and
    the model may place the line (off-topic, as a rule)."""
    if _HELP_OUTSIDE.match(line) and named_item(line, scene) is None:
        return intent_of(_K.UNKNOWN, line, 0.0)
    return None


def _taking_politely(line: str, scene: Scene) -> Intent | None:
    """ "i'd like to keep the pebble", "i help myself to the tea": taking it."""
    kept = _KEEP.match(unspoken(line)) or _BRING.match(unspoken(line))
    item = named_item(kept["t"], scene) if kept and not PLACED.search(kept["t"]) else None
    if item is not None and item.kind == "item":
        return intent_of(_K.TAKE, line, 0.85, target=item.key)
    helped = _HELP_SELF.match(line)
    if helped:
        return resolve(intent_of(_K.TAKE, line, 0.85, target=helped["t"]), scene)
    return None


FIRST_READINGS = (
    _off_topic,
    _described_again,
    on_my_way,
    _put_to_someone,
    _taken_to,
    _leaving,
    _outside_help,
    _touched,
    _practice_asked,
    _taking_politely,
    _vocative,
)

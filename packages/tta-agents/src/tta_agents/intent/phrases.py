"""Whole-line ways of asking for something, as people type them, by intent kind.

Regular expressions over the normalised line (lowercase, apostrophes kept, other punctuation
gone, one space between words, politeness and fillers already stripped). They cover the
commands a text-adventure player expects and the same requests in plain words ("which way can
i go", "take that back", "i need a break"). Anything they miss goes on to the verb grammar
and, failing that, to the semantic fallback.
"""

from __future__ import annotations

import re

from tta_agents.intent.model import IntentKind

__all__ = ["ASK", "CONTRACTIONS", "EXERCISE_HINTS", "FILLERS", "QUESTIONS", "whole_line"]

_K = IntentKind
_TABLE: tuple[tuple[IntentKind, str], ...] = (
    (_K.PAUSE, r"(?:stop|pause)(?: (?:for|now|for now|a bit|a while|for a bit|for a while|for a moment|for a minute|for a sec|for a second|for a min|for today|here|the game))*|(?:stop|pause|pausa|pausa por favor|break|brb|enough|stop please|stop it|hold on|hold up(?: a (?:sec|second|minute|moment))?|wait a (?:sec|second|minute|moment)|one (?:sec|moment))"),
    (_K.PAUSE, r"(?:i|we) (?:need|want|would like|'d like|wanna) (?:a|to take a|some) (?:break|pause|moment|minute|rest from this|breather)"),
    (_K.PAUSE, r"(?:i|we) (?:need|want|would like|wanna) to (?:stop|pause|take a break|step away|have a break)(?: (?:for|now|for now|a bit|a while|for a bit|for a while|please|here))*"),
    (_K.PAUSE, r"(?:can|could) (?:we|i) (?:stop|pause|take a break|have a break)(?: (?:for|now|for now|a bit|a while|for a bit|for a while|please|here|a sec|a second|a moment|a minute|a min|a little|a little while|a few minutes))*"),
    (_K.PAUSE, r"(?:let's|lets) (?:stop|pause|take a break)(?: .*)?|take a break|time out|timeout|i need a moment|i need a minute|too much|slow down"),
    (_K.PAUSE, r"(?:afk|brb|be right back|pause(?: the game| it| this| game)?|one (?:sec|second|moment|minute)|give me a (?:sec|second|moment|minute)|gotta (?:go|step away|run) for a (?:sec|second|moment|minute|bit)|(?:hold|hang) on(?! to\b))(?: (?:please|pls|now|a sec|for a (?:sec|second|moment|minute|bit)))*(?: .*)?"),
    (_K.PAUSE, r".*\b(?:can|could) we (?:stop|pause|take a break|have a break)\b.*|.*\bi (?:need|want) (?:a break|to stop|to pause|to take a break)\b.*"),
    (_K.UNDO, r"undo(?! (?:the|a|an|my|his|her|its) (?!last\b|previous\b|move\b|turn\b|step\b|thing\b))(?: .*)?|(?:i )?take (?:that|it) back(?: .*)?|(?:(?:nope|no|wait) )?go back to (?:before|how it was)(?: that| then)?|take back (?:what i (?:just )?(?:did|typed|said)|that|the last (?:move|turn|thing))|oops(?: undo)?|revert|go back (?:a|one) (?:step|turn|move)|redo that|cancel (?:that|last)|(?:.* )?undo(?! (?:the|a|an|my|his|her|its) (?!last\b|previous\b|move\b|turn\b|step\b|thing\b))(?: .*)?|take back that last (?:move|turn|thing|one)|(?:.* )?(?:pressed|clicked|typed|hit|chose|picked|tapped) the wrong (?:thing|button|one|key|option|way)(?: .*)?|(?:(?:oops|wait|no|wait no)(?: go back)? )?i didn'?t (?:mean|want) (?:to )?(?:do (?:that|this)|that|this|to come (?:here|this way)|come (?:here|this way))(?: .*)?"),
    (_K.EXITS, r"what (?:ways|paths|exits|doors|roads|routes) (?:are there|is there|do i have|can i take)(?: (?:out|on|off|onward))?(?: (?:of|from) .+)?|where can i go from (?:here|the .+|these .+|this .+)|what (?:paths|ways|roads|exits|directions) (?:lead|go) (?:out|from|away)(?: .*)?|exits|(?:show|list) (?:the )?exits|which (?:way|ways|directions?) (?:can i|could i|do i|to|should i) (?:go|head|walk)(?: from here| now| next| out)?|where can i go(?: from here| now)?|what (?:are the )?(?:directions|ways out|exits)(?: are there)?(?: (?:from|out of|off) .+)?|(?:is there|are there) (?:another|other|a different|any other) (?:way|ways|path|paths|exit|exits)(?: .*)?|(?:which|what) ways? out(?: of here)?|ways out|which way is (?:the )?.+|where (?:does|do) (?:this|the|these) (?:path|paths|road|roads|way|door) (?:go|lead)|how do i get out(?: of here)?|(?:list|show|what are) (?:the |all )?(?:paths|ways|directions|roads)(?: from here| out)?(?: of (?:here|the .+|this .+))?|which (?:way|ways|directions?) (?:does|do) (?:the |this |these )?.+ (?:go|lead)|which (?:way|ways|directions?) (?:can|could) (?:i|we) (?:actually |even |really )?(?:go|walk|head)(?: .*)?|where (?:does|do|will|would) (?:it|this|that|the .+?|this .+?|that .+?|these .+?) (?:go|lead|take me)(?: .*)?|what'?s (?:further|over|beyond) .+|which way to .+|what'?s (?:up |down |over |out )?(?:north|south|east|west)(?: (?:of|from) here)?|what directions can i go(?: .*)?|can i go anywhere(?: else)?(?: from here)?|(?:read|list|tell me|say)(?: me)?(?: out)? (?:the )?(?:ways|ways out|exits|paths)(?: .*)?|(?:in |by )?(?:which|what) (?:ways?|directions?|paths?|roads?) (?:may|might|can|could|shall|should|do|does|will) (?:i|we|one|you|a person) (?:go|walk|head|take|travel|leave|wander)(?: .*)?|where (?:may|might|can|could) (?:i|we|one) (?:go|walk|head|wander)(?: (?:from|out of|next|now|after) .*)?|what (?:are|r) (?:the |all the )?(?:exits|ways out|ways on|paths out)(?: .*)?|(?:which|what) (?:way|path|road|direction|door|track|trail) (?:leads|goes|takes (?:me|you|us)|gets (?:me|you|us)|will take (?:me|us))(?: back)? (?:to|towards?|down to|up to) .+|(?:which|what) (?:doors?|ways?|paths?|exits?|roads?|tracks?) (?:lead|leads|go|goes|take you|head) (?:out|off|away|on)(?: .*)?|(?:is there|are there) (?:a |an |any )?(?:other )?(?:way|ways|exit|exits|path|paths) (?:out|off|on|onward)(?: .*)?|any (?:other )?(?:way|ways|exit|exits) (?:out|off|on)(?: .*)?|is (?:the|this the) only way (?:out|on|off)(?: .*)?|where all can (?:i|we) go(?: .*)?|(?:.* )?(?:is (?:this|it|here) )?a dead end(?: .*)?|(?:.* )?can (?:i|we) (?:keep going|go (?:any ?where|somewhere) else|go (?:any )?further|go on)(?: from here| from this .+)?"
     # "where are the exits of the library?", "which ways are there", and a question in the order of a statement: "which way I can go? only north?"
     r"|where are (?:the |all the )?(?:exits|ways out|ways|paths|doors)(?: .*)?|(?:which|what) (?:ways|paths|exits|directions) (?:are|is) there(?: .*)?|which (?:way|ways|directions?) (?:i|we) (?:can|could|should|may) (?:go|walk|head)(?: .*)?|(?:which way|where)(?: to)? now"),
    (_K.MAP, r"m|map|(?:show|see|open|check) (?:me )?(?:the |a |my )?map|where have i (?:been|already been)|(?:show|list|tell me) (?:me )?(?:the |all the )?places(?: i'?ve been)?|(?:show|list|tell me) (?:me )?(?:the |all the )?places (?:i'?ve|i have) (?:found|been|seen|visited|been to)(?: .*)?|(?:full|whole|complete) map(?: please)?|what places (?:are there|have i seen)|(?:show|see|open|check|view) (?:me )?(?:the |a |my )?(?:world ?map|mini ?map)|(?:world ?map|mini ?map)|(?:what'?s|what is|show me|describe|tell me|explain) the (?:layout|lay of the land|plan)(?: of (?:the |this )?[a-z]+)?|(?:pull up|bring up|open up|open|show|view|see|check) (?:me )?(?:the |a |my )?(?:town |island |garden |forest |village |world |whole )?map(?: (?:please|again|now))?|(?:town|island|garden|forest|village|world) map|(?:.* )?how (?:do |does )?(?:all )?(?:the |these |this )?(?:different |various )?(?:parts|places|paths|streets|areas|rooms|roads|spots|locations|bits|pieces)(?: of (?:the |this )?[a-z]+)?(?: here)? (?:connect|join|fit|link|lead into each other|tie)(?: .*)?|(?:.* )?where (?:exactly )?(?:am i|i am|i'?m) on the map(?: .*)?|(?:.* )?where (?:exactly )?am i (?:compared to|in relation to|relative to) .+|(?:.* )?where (?:exactly )?am i in (?:this|the) [a-z]+,? (?:compared to|in relation to|relative to) .+"),
    (_K.HINT, r"hint|hints|(?:(?:give|gimme|get|send|throw|drop) (?:me|us) |any |got |get |have |(?:i )?need |can i (?:get|have) |could i (?:get|have) )?(?:a |an |another |one more |some |a little |a small )?(?:hint|clue|tip|nudge|pointer)s?(?: please| pls)?|what now|now what|what next|what'?s next|what (?:should|do|shall|can) i do (?:now|next|here)|what should i do|what do i do|i'?m stuck.*|im stuck.*|stuck|where (?:should|do) i (?:go|start|begin)(?: next| now)?|where to (?:go|next)|any (?:ideas|suggestions)|i don'?t know what to do(?: next| now)?|(?:.* )?what am i (?:supposed|meant) to do.*|(?:.* )?(?:what now|now what|what next)|is there (?:anything|something) (?:left|else|more) (?:for me )?to do(?: .*)?|is there (?:anything|something) (?:else|more|left) (?:that )?(?:i|we) (?:should|could|can|need to|ought to|must|might|have to) do(?: .*)?|what'?s left(?: to do)?|how do i (?:finish|progress|win)"),
    (_K.HELP, r"how (?:do|can|should|would) (?:i|you) (?:play|move around|move|get around|talk to people|talk to someone|type|save|use things|control)(?: (?:this|in this game|in the game|here|around here|things|commands))*(?: do i .*)?|(?:list|show|see) (?:the |all )?commands|what (?:are|r) the (?:commands|controls)|help|\?|commands|instructions|how (?:do i|to) play(?: this)?|what (?:can|could|may) i (?:type|say|do)(?: here| now| in this game)?|what am i (?:able|allowed) to (?:type|say|do)(?: here| now| in this game)?|(?:list|tell me|show me) what i(?:'m| am)? (?:able to|can|could) (?:do|type|say)(?: here| now)?|what are the commands|how does this (?:game )?work|how (?:do|does) (?:the )?(?:controls|commands|this thing|this game|the game) work(?: .*)?|how (?:do|can) i play(?: .*)?|controls|tutorial|help me|(?:a )?list of (?:the )?(?:verbs|commands|actions)|(?:list|show)(?: me)? (?:the |all the )?(?:verbs|actions)|(?:open|show|pull up)(?: the)? menu|menu|i need help with the game|what do the commands do"),
    (_K.INVENTORY, r"i|inv|inventory|items|bag|backpack|pockets|(?:check|open|look in|show|list|see|view|go through) (?:me )?(?:my |all my )?(?:inventory|bag|pockets|items|stuff|backpack|things|belongings|gear)|what (?:am i|i'?m) (?:carrying|holding)|what do i (?:have|carry|hold)|what'?s in my (?:bag|pockets|inventory|hands)|what have i got(?: on me| with me)?|what'?s on me|(?:.* )?what (?:did|have) i (?:pick(?:ed)? up|collect(?:ed)?|gather(?:ed)?|got|gotten|found|picked)(?: (?:so far|up|along the way|today))*|do i (?:still )?(?:have|carry|hold|got) (?!to\b).+|did i (?:bring|pack|remember|keep|grab|pick up) (?!to\b)(?:the |my |a |an )?.+"),
    (_K.LOOK, r"(?:.* )?(?:read|describe|say)(?: me| out| out to me)? (?:the )?(?:description|room|place|area|scene|surroundings)(?: (?:of|to|for) (?:this place|me|here))*(?: .*)?|(?:read|say) (?:me |out )?(?:what'?s here|where i am)(?: .*)?|l|lk|look|look (?:around|about)(?: me| here| again| (?:the|this|from) .+)?|look (?:around|about) again(?: .*)?|look again|(?:wait )?where am i(?: (?:now|even|rn|right now|exactly|again))*(?: (?:is|what is|what's) this .*)?|what'?s (?:here|around|around me)|what is (?:here|around me)|describe(?: (?:this|the) (?:place|room|area|spot))?|what (?:is|'?s) this place|where is this|what do i see|what can i see(?: from here| from up here| here)?|what is there to see|who(?:'?s| is) (?:here|around)|is anyone (?:here|around)|survey the area|take a look around|glance around|(?:.* )?what(?:'s| is| do i see| can i see) around (?:me|here|us)(?: (?:now|here|right now|from here|again))*|describe (?:it|this|the place|this place|the area|where i am)(?: (?:again|once more|once again|for me))+|(?:.* )?take in (?:my |the |our )?(?:surroundings|view|scene|sights|place)(?: .*)?|(?:.* )?(?:give|tell|read|show) me (?:the |a )?(?:full |whole |place'?s? )?description(?: (?:of (?:this place|here|this room|where i am)|again|once more|please))*|(?:.* )?what(?:'?s| is| does) it (?:look )?like (?:here|in here|around here)(?: .*)?|(?:.* )?what(?:'?s| is| does) this (?:place|room|area|spot) (?:look )?like(?: .*)?"),
    (_K.SAVE, r"save|save (?:my )?(?:game|progress)|save (?:it|now)"),
    (_K.QUIT, r"q|quit|exit|exit game|quit game|log ?out|log off|sign off|bye|goodbye|bye bye|good ?night|gotta go|got to go|i have to go|i need to go now|i'?m done for (?:today|tonight|now)|that'?s enough for (?:today|tonight)|see you(?: later| tomorrow)?|close the game|end (?:the )?session"),
    # Leaving with a goodbye at the end ("ok im gonna go now, bye", "done, bye garden"), or
    # going with nowhere to go ("i have to go now"), is leaving the game.
    (_K.QUIT, r"(?:.* )?(?:bye|goodbye|bye bye|good ?night|see you (?:later|tomorrow|soon))(?: [a-z]+)?|(?:ok(?:ay)? )?(?:i'?m going to|i need to|i have to|i'?ve got to|i got to|gotta|time to) go(?: now)?(?: [a-z]+)?|(?:i'?m |all )?done for (?:today|tonight|now|the day)|go now|leave now|head off(?: now)?|(?:.* )?(?:end|quit|close|exit|leave) (?:the|this) game(?: (?:now|please|here|for (?:now|today|tonight)))*|(?:.* )?quitting(?: (?:here|now|the game|for (?:now|today|tonight)))+"),
    (_K.REST, r"z|zz|zzz"),
    (_K.REST, r"(?:go |get |crawl |climb |head )?(?:back )?(?:in ?to|to|into) (?:bed|sleep)(?: for a (?:bit|while))?|go (?:back )?to sleep(?: for a (?:bit|while))?"),
    (_K.CHAT, r"(?!i |i'm |im |i am |feeling |i feel )(?:.* )?(?:so|soo+|really|very|such a|how|what a|is|are|looks?|sounds?|smells?) (?:so |really |very |soo+ )?(?:pretty|lovely|beautiful|cute|amazing|gorgeous|nice|peaceful|calming|quiet|cool|sweet|magical|relaxing|adorable|stunning|wonderful)(?: .*)?|(?:thank you|thanks|thx|ty)(?: .*)?|(?:.* )?(?:thank you|thanks|thx|ty)(?: so much| very much| for (?:this|that|everything|the .+))?|thanks?|thank (?:you|u)(?: so much| very much)?(?: .*)?|ty|thx|cheers|ok|okay|k|cool|nice|lovely|wow|lol|haha|hmm|yes|no|yeah|yep|nope|sure|alright|great|awesome|beautiful|this is (?:nice|lovely|beautiful|relaxing|cool|great|calming|peaceful)|i (?:like|love) (?:this|it here|this place|this game)|who are you|what are you|are you (?:a bot|an ai|real|human)|how are you|good morning|good evening"),
)  # fmt: skip

_COMPILED = tuple((kind, re.compile(f"(?:{pattern})")) for kind, pattern in _TABLE)

# Openings that add nothing to what the player asks for ("could you please...").
FILLERS = re.compile(
    r"^(?:(?:(?:(?:dear|hello|hi|hey|ok|okay|good (?:morning|evening|afternoon|day)) )?game|good (?:morning|evening|afternoon|day)(?= \w)|um+|uh+|erm|er|hmm+|oops|whoops|oh no|wait no|no wait|wait so|so wait|wait(?= (?:why|what|where|who|which|how|so|you|really|did|do|does|is|are|can|could|can't|may|let|let's|i|i'm|we|hold|stop|pause|hang)\b)|sorry|ok(?:ay)? so|ok(?:ay)?|so|well|alright|right|hey|hi|hello|"
    r"please|pls|plz|kindly|just|now|then|maybe|actually|also|and|oh|ah|"
    r"(?:can|could|may|might) (?:i|we|you)(?: please)?|would you(?: please)?|"
    r"i (?:would like|'d like|should like|would love|'d love|want|wanna|wish|need|have|plan|am going|'m going|think i'?ll|will|'ll|shall|guess i'?ll) to|"
    r"i'd like to|i want|i wanna|i'll|i will|i'?m going to|im going to|i'?m gonna|im gonna|gonna|"
    # A parent typing for a child, or for the two of them: "my son wants to", "we'd like to"
    r"(?:we|he|she|they|my (?:son|daughter|kid|kids|child|boy|girl|grandson|granddaughter|little one|partner|friend|brother|sister)) (?:would like|would love|wants|want|wanna|needs|need|is going|are going|is gonna|are gonna) to|"
    r"(?:we|he|she|they)'d (?:like|love) to|(?:can|could|may) (?:he|she|they|my (?:son|daughter|kid|child|boy|girl|grandson|granddaughter|little one))(?: please)?|"
    r"(?:is it|would it be) (?:ok(?:ay)?|alright|all right|fine) (?:(?:if|for) (?:i|we|me|us)(?: to)?|to)|(?:do you )?mind if (?:i|we)|"
    r"let me|let'?s|lets|try to|i try to|time to|go ahead and|i think i'?ll|i think i will)\b\s*)+"
)


def whole_line(text: str) -> IntentKind | None:
    """The kind a whole (normalised, fillers stripped) line asks for, or None."""
    for kind, pattern in _COMPILED:
        if pattern.fullmatch(text):
            return kind
    return None


# Chat spellings, read as the words they stand for.
CONTRACTIONS = {
    "im": "i'm", "ive": "i've", "dont": "don't", "cant": "can't", "wont": "won't",
    "whats": "what's", "wheres": "where's", "whos": "who's", "thats": "that's", "its": "it's",
    "id": "i'd", "ill": "i'll", "isnt": "isn't", "doesnt": "doesn't", "didnt": "didn't",
    "ur": "your", "pls": "please", "plz": "please", "abt": "about",
    "wat": "what", "wats": "what's", "wot": "what", "wut": "what", "wich": "which", "hw": "how", "r": "are",
    "rn": "right now", "ima": "i'm going to", "imma": "i'm going to", "carryin": "carrying", "holdin": "holding", "doin": "doing",
    "goin": "going", "lookin": "looking", "talkin": "talking", "walkin": "walking",
    "sittin": "sitting", "somethin": "something", "nothin": "nothing", "gettin": "getting", "bc": "because", "cuz": "because", "tho": "though", "thru": "through",
}  # fmt: skip
EXERCISE_HINTS = {
    "breath": "breathing", "breathe": "breathing", "breathing": "breathing", "inhale": "breathing",
    "ground": "grounding", "grounding": "grounding", "grounded": "grounding", "senses": "grounding", "5 4 3 2 1": "grounding",
    "journal": "journaling", "journaling": "journaling", "write": "journaling", "diary": "journaling",
    "picture": "visualization", "visualize": "visualization", "visualise": "visualization", "imagine": "visualization",
    "meditate": "visualization", "meditation": "visualization",
    "stretch": "stretching", "stretching": "stretching", "yoga": "stretching",
    "gratitude": "gratitude", "grateful": "gratitude", "thankful": "gratitude",
}  # fmt: skip
QUESTIONS: tuple[tuple[re.Pattern[str], IntentKind], ...] = tuple(
    (re.compile(p), k)
    for p, k in (
        (r"^(?:what'?s|what is|whats) (?:in|inside|on|under|behind|written on|in the) (?P<t>.+)$", IntentKind.EXAMINE),
        (r"^(?:what'?s|what is|what are|whats) (?:that|this|those|these|the) (?P<t>.+)$", IntentKind.EXAMINE),
        (r"^(?:who'?s|who is|who are) (?:that|this|the|those|these|she|he|they)?\s*(?P<t>.*)$", IntentKind.EXAMINE),
        (r"^(?:is|are) there (?:anything|something|anyone|stuff) (?:in|on|inside|under|behind|at) (?P<t>.+)$", IntentKind.EXAMINE),
        (r"^(?:tell me about|describe|what about|what does) (?:the |that |this )?(?P<t>.+?)(?: look like| say| mean)?$", IntentKind.EXAMINE),
        (r"^(?:can i|could i|may i|can we|how (?:do |can |should |could )?(?:i|we)|how to) (?:go|get|walk|head|climb|enter|get into|go into|go in|get to|go to|reach) (?:to |into |in |up |down |inside )?(?:the )?(?P<t>.+)$", IntentKind.MOVE),
        (r"^(?:can i|could i|may i) (?:take|have|keep|grab|pick up|borrow) (?:the |this |that |it|a )?(?P<t>.*)$", IntentKind.TAKE),
        (r"^(?:can i|could i|may i) (?:use|open|light|ring|read|play|wear|try) (?:the |this |that |a )?(?P<t>.+)$", IntentKind.USE),
        (r"^(?:can i|could i|may i) (?:talk|speak|chat) (?:to|with) (?P<t>.+)$", IntentKind.TALK),
        (r"^(?:back|go back|head back|walk back|return) to (?:the )?(?P<t>.+)$", IntentKind.MOVE),
    )
)  # fmt: skip
ASK = re.compile(
    r"^(?:ask|tell|talk to|speak to|speak with|talk with|chat with|question) (?!(?:me|us) )(?P<who>.+?) (?:about|regarding|re) (?P<topic>.+)$"
)

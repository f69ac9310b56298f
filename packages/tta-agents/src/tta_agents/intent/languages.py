"""Commands typed in the languages of the crisis-resource locales, read as the English the
game knows.

Players mix their first language into commands ("vamos al norte", "tingnan the jar", "chalo
to the cottage", "regarder le romarin"). The worlds and the sentence encoder are English, so
before anything else reads a line, its command words, directions, feelings, courtesies and the
commonest scenery nouns in Spanish, Portuguese, French, German, Tagalog and Hindi (Latin
letters) are put into English; the rest of the line (its English words, the names of things
here) stays as typed. A thing named in one of those languages inside an English or mixed line
("take le galet", "examine the faro") is put into English too. The words are data,
``data/languages.yaml`` and ``data/nouns.yaml`` (every name in the shipped worlds), documented
there; a line that matches none of it is returned unchanged, so English is never rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tta_agents.yaml_data import load_yaml

__all__ = ["foreign_word", "in_english"]

_DATA = Path(__file__).resolve().parent / "data" / "languages.yaml"
_NOUNS = Path(__file__).resolve().parent / "data" / "nouns.yaml"


def _alt(words: list[str]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


def _words(words: list[str]) -> str:
    return _alt([re.escape(w) for w in words])


@dataclass(frozen=True)
class _Lexicon:
    courtesy: re.Pattern[str]
    thanks: re.Pattern[str]
    commands: tuple[tuple[re.Pattern[str], str], ...]  # whole line, then verb first, verb last
    feelings: tuple[tuple[re.Pattern[str], str], ...]
    within: tuple[tuple[re.Pattern[str], str], ...]  # asked anywhere in a line
    life: re.Pattern[str]  # a line about a life or a worry asks nothing of `within`
    leading: re.Pattern[str]  # before what a command acts on: a preposition, an article
    joining: re.Pattern[str]
    articles: frozenset[str]
    english: dict[str, str]  # a noun (one to three words) in another language: its English
    longest: int  # words in the longest noun
    directions: dict[str, str]
    markers: frozenset[str]  # a line with none of these words has no command to put in English
    named: frozenset[str]  # nouns of other languages that are no English words
    dropped: frozenset[str]  # articles and joining words of other languages, around a noun
    foreign: frozenset[str]  # the small words of other languages (`own_words`)


def _command(pattern: str, article: str, verb: str = "", way: str = "") -> re.Pattern[str]:
    filled = pattern.replace("{verb}", verb).replace("{art}", article)
    filled = filled.replace("{way}", f"(?P<x>{way})")  # a direction and nothing else
    return re.compile("^(?:" + filled.replace("{x}", "(?P<x>.+?)") + ")$")


# Words English lines are made of: never the only word a command in another language needs.
_ENGLISH = frozenset(
    {"a", "an", "the", "to", "at", "on", "in", "of", "i", "me", "my", "you", "u", "no", "ok",
     "okay", "so", "go", "up", "down", "it", "is", "and", "or", "help", "map", "save", "please",
     "pls", "there", "here", "do", "can", "what", "with", "as", "for"}
)  # fmt: skip
_TOKEN = re.compile(r"[a-z']+")
_ELISION = re.compile(r"\b[ld]'(?=[a-z])")  # French "l'eau", "d'eau"
_SUBJECT = re.compile(r"^(?:je|ich) ")


def _markers(data: dict) -> frozenset[str]:  # type: ignore[type-arg]
    """The words at least one of which every line the lexicon rewrites contains."""
    phrases = [w for words in data["whole"].values() for w in words] + list(data["thanks"])
    phrases += [v for o in data["openings"] for v in o["verbs"]]
    for said in data["feelings"].values():
        phrases += said.get("phrases", []) + said.get("after_opener", [])
    phrases += [v["pattern"].replace("{x}", " ") for v in data["verb_last"]]
    phrases += [w for words in data["within"].values() for w in words]
    markers: set[str] = set()
    for phrase in phrases:
        words = set(_TOKEN.findall(phrase.replace("?P<", " "))) - _ENGLISH - {"x", "y", "who"}
        if not words:
            raise ValueError(f"languages.yaml: {phrase!r} has no word of its own language")
        markers |= words
    return frozenset(markers)


def _courtesy_words(courtesy: dict[str, list[str]]) -> set[str]:
    return {w for words in courtesy.values() for phrase in words for w in _TOKEN.findall(phrase)}


def _by_word(table: dict[str, list[str]]) -> dict[str, str]:
    return {word: english for english, words in table.items() for word in words}


@cache
def _lexicon() -> _Lexicon:
    data = load_yaml(_DATA.read_text(encoding="utf-8"))
    data |= load_yaml(_NOUNS.read_text(encoding="utf-8"))
    article = rf"(?:{_words(data['articles'])} )?"
    commands = [(re.compile(f"^{_alt(words)}$"), english) for english, words in
                data["whole"].items()]  # fmt: skip
    way = _words([word for words in data["directions"].values() for word in words])
    commands += [
        (_command(o["pattern"], article, _words(o["verbs"]), way), o["english"])
        for o in data["openings"]
    ]
    commands += [(_command(v["pattern"], article), v["english"]) for v in data["verb_last"]]
    opener = data["feeling_openers"]
    feelings = []
    for english, said in data["feelings"].items():
        ways = [opener + _words(said["after_opener"])] if "after_opener" in said else []
        ways += said.get("phrases", [])
        feelings.append((re.compile(rf"\b{_alt(ways)}\b"), english))
    within = tuple(
        (re.compile(rf"\b{_words(words)}\b"), english) for english, words in data["within"].items()
    )
    courtesy = data["courtesies"]
    nouns = _by_word(data["nouns"])
    english_too = _ENGLISH | set(data["english_too"])
    own = sorted(word for word in nouns if not english_too.intersection(word.split()))
    return _Lexicon(
        courtesy=re.compile(
            rf"^(?:{_words(courtesy['leading'])} )+|(?: {_words(courtesy['trailing'])})+$"
        ),
        thanks=re.compile(rf"^{_words(data['thanks'])}\b"),
        commands=tuple(commands),
        feelings=tuple(feelings),
        within=within,
        life=re.compile(rf"\b{_words(data['life'])}\b"),
        leading=re.compile(
            # Tagalog puts who does it after the verb: "hawakan ko yung bato"
            r"^(?:(?:to|a|al|au|aux|sa|para|pa|vers|zum|zur|nach|ko|mo|natin|namin) )?"
            + article
            + "(?:l')?"
        ),
        joining=re.compile(rf"\b{_words(data['joining'])}\b"),
        articles=frozenset(data["articles"]),
        english=nouns,
        longest=max(len(noun.split()) for noun in nouns),
        directions=_by_word(data["directions"]),
        markers=_markers(data)
        | {word for phrase in own for word in phrase.split()}
        | (_courtesy_words(courtesy) - _ENGLISH),
        named=frozenset(own),
        dropped=frozenset(w for p in data["articles"] + data["joining"] for w in p.split())
        - _ENGLISH
        - {"as", "die", "den", "lo"},  # English words too
        foreign=frozenset(data["own_words"]),
    )


def _spans(words: list[str], lex: _Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, noun) of each noun in ``words``, the longest first from the left."""
    found, at = [], 0
    while at < len(words):
        for size in range(min(lex.longest, len(words) - at), 0, -1):
            noun = " ".join(words[at : at + size])
            if noun in lex.english:
                found.append((at, at + size, noun))
                at += size
                break
        else:
            at += 1
    return found


def _names_one(line: str, lex: _Lexicon) -> bool:
    words = _ELISION.sub("", line).split()
    return any(noun in lex.named for _, _, noun in _spans(words, lex))


def _nouns_in_english(phrase: str, lex: _Lexicon) -> str:
    words = phrase.split()
    for start, end, noun in reversed(_spans(words, lex)):
        words[start:end] = [lex.english[noun]]
    return " ".join(words)


def _object(phrase: str, lex: _Lexicon) -> str:
    """What a translated verb acts on: articles dropped, scenery nouns in English."""
    phrase = lex.leading.sub("", phrase.strip()).strip()
    phrase = _nouns_in_english(phrase, lex)
    return " ".join(w for w in lex.joining.sub(" ", phrase).split() if w not in lex.articles)


def _filled(english: str, found: re.Match[str], lex: _Lexicon) -> str:
    where = lex.leading.sub("", found.groupdict().get("x") or "").strip()
    # a direction said alone, first ("norte, por favor") or last ("bagiche se pashchim")
    way = next(
        (w for w in (where, *where.split()[:1], *where.split()[-1:]) if w in lex.directions), None
    )
    if english == "go to {x}" and way is not None:
        return f"go {lex.directions[way]}"  # "vamos al norte": a direction, not a place
    fields = {name: _object(value, lex) for name, value in found.groupdict().items() if value}
    return english.format(**fields) if fields else english


def foreign_word(word: str) -> bool:
    """Whether ``word`` (normalised) is a word of one of the other languages the lexicon reads:
    never an English typo to correct ("qui" is not "quit", "ich" not "ditch")."""
    return word in _lexicon().foreign


def in_english(line: str) -> str:
    """``line`` (normalised) with a command in another language put into English, or the line
    unchanged when it has none."""
    lex = _lexicon()
    words = _ELISION.sub("", line).split() if "'" in line else line.split()
    if lex.markers.isdisjoint(words):
        return line
    core = lex.courtesy.sub("", line).strip() or line
    thanks = lex.thanks.match(core)
    if thanks is not None:  # "gracias otto", "salamat ang ganda dito"
        rest = core[thanks.end() :].strip()
        return f"thank you {in_english(rest)}" if rest else "thank you"
    # The whole line first: a courtesy's word may belong to the command ("was ist hier")
    tried = (line, core) if core != line else (core,)
    for pattern, english in lex.commands:
        found = next((f for f in map(pattern.match, tried) if f is not None), None)
        if found is not None:
            return _filled(english, found, lex)
    for pattern, english in lex.feelings:
        if pattern.search(core):
            return pattern.sub(english, core)
    if not lex.life.search(core):
        for pattern, english in lex.within:
            if pattern.search(core):
                return english
    # "je touche l'eau", "ich höre dem Wasser zu": a French or German verb said of oneself
    # has the form of its command (Spanish and Portuguese ones are listed with the verbs)
    said = _SUBJECT.sub("", core)
    if said != core:
        for pattern, english in lex.commands:
            found = pattern.match(said)
            if found is not None:
                return _filled(english, found, lex)
    if " " in core and _names_one(core, lex):  # "take le galet", "examine the cuerdas"
        named = _nouns_in_english(_ELISION.sub("", core), lex)
        return " ".join(w for w in named.split() if w not in lex.dropped)
    return core  # "look around nochmal", "take the lamp bitte": the courtesy dropped

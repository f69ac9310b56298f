"""Rule packs compiled into one matcher: a trigger-word index in front of the rule patterns.

Each rule's trigger words are derived from its patterns (``triggers.required_words``), plus
any the rule lists itself.

Checking a line costs one pass over its words (each looked up once in a dict, cached per
distinct word) whatever the number of rules; only the few rules whose trigger words occur
have their patterns run. So 10,000 rules cost about what 100 do.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right, insort
from collections.abc import Mapping, Sequence
from functools import lru_cache

from tta_agents.safety.derived import Derived, pattern_key
from tta_agents.safety.errors import RulePackError
from tta_agents.safety.modifiers import Cues
from tta_agents.safety.normalize import Normalizer
from tta_agents.safety.pack import MessageSpec, ModifierSpec, PackFile, RuleSpec
from tta_agents.safety.scan import CompiledPattern, CompiledRule, RawMatch, Scan
from tta_agents.safety.triggers import first_words, parse, required_sets

__all__ = ["RuleSet", "compile_packs"]

_DEFINITION = re.compile(r"\{([a-z_]+)\}")
_CACHE_LIMIT = 50_000
# A pattern that may start with this many different words (a long "want|wish|need|..."
# alternation) is tried only where such a word starts: a regex search would try every
# alternative at every position.
_MANY_STARTS = 12
_NOTHING = Scan()
_Target = tuple[CompiledRule, CompiledPattern]


def _word_matches(regex: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Non-empty matches that start at a word start.

    Patterns are compiled without a leading look-behind (which would stop the regex engine
    from skipping ahead on the pattern's first characters); a match found inside a word is
    dropped and the search resumes one character later.
    """
    found: list[re.Match[str]] = []
    position = 0
    while (match := regex.search(text, position)) is not None:
        start = match.start()
        if start and text[start - 1] != " ":
            position = start + 1
            continue
        if match.end() > start:
            found.append(match)
        position = max(match.end(), start + 1)
    return found


def _matches(pattern: CompiledPattern, text: str) -> list[re.Match[str]]:
    """Matches of ``pattern`` starting at a word start; when the pattern says which words a
    match starts with, only those words' positions are tried (much cheaper than a search)."""
    finder = pattern.start_finder
    if finder is None or len(pattern.starts_with or ()) < _MANY_STARTS:
        return _word_matches(pattern.regex, text)
    found: list[re.Match[str]] = []
    resume = 0
    for start in finder.finditer(text):
        position = start.start()
        if position >= resume:
            match = pattern.regex.match(text, position)
            if match is not None and match.end() > position:
                found.append(match)
                resume = match.end()
    return found


class _Slot:
    """Trigger words of one requirement slot: exact words and prefixes, to pattern numbers."""

    def __init__(self) -> None:
        self.exact: dict[str, list[int]] = {}
        self.prefix: dict[str, list[int]] = {}
        self.lengths: list[int] = []

    def add(self, trigger: str, number: int) -> None:
        key = trigger.rstrip("*")
        if trigger.endswith("*"):
            if key not in self.prefix and len(key) not in self.lengths:
                insort(self.lengths, len(key))  # kept sorted as prefixes are added
            self.prefix.setdefault(key, []).append(number)
        else:
            self.exact.setdefault(key, []).append(number)

    def hits(self, word: str) -> list[int]:
        found = list(self.exact.get(word, ()))
        for length in self.lengths:
            if length > len(word):
                break
            found.extend(self.prefix.get(word[:length], ()))
        return found


class _TriggerIndex:
    """Maps a raw token to its normalised words and the patterns it may trigger.

    A pattern has one or two trigger sets (``requires``); it is tried only when the line
    hits both. The word mapping and both lookups are cached per distinct raw token, so a
    line costs about one dict lookup per token and a few set operations.
    """

    def __init__(self, rules: Sequence[CompiledRule], normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        self.targets: list[_Target] = []
        self.slots = (_Slot(), _Slot())
        single: set[int] = set()
        for rule in rules:
            for pattern in rule.patterns:
                number = len(self.targets)
                self.targets.append((rule, pattern))
                for slot, triggers in zip(self.slots, pattern.requires, strict=False):
                    for trigger in triggers:
                        slot.add(trigger, number)
                if len(pattern.requires) == 1:
                    single.add(number)
        self.single = frozenset(single)
        self._tokens: dict[str, tuple[str, frozenset[int], frozenset[int]]] = {}
        self.cached = self._tokens.get

    def token(self, raw: str) -> tuple[str, frozenset[int], frozenset[int]]:
        found = self._tokens.get(raw)
        if found is None:
            words = self.normalizer.normalise(raw)
            first, second = (
                frozenset(hit for word in words for hit in slot.hits(word)) for slot in self.slots
            )
            found = (" ".join(words), first, second)
            if len(self._tokens) >= _CACHE_LIMIT:
                self._tokens.clear()
            self._tokens[raw] = found
        return found


class RuleSet:
    """Compiled, immutable rules of one or more packs; ``version`` names exactly these."""

    def __init__(
        self,
        rules: Sequence[CompiledRule],
        normalizer: Normalizer,
        cues: Cues,
        messages: MessageSpec,
        version: str,
        *,
        derived: Mapping[str, Derived] | None = None,
    ) -> None:
        self.rules = tuple(rules)
        self.derived = dict(derived or {})
        """Each pattern's derivation by ``pattern_key`` (what ``tta-safety derive`` ships)."""
        self.normalizer = normalizer
        self.cues = cues
        self.messages = messages
        self.version = version
        self._index = {
            surface: _TriggerIndex(
                [r for r in self.rules if r.spec.applies_to == surface], normalizer
            )
            for surface in ("input", "output")
        }

    def scan(self, text: str, surface: str) -> Scan:
        index = self._index[surface]
        cached = index.cached
        entries = [cached(raw) or index.token(raw) for raw in self.normalizer.raw_tokens(text)]
        hit_first: frozenset[int] = frozenset().union(*[e[1] for e in entries if e[1]])
        if not hit_first:
            return _NOTHING
        chosen = set(hit_first & index.single)
        for entry in entries:
            if entry[2]:
                chosen.update(hit_first & entry[2])  # cheap: hit_first is small
        candidates = sorted(chosen)
        if not candidates:
            return _NOTHING
        normalised = " ".join([e[0] for e in entries])
        targets = index.targets
        found = [
            (targets[number][0], match)
            for number in candidates
            for match in _matches(targets[number][1], normalised)
        ]
        if not found:
            return _NOTHING
        tokens = self.normalizer.tokens(text)
        starts: list[int] = []
        offset = 0
        for token_ in tokens:
            starts.append(offset)
            offset += len(token_[0]) + 1
        scan = Scan(tokens=tokens)
        for rule, match in found:
            first = bisect_right(starts, match.start()) - 1
            last = bisect_right(starts, match.end() - 1) - 1
            scan.matches.append(RawMatch(rule, first, last, tokens[first][1], tokens[last][2]))
        return scan


def _expand(
    pattern: str, definitions: dict[str, str], source: str, rule_id: str | None, where: str
) -> str:
    for _ in range(4):
        missing = [name for name in _DEFINITION.findall(pattern) if name not in definitions]
        if missing:
            raise RulePackError(
                source, f"unknown definition {{{missing[0]}}}", rule_id=rule_id, field=where
            )
        expanded = _DEFINITION.sub(lambda m: definitions[m.group(1)], pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    return pattern


def _wrap(pattern: str) -> str:
    return rf"(?:{pattern})(?![\w'])"


def _compile(pattern: str, source: str, rule_id: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(_wrap(pattern))
    except re.error as exc:
        raise RulePackError(
            source, f"invalid pattern: {exc}", rule_id=rule_id, field=where
        ) from exc


@lru_cache(maxsize=4096)
def _derive(pattern: str) -> Derived:
    tree = parse(pattern)
    return required_sets(tree), first_words(tree)


def _analyse(
    pattern: str, known: Mapping[str, Derived], source: str, rule_id: str, where: str
) -> tuple[re.Pattern[str] | None, Derived]:
    """A pattern's derivation, and its compiled regex unless ``known`` vouches that it
    compiles (then it is compiled on first use)."""
    derived = known.get(pattern_key(pattern))
    if derived is not None:
        return None, derived
    return _compile(pattern, source, rule_id, where), _derive(pattern)


def _merge_modifiers(packs: Sequence[PackFile]) -> ModifierSpec:
    merged: dict[str, object] = {}
    for pack in packs:
        for name, value in pack.modifiers:
            if isinstance(value, tuple):
                merged[name] = (*merged.get(name, ()), *value)  # type: ignore[misc]
            elif name in pack.modifiers.model_fields_set or name not in merged:
                merged[name] = value
    return ModifierSpec.model_validate(merged)


def _merge_messages(packs: Sequence[PackFile]) -> MessageSpec:
    merged: dict[str, object] = {"categories": {}}
    for pack in packs:
        for name, value in pack.messages:
            if name == "categories":
                merged["categories"] = {**merged["categories"], **value}  # type: ignore[dict-item]
            elif value:
                merged[name] = value
    return MessageSpec.model_validate(merged)


def compile_packs(
    packs: Sequence[tuple[str, PackFile, bytes]], known: Mapping[str, Derived] | None = None
) -> RuleSet:
    """Compile packs in order (later packs override rules with the same id) into a RuleSet.

    Each item is (source name for errors, validated pack, raw bytes for the version hash);
    ``known`` holds derivations worked out before (``safety.derived``).
    """
    known = known or {}
    table: dict[str, Derived] = {}
    if not packs:
        raise RulePackError("(none)", "at least one rule pack is needed")
    definitions: dict[str, str] = {}
    aliases: dict[str, str] = {}
    fuzzy: list[str] = []
    chosen: dict[str, tuple[str, RuleSpec]] = {}
    digest = hashlib.sha256()
    for source, pack, raw in packs:
        digest.update(raw)
        definitions.update(pack.definitions)
        aliases.update(pack.aliases)
        fuzzy.extend(pack.fuzzy_terms)
        for rule in pack.rules:
            chosen.pop(rule.id, None)
            if rule.enabled:
                chosen[rule.id] = (source, rule)
    compiled: list[CompiledRule] = []
    vocabulary: set[str] = set()
    for source, rule in chosen.values():
        patterns = []
        for n, pattern in enumerate(rule.patterns):
            where = f"patterns[{n}]"
            expanded = _expand(pattern, definitions, source, rule.id, where)
            regex, (derived, starts) = _analyse(expanded, known, source, rule.id, where)
            table[pattern_key(expanded)] = (derived, starts)
            if not derived and not rule.triggers:
                raise RulePackError(
                    source,
                    "no word every match must contain; list the rule's triggers",
                    rule_id=rule.id,
                    field=where,
                )
            requires = derived or (frozenset(rule.triggers),)
            vocabulary.update(t for ts in requires for t in ts if not t.endswith("*"))
            patterns.append(CompiledPattern(_wrap(expanded), requires, starts, regex))
        compiled.append(CompiledRule(rule, tuple(patterns)))
    for value in aliases.values():
        vocabulary.update(value.split())
    version = f"{packs[0][1].version}+{digest.hexdigest()[:12]}"
    source = packs[-1][0] if len(packs) == 1 else ", ".join(name for name, _, _ in packs)

    def expand_cue(pattern: str, where: str) -> str:
        return _expand(pattern, definitions, source, None, where)

    def check_cue(pattern: str, expanded: str, where: str) -> None:
        try:
            re.compile(expanded)
        except re.error as exc:
            raise RulePackError(source, f"invalid pattern {pattern!r}: {exc}", field=where) from exc

    return RuleSet(
        compiled,
        Normalizer(aliases, fuzzy, vocabulary),
        Cues.from_spec(_merge_modifiers([pack for _, pack, _ in packs]), expand_cue, check_cue),
        _merge_messages([pack for _, pack, _ in packs]),
        version,
        derived=table,
    )

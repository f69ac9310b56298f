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
from bisect import bisect_right
from collections.abc import Sequence

from tta_agents.safety.errors import RulePackError
from tta_agents.safety.modifiers import Cues
from tta_agents.safety.normalize import Normalizer
from tta_agents.safety.pack import MessageSpec, ModifierSpec, PackFile, RuleSpec
from tta_agents.safety.scan import CompiledRule, RawMatch, Scan
from tta_agents.safety.triggers import required_words

__all__ = ["RuleSet", "compile_packs"]

_DEFINITION = re.compile(r"\{([a-z_]+)\}")
_CACHE_LIMIT = 50_000


class _TriggerIndex:
    def __init__(self, rules: Sequence[CompiledRule]) -> None:
        self.exact: dict[str, list[int]] = {}
        self.prefix: dict[str, list[int]] = {}
        for position, rule in enumerate(rules):
            for trigger in rule.triggers:
                if trigger.endswith("*"):
                    self.prefix.setdefault(trigger[:-1], []).append(position)
                else:
                    self.exact.setdefault(trigger, []).append(position)
        self.prefix_lengths = sorted({len(key) for key in self.prefix})
        self._cache: dict[str, tuple[int, ...]] = {}

    def lookup(self, word: str) -> tuple[int, ...]:
        found = self._cache.get(word)
        if found is not None:
            return found
        hits = list(self.exact.get(word, ()))
        for length in self.prefix_lengths:
            if length > len(word):
                break
            hits.extend(self.prefix.get(word[:length], ()))
        result = tuple(sorted(set(hits)))
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = result
        return result


class RuleSet:
    """Compiled, immutable rules of one or more packs; ``version`` names exactly these."""

    def __init__(
        self,
        rules: Sequence[CompiledRule],
        normalizer: Normalizer,
        cues: Cues,
        messages: MessageSpec,
        version: str,
    ) -> None:
        self.rules = tuple(rules)
        self.normalizer = normalizer
        self.cues = cues
        self.messages = messages
        self.version = version
        self._index = {
            surface: (
                [r for r in self.rules if r.spec.applies_to == surface],
                _TriggerIndex([r for r in self.rules if r.spec.applies_to == surface]),
            )
            for surface in ("input", "output")
        }

    def scan(self, text: str, surface: str) -> Scan:
        rules, index = self._index[surface]
        candidates: set[int] = set()
        for word in self.normalizer.words(text):
            hits = index.lookup(word)
            if hits:
                candidates.update(hits)
        if not candidates:
            return Scan()
        tokens = self.normalizer.tokens(text)
        normalised = " ".join(token[0] for token in tokens)
        starts: list[int] = []
        offset = 0
        for token in tokens:
            starts.append(offset)
            offset += len(token[0]) + 1
        scan = Scan(tokens=tokens)
        for position in sorted(candidates):
            rule = rules[position]
            for regex in rule.regexes:
                for found in regex.finditer(normalised):
                    if found.end() == found.start():
                        continue
                    first = bisect_right(starts, found.start()) - 1
                    last = bisect_right(starts, found.end() - 1) - 1
                    scan.matches.append(
                        RawMatch(rule, first, last, tokens[first][1], tokens[last][2])
                    )
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


def _compile(pattern: str, source: str, rule_id: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(rf"(?<![\w'])(?:{pattern})(?![\w'])")
    except re.error as exc:
        raise RulePackError(
            source, f"invalid pattern: {exc}", rule_id=rule_id, field=where
        ) from exc


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


def compile_packs(packs: Sequence[tuple[str, PackFile, bytes]]) -> RuleSet:
    """Compile packs in order (later packs override rules with the same id) into a RuleSet.

    Each item is (source name for errors, validated pack, raw bytes for the version hash).
    """
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
        regexes = []
        triggers = set(rule.triggers)
        for n, pattern in enumerate(rule.patterns):
            where = f"patterns[{n}]"
            expanded = _expand(pattern, definitions, source, rule.id, where)
            regexes.append(_compile(expanded, source, rule.id, where))
            derived = required_words(expanded)
            if derived is None and not rule.triggers:
                raise RulePackError(
                    source,
                    "no word every match must contain; list the rule's triggers",
                    rule_id=rule.id,
                    field=where,
                )
            triggers.update(derived or ())
        vocabulary.update(t for t in triggers if not t.endswith("*"))
        compiled.append(CompiledRule(rule, tuple(regexes), frozenset(triggers)))
    for value in aliases.values():
        vocabulary.update(value.split())
    version = f"{packs[0][1].version}+{digest.hexdigest()[:12]}"
    source = packs[-1][0] if len(packs) == 1 else ", ".join(name for name, _, _ in packs)

    def expand_cue(pattern: str, where: str) -> str:
        expanded = _expand(pattern, definitions, source, None, where)
        try:
            re.compile(expanded)
        except re.error as exc:
            raise RulePackError(source, f"invalid pattern {pattern!r}: {exc}", field=where) from exc
        return expanded

    return RuleSet(
        compiled,
        Normalizer(aliases, fuzzy, vocabulary),
        Cues.from_spec(_merge_modifiers([pack for _, pack, _ in packs]), expand_cue),
        _merge_messages([pack for _, pack, _ in packs]),
        version,
    )

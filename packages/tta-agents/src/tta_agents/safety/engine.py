"""The safety engine: checks player input and generated narrative, never failing open."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry

from tta_agents.encoder import Encoder, shared_encoder
from tta_agents.safety.analysis import Analysis, analyze
from tta_agents.safety.check_in import read_answer
from tta_agents.safety.decide import Decision, decide
from tta_agents.safety.errors import RulePackError
from tta_agents.safety.events import SafetyEvent, SafetyEventRecorder
from tta_agents.safety.gate import plain_command
from tta_agents.safety.learned import LearnedTier
from tta_agents.safety.loader import DEFAULT_PACK, DEFAULT_RESOURCES, RuleSource
from tta_agents.safety.matcher import RuleSet
from tta_agents.safety.metrics import SafetyMetrics
from tta_agents.safety.resources import LAST_RESORT, ResourceDirectory
from tta_agents.safety.second_opinion import SecondOpinion
from tta_agents.safety.session import SessionMemory
from tta_agents.safety.settings import SafetySettings
from tta_agents.safety.verdict import (
    CrisisResource,
    RuleMatch,
    SafetyAction,
    SafetyContext,
    SafetyLevel,
    Verdict,
)

__all__ = ["SafetyEngine", "default_checker"]

log = logging.getLogger(__name__)

REPEATED_CONCERN = "repeated_concern"
REPEATED_CHECK_IN = "repeated_check_in"
_ANSWERS = {"yes": "check_in_yes", "no": "check_in_no", "unsure": "check_in_unsure"}


def _band(verdict: Verdict) -> str:
    if verdict.action is SafetyAction.CHECK_IN:
        return "check_in"
    return verdict.level.value


_FALLBACK_MESSAGE = (
    "We could not check your message just now, so we are pausing to make sure you are okay. "
    "If you are struggling, the services below are there for you at any time."
)
_FALLBACK_REPLACEMENT = (
    "The scene pauses for a quiet moment. When you are ready, the path continues."
)
_NO_CONTEXT = SafetyContext()


def _model_reads(text: str, context: SafetyContext) -> bool:
    """Whether the learned tier reads ``text``: an answer to the check-in always; a plain
    game command never (the rules still read it)."""
    return context.awaiting_check_in or not plain_command(text, context.game_words)


class SafetyEngine:
    """Implements ``SafetyChecker``. Thread-safe; one instance serves every session.

    ``check`` judges player input; ``check_output`` judges generated narrative (``BLOCK``
    means show ``verdict.message`` instead). Neither raises: an internal failure answers
    ``concern`` with support resources and ``degraded=True``, logged and counted.
    """

    def __init__(
        self,
        settings: SafetySettings | None = None,
        *,
        registry: CollectorRegistry | None = None,
        recorder: SafetyEventRecorder | None = None,
        clock: Callable[[], float] = time.monotonic,
        encoder: Encoder | None = None,
        second_opinion: SecondOpinion | None = None,
    ) -> None:
        self.settings = settings or SafetySettings()
        if encoder is None and self.settings.model:
            encoder = shared_encoder()  # raises ModelFilesError: never run without it silently
        self._learned = LearnedTier(encoder) if encoder is not None else None
        self._second_opinion = second_opinion
        self.metrics = SafetyMetrics(registry if registry is not None else CollectorRegistry())
        self._recorders: list[SafetyEventRecorder] = [recorder] if recorder else []
        self._safe: dict[str, Verdict] = {}
        self._source = RuleSource(
            (DEFAULT_PACK, *self.settings.rule_packs),
            self.settings.reload_interval_s,
            clock,
            self._installed,
            self._reload_failed,
        )
        self._resources = ResourceDirectory.load(self.settings.resources_file or DEFAULT_RESOURCES)
        self._memory = SessionMemory(
            self.settings.concern_threshold,
            self.settings.concern_window_s,
            self.settings.max_sessions,
            clock,
        )

    @property
    def rules_version(self) -> str:
        return self._source.rules.version

    @property
    def rules(self) -> RuleSet:
        return self._source.rules

    def add_recorder(self, recorder: SafetyEventRecorder) -> None:
        """Offer every crisis verdict on input to ``recorder`` (for human follow-up)."""
        self._recorders.append(recorder)

    def reload(self) -> str:
        """Reload the packs now; raises ``RulePackError`` and keeps the last good rules."""
        try:
            return self._source.reload().version
        except RulePackError as exc:
            self._reload_failed(exc)
            raise

    def forget_session(self, session_id: str) -> None:
        self._memory.forget(session_id)

    @property
    def learned(self) -> bool:
        """Whether the learned tier reads input beside the rules."""
        return self._learned is not None

    def reads_model(self, text: str, context: SafetyContext | None = None) -> bool:
        """Whether checking ``text`` may read the model or ask the second opinion (milliseconds
        or a network call: worth a worker thread); otherwise the rules answer in microseconds."""
        if self._second_opinion is not None:
            return True
        return self._learned is not None and _model_reads(text, context or _NO_CONTEXT)

    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        context = context or _NO_CONTEXT
        try:
            rules = self._source.current()
            found = analyze(rules, text, "input")
            session = context.session_id
            reading = None
            if self._learned is not None:
                # An answer to the check-in is read on its own: the question's line is known.
                asked = context.awaiting_check_in
                recent = self._memory.recent(session) if session and not asked else ()
                if _model_reads(text, context):
                    reading = self._learned.read(text, recent)
            decision = decide(text, found, reading)
            verdict = self._input_verdict(rules, found, decision, context)
            if context.awaiting_check_in:
                verdict = self._answer(rules, text, verdict, context)
            if verdict.action is SafetyAction.CHECK_IN and self._second_opinion is not None:
                verdict = self._ask_second_opinion(rules, text, verdict, context)
            if session and verdict.level is not SafetyLevel.SAFE:
                self._memory.note_line(session, text, _band(verdict))
            if verdict.action is SafetyAction.CHECK_IN:
                self.metrics.check_ins.inc()
            if verdict.level is SafetyLevel.CRISIS or verdict.action is SafetyAction.CHECK_IN:
                self._record(verdict, context, text)
        except Exception:
            log.exception("safety check failed; answering with concern and support resources")
            self.metrics.errors.labels(kind="check").inc()
            verdict = self._degraded(context, SafetyAction.SUPPORT)
        self.metrics.count(verdict.level, "input")
        return verdict

    def check_output(self, text: str, context: SafetyContext | None = None) -> Verdict:
        context = context or _NO_CONTEXT
        try:
            rules = self._source.current()
            found = analyze(rules, text, "output")
            if found.level is SafetyLevel.SAFE:
                verdict = self._safe_verdict(rules)
            else:
                verdict = Verdict(
                    level=found.level,
                    action=SafetyAction.BLOCK,
                    categories=found.categories,
                    matches=found.matches,
                    message=rules.messages.output_blocked or _FALLBACK_REPLACEMENT,
                    rules_version=rules.version,
                )
        except Exception:
            log.exception("safety output check failed; blocking the narrative")
            self.metrics.errors.labels(kind="check").inc()
            verdict = self._degraded(context, SafetyAction.BLOCK)
        self.metrics.count(verdict.level, "output")
        return verdict

    def _input_verdict(
        self, rules: RuleSet, found: Analysis, decision: Decision, context: SafetyContext
    ) -> Verdict:
        if decision.level is SafetyLevel.SAFE and not found.matches:
            return self._safe_verdict(rules)
        level, action, categories = decision.level, decision.action, found.categories
        if decision.model_category and decision.model_category not in categories:
            categories = (*categories, decision.model_category)
        matches = found.matches
        if decision.model_match is not None:
            matches = (*matches, decision.model_match)
        repeated = context.check_ins >= self.settings.repeated_check_ins
        if action is SafetyAction.CHECK_IN and repeated:
            level, action = SafetyLevel.CRISIS, SafetyAction.ESCALATE
            categories = (*categories, REPEATED_CHECK_IN)
        if (
            level is SafetyLevel.CONCERN
            and context.session_id is not None
            and self._memory.note_concern(context.session_id)
        ):
            level, action = SafetyLevel.CRISIS, SafetyAction.ESCALATE
            categories = (*categories, REPEATED_CONCERN)
            self.metrics.escalations.inc()
        return self._verdict(
            rules, level, action, categories=categories, matches=matches, context=context
        )

    def _verdict(
        self,
        rules: RuleSet,
        level: SafetyLevel,
        action: SafetyAction,
        *,
        categories: tuple[str, ...],
        matches: tuple[RuleMatch, ...],
        context: SafetyContext,
        message: str | None = None,
        resources_for: SafetyLevel | None = None,
    ) -> Verdict:
        if level is SafetyLevel.SAFE and action is SafetyAction.ALLOW and not message:
            resources: tuple[CrisisResource, ...] = ()
        else:
            # A check-in shows what a crisis would: the question is about a crisis.
            shown = SafetyLevel.CRISIS if action is SafetyAction.CHECK_IN else level
            resources = self._resources.for_locale(
                context.locale, resources_for or shown, categories
            )
        if message is None:
            message = (
                rules.messages.check_in
                if action is SafetyAction.CHECK_IN
                else self._message(rules, level, categories)
            )
        return Verdict(
            level=level,
            action=action,
            categories=categories,
            matches=matches,
            resources=resources,
            message=message,
            rules_version=rules.version,
        )

    def _ask_second_opinion(
        self, rules: RuleSet, text: str, verdict: Verdict, context: SafetyContext
    ) -> Verdict:
        """Let the configured judge raise an unsure line to a crisis; nothing it does lowers."""
        assert self._second_opinion is not None  # noqa: S101 - checked by the caller
        try:
            level = self._second_opinion.judge(text)
        except Exception:
            log.warning("second opinion %s failed", self._second_opinion.name, exc_info=True)
            level = None
        self.metrics.second_opinions.labels(answer=level.value if level else "none").inc()
        if level is not SafetyLevel.CRISIS:
            return verdict
        return self._verdict(
            rules, SafetyLevel.CRISIS, SafetyAction.ESCALATE,
            categories=(*verdict.categories, "second_opinion"), matches=verdict.matches,
            context=context,
        )  # fmt: skip

    def _answer(
        self, rules: RuleSet, text: str, verdict: Verdict, context: SafetyContext
    ) -> Verdict:
        """The line that follows a check-in question, read as its answer as well."""
        if verdict.level is SafetyLevel.CRISIS:
            return verdict
        answer = read_answer(text)
        matches = verdict.matches
        if answer == "yes" or (
            answer == "unsure" and context.check_ins >= self.settings.repeated_check_ins
        ):
            categories = (*verdict.categories, _ANSWERS[answer])
            if answer == "unsure":
                categories = (*categories, REPEATED_CHECK_IN)
            return self._verdict(
                rules, SafetyLevel.CRISIS, SafetyAction.ESCALATE,
                categories=categories, matches=matches, context=context,
            )  # fmt: skip
        if answer == "unsure":
            return self._verdict(
                rules, SafetyLevel.CONCERN, SafetyAction.SUPPORT,
                categories=(*verdict.categories, _ANSWERS[answer]), matches=matches,
                context=context, message=rules.messages.check_in_unsure,
                resources_for=SafetyLevel.CRISIS,  # unsure about a crisis: its lines stay close
            )  # fmt: skip
        if verdict.level is not SafetyLevel.SAFE:
            return verdict  # the answer is itself worrying: it speaks for itself
        if answer == "no" and context.session_id:
            self._memory.clear_lines(context.session_id)
        note = rules.messages.check_in_no if answer == "no" else rules.messages.check_in_unanswered
        return self._verdict(
            rules, SafetyLevel.SAFE, SafetyAction.ALLOW,
            categories=(_ANSWERS.get(answer, "check_in_unanswered"),), matches=matches,
            context=context, message=note,
        )  # fmt: skip

    def _message(self, rules: RuleSet, level: SafetyLevel, categories: tuple[str, ...]) -> str:
        if level is SafetyLevel.SAFE:
            return ""
        messages = rules.messages
        base = messages.crisis if level is SafetyLevel.CRISIS else messages.concern
        extra = next((messages.categories[c] for c in categories if c in messages.categories), "")
        return " ".join(part for part in (extra, base) if part)

    def _safe_verdict(self, rules: RuleSet) -> Verdict:
        verdict = self._safe.get(rules.version)
        if verdict is None:
            verdict = Verdict(
                level=SafetyLevel.SAFE, action=SafetyAction.ALLOW, rules_version=rules.version
            )
            self._safe = {rules.version: verdict}
        return verdict

    def _degraded(self, context: SafetyContext, action: SafetyAction) -> Verdict:
        resources: tuple[CrisisResource, ...]
        try:
            rules = self._source.rules
            version = rules.version
            degraded = rules.messages.degraded or _FALLBACK_MESSAGE
            replacement = rules.messages.output_blocked or _FALLBACK_REPLACEMENT
            # Unchecked text might be a crisis: show what a crisis would get.
            resources = self._resources.for_locale(context.locale, SafetyLevel.CRISIS)
        except Exception:  # the fallback itself must not fail: answer with constants
            version, degraded, replacement, resources = "", _FALLBACK_MESSAGE, "", LAST_RESORT
        blocked = action is SafetyAction.BLOCK
        return Verdict(
            level=SafetyLevel.CONCERN,
            action=action,
            resources=() if blocked else resources,
            message=(replacement or _FALLBACK_REPLACEMENT) if blocked else degraded,
            rules_version=version,
            degraded=True,
        )

    def _record(self, verdict: Verdict, context: SafetyContext, text: str) -> None:
        if not self._recorders:
            return
        event = SafetyEvent(
            occurred_at=datetime.now(UTC),
            level=verdict.level,
            action=verdict.action,
            categories=verdict.categories,
            rule_ids=tuple(
                dict.fromkeys(m.rule_id for m in verdict.matches if m.level is not SafetyLevel.SAFE)
            ),
            rules_version=verdict.rules_version,
            session_id=context.session_id,
            player_id=context.player_id,
            locale=context.locale,
            session_escalated=REPEATED_CONCERN in verdict.categories,
            text=text if self.settings.record_text else None,
        )
        for recorder in self._recorders:
            try:
                recorder.record(event)
            except Exception:
                log.exception("safety event recorder %r failed", recorder)
                self.metrics.errors.labels(kind="recorder").inc()

    def _installed(self, rules: RuleSet) -> None:
        log.info("safety rules active: %s (%d rules)", rules.version, len(rules.rules))
        self.metrics.active_rules(rules.version, len(rules.rules))

    def _reload_failed(self, error: RulePackError) -> None:
        log.error("safety rule reload failed, keeping the last good rules: %s", error)
        self.metrics.errors.labels(kind="reload").inc()


_shared: dict[SafetySettings, SafetyEngine] = {}


def default_checker(
    settings: SafetySettings | None = None,
    *,
    registry: CollectorRegistry | None = None,
    recorder: SafetyEventRecorder | None = None,
) -> SafetyEngine:
    """A ready checker with the shipped default pack (plus operator packs from settings).

    Without arguments, every call with the same environment (``TTA_SAFETY_*``) returns the
    same engine, built on first use; with any argument, a new engine.
    """
    if settings is not None or registry is not None or recorder is not None:
        return SafetyEngine(settings, registry=registry, recorder=recorder)
    settings = SafetySettings()
    engine = _shared.get(settings)
    if engine is None:
        engine = _shared[settings] = SafetyEngine(settings)
    return engine

"""The safety engine: checks player input and generated narrative, never failing open."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry

from tta_agents.safety.analysis import Analysis, analyze
from tta_agents.safety.errors import RulePackError
from tta_agents.safety.events import SafetyEvent, SafetyEventRecorder
from tta_agents.safety.loader import DEFAULT_PACK, DEFAULT_RESOURCES, RuleSource
from tta_agents.safety.matcher import RuleSet
from tta_agents.safety.metrics import SafetyMetrics
from tta_agents.safety.resources import LAST_RESORT, ResourceDirectory
from tta_agents.safety.session import SessionMemory
from tta_agents.safety.settings import SafetySettings
from tta_agents.safety.verdict import (
    CrisisResource,
    SafetyAction,
    SafetyContext,
    SafetyLevel,
    Verdict,
)

__all__ = ["SafetyEngine", "default_checker"]

log = logging.getLogger(__name__)

REPEATED_CONCERN = "repeated_concern"
_FALLBACK_MESSAGE = (
    "We could not check your message just now, so we are pausing to make sure you are okay. "
    "If you are struggling, the services below are there for you at any time."
)
_FALLBACK_REPLACEMENT = (
    "The scene pauses for a quiet moment. When you are ready, the path continues."
)
_NO_CONTEXT = SafetyContext()


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
    ) -> None:
        self.settings = settings or SafetySettings()
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

    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        context = context or _NO_CONTEXT
        try:
            rules = self._source.current()
            found = analyze(rules, text, "input")
            verdict = self._input_verdict(rules, found, context)
            if verdict.level is SafetyLevel.CRISIS:
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

    def _input_verdict(self, rules: RuleSet, found: Analysis, context: SafetyContext) -> Verdict:
        if found.level is SafetyLevel.SAFE and not found.matches:
            return self._safe_verdict(rules)
        level, categories = found.level, found.categories
        if (
            level is SafetyLevel.CONCERN
            and context.session_id is not None
            and self._memory.note_concern(context.session_id)
        ):
            level = SafetyLevel.CRISIS
            categories = (*categories, REPEATED_CONCERN)
            self.metrics.escalations.inc()
        action = {
            SafetyLevel.SAFE: SafetyAction.ALLOW,
            SafetyLevel.CONCERN: SafetyAction.SUPPORT,
            SafetyLevel.CRISIS: SafetyAction.ESCALATE,
        }[level]
        return Verdict(
            level=level,
            action=action,
            categories=categories,
            matches=found.matches,
            resources=self._resources.for_locale(context.locale, level, categories),
            message=self._message(rules, level, categories),
            rules_version=rules.version,
        )

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
            resources = self._resources.for_locale(context.locale, SafetyLevel.CONCERN)
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


_shared: dict[str, SafetyEngine] = {}


def default_checker(
    settings: SafetySettings | None = None,
    *,
    registry: CollectorRegistry | None = None,
    recorder: SafetyEventRecorder | None = None,
) -> SafetyEngine:
    """A ready checker with the shipped default pack (plus operator packs from settings).

    Without arguments, every call returns the same engine, built on first use from
    ``SafetySettings()`` (environment ``TTA_SAFETY_*``); with any argument, a new engine.
    """
    if settings is not None or registry is not None or recorder is not None:
        return SafetyEngine(settings, registry=registry, recorder=recorder)
    engine = _shared.get("default")
    if engine is None:
        engine = _shared["default"] = SafetyEngine()
    return engine

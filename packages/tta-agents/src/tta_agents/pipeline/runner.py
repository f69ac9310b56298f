"""``TurnPipeline``: safety(input) -> IPA -> WBA -> NGA -> safety(output), in this process."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from tta_agents.encoder import Encoder
from tta_agents.errors import (
    AgentError,
    CircuitOpenError,
    ProviderError,
    ProviderResponseError,
    SafetyUnavailableError,
    StepError,
    StepTimeoutError,
    UnsafeOutputError,
)
from tta_agents.intent.model import Intent
from tta_agents.intent.understand import understand, understand_by_rules
from tta_agents.metrics import AgentMetrics
from tta_agents.narrative.crisis import CHECK_IN_SUGGESTIONS, CRISIS_SUGGESTIONS, crisis_reply
from tta_agents.narrative.rewriter import DraftRewriter
from tta_agents.narrative.templates import Narration, TemplateNarrator
from tta_agents.pipeline.events import (
    STEPS,
    Choices,
    EventSink,
    NarrativeChunk,
    NarrativeComplete,
    PipelineEvent,
    SafetyNotice,
    Step,
    StepFinished,
    StepStarted,
)
from tta_agents.pipeline.turn import ItemView, LocationView, TurnOutcome, TurnRequest, TurnResult
from tta_agents.registry import AgentHealth, AgentRegistry
from tta_agents.safety.verdict import (
    SafetyAction,
    SafetyChecker,
    SafetyContext,
    SafetyLevel,
    Verdict,
)
from tta_agents.settings import AgentSettings
from tta_agents.world.catalog import World, WorldCatalog
from tta_agents.world.engine import apply_intent, suggest
from tta_agents.world.scene import scene_of
from tta_agents.world.state import Outcome, WorldState

__all__ = ["TurnPipeline"]

log = logging.getLogger(__name__)
T = TypeVar("T")
_STARTED = {s: StepStarted(step=s) for s in STEPS}
_BLOCKED_REPLY = (
    "Let's keep this a kind and safe space. Could you put that another way? You can also "
    "type help to see what you can do."
)


class _GuardedSink:
    """A sink that cannot break a turn: a failing client sink is logged and ignored."""

    __slots__ = ("_sink",)

    def __init__(self, sink: EventSink | None) -> None:
        self._sink = sink

    async def emit(self, event: PipelineEvent) -> None:
        if self._sink is None:
            return
        try:
            await self._sink.emit(event)
        except Exception:
            log.warning("event sink failed on %s", event.kind, exc_info=True)


def _blocks(verdict: Verdict) -> bool:
    """Whether generated text with this output verdict must not be shown."""
    return verdict.action is SafetyAction.BLOCK or verdict.level is SafetyLevel.CRISIS


def _is_crisis(verdict: Verdict) -> bool:
    return verdict.level is SafetyLevel.CRISIS or verdict.action is SafetyAction.ESCALATE


def _answer(verdict: Verdict) -> str | None:
    """How the player answered a check-in question, when this line was an answer."""
    return next((c for c in verdict.categories if c.startswith("check_in_")), None)


class TurnPipeline:
    """Runs turns in this process (an ``AgentPipeline``). Build it once (``build_pipeline``)
    and share it."""

    implementation = "inprocess"

    def __init__(
        self,
        *,
        catalog: WorldCatalog,
        checker: SafetyChecker,
        encoder: Encoder | None = None,
        settings: AgentSettings | None = None,
        narrator: TemplateNarrator | None = None,
        llm: DraftRewriter | None = None,
        metrics: AgentMetrics | None = None,
        agents: AgentRegistry | None = None,
    ) -> None:
        self.catalog = catalog
        self.checker = checker
        self.settings = settings or AgentSettings()
        self.narrator = narrator or TemplateNarrator()
        self.llm = llm
        self.metrics = metrics
        self.agents = agents or AgentRegistry()
        for name in STEPS:
            self.agents.register(name)
        if llm:
            self.agents.register(llm.provider)
        self.agents.start()
        s = self.settings
        self._timeouts: dict[Step, float] = {
            "safety_input": s.safety_timeout,
            "ipa": s.ipa_timeout,
            "wba": s.wba_timeout,
            "safety_output": s.safety_timeout,
        }
        # Steps that may run the sentence encoder (milliseconds of numpy): off the event loop.
        self.encoder = encoder
        heavy: set[Step] = {"ipa"} if encoder is not None else set()
        if getattr(checker, "learned", False):
            heavy.add("safety_input")
        self._heavy: frozenset[Step] = frozenset(heavy)

    def health(self) -> list[AgentHealth]:
        return self.agents.snapshot()

    async def aclose(self) -> None:
        self.agents.stop()
        if self.llm:
            await self.llm.aclose()

    def _check_by_rules(self, text: str, context: SafetyContext) -> Verdict | None:
        """The verdict when the checker answers ``text`` by its rules alone, else None."""
        reads_model = getattr(self.checker, "reads_model", None)
        if reads_model is None or reads_model(text, context):
            return None
        return self.checker.check(text, context)

    # -- steps -------------------------------------------------------------------------------
    def _finish_step(self, step: str, started: float, ok: bool, steps: dict[str, float]) -> float:
        seconds = time.perf_counter() - started
        steps[step] = seconds * 1000
        if self.metrics:
            self.metrics.observe_step(step, seconds)
        self.agents.record(step, ok)
        return seconds * 1000

    def _failed(self, step: Step, started: float, steps: dict[str, float]) -> StepFinished:
        duration = self._finish_step(step, started, False, steps)
        return StepFinished.model_construct(step=step, duration_ms=duration, ok=False)

    async def _run_sync(
        self,
        sink: _GuardedSink,
        step: Step,
        steps: dict[str, float],
        fn: Callable[..., T],
        *args: Any,
        quick: Callable[[], T | None] | None = None,
    ) -> T:
        """Run a step: on the loop when it takes microseconds, in a worker thread when it may
        run the encoder. ``quick`` answers a heavy step's easy cases on the loop (None: not
        this one): a thread hop costs more CPU than the rules do (bench agents: about half
        the turn's)."""
        await sink.emit(_STARTED[step])
        started = time.perf_counter()
        try:
            result = None
            threaded = self.settings.isolate_steps or step in self._heavy
            if threaded and quick is not None and not self.settings.isolate_steps:
                result = quick()
                threaded = result is None
            if threaded:
                timeout = self._timeouts[step]
                try:
                    result = await asyncio.wait_for(asyncio.to_thread(fn, *args), timeout)
                except TimeoutError:
                    raise StepTimeoutError(step, timeout) from None
            elif result is None:  # pure, microsecond steps: a thread hop would cost more
                result = fn(*args)
        except AgentError:
            await sink.emit(self._failed(step, started, steps))
            raise
        except Exception as exc:
            await sink.emit(self._failed(step, started, steps))
            if step.startswith("safety"):
                raise SafetyUnavailableError(step, f"checker failed: {exc!r}") from exc
            raise StepError(step, f"failed: {exc!r}") from exc
        duration = self._finish_step(step, started, True, steps)
        # Trusted values: skip validation on the hot path (the models stay frozen and typed).
        await sink.emit(StepFinished.model_construct(step=step, duration_ms=duration))
        return result

    async def _narrate(
        self,
        sink: _GuardedSink,
        request: TurnRequest,
        world: World,
        draft: Narration,
        context: SafetyContext,
    ) -> tuple[Narration, str | None, bool]:
        """(narration, why the LLM was not used, whether sentences were already streamed)."""
        if self.llm is None:
            return draft, None, False
        streamed: list[str] = []

        async def release(sentence: str) -> None:
            verdict = self.checker.check_output(sentence, context)
            if _blocks(verdict):
                raise UnsafeOutputError(self.llm.provider if self.llm else "llm", "unsafe output")
            streamed.append(sentence)
            await sink.emit(NarrativeChunk(text=sentence))

        reason: str
        try:
            async with asyncio.timeout(self.settings.nga_timeout):
                narration = await self.llm.narrate(
                    draft,
                    player_text=request.text,
                    world=world.definition.title,
                    preferences=request.preferences,
                    on_sentence=release,
                )
            self.agents.record(self.llm.provider, True)
            return narration, None, bool(streamed)
        except TimeoutError:
            reason = "timeout"
        except CircuitOpenError:
            reason = "circuit_open"
        except UnsafeOutputError:
            reason = "unsafe_output"
        except ProviderResponseError:
            reason = "bad_response"
        except ProviderError:
            reason = "unavailable"
        self.agents.record(self.llm.provider, False)
        if self.metrics:
            self.metrics.fallbacks.labels(reason=reason).inc()
        return draft, reason, False

    # -- the turn ----------------------------------------------------------------------------
    def _passes(self, text: str, context: SafetyContext) -> bool:
        """Whether template text may be shown; a failing checker means no (fail closed)."""
        try:
            return not _blocks(self.checker.check_output(text, context))
        except Exception:
            log.warning("output check of the template failed; using the neutral line")
            return False

    async def run_turn(self, request: TurnRequest, sink: EventSink | None = None) -> TurnResult:
        """Run one turn. Raises only ``AgentError`` subclasses (see ``tta_agents.errors``)."""
        started = time.perf_counter()
        guarded = _GuardedSink(sink)
        world, state = self.catalog.resume(request.world_id, request.state)
        scene = scene_of(world, state)
        context = SafetyContext(
            session_id=request.session_id,
            player_id=request.player_id,
            locale=request.locale,
            awaiting_check_in=state.awaiting == "check_in",
            check_ins=state.check_ins,
            game_words=scene.vocabulary,
        )
        steps: dict[str, float] = {}
        verdict = await self._run_sync(
            guarded,
            "safety_input",
            steps,
            self.checker.check,
            request.text,
            context,
            quick=partial(self._check_by_rules, request.text, context),
        )
        answer = _answer(verdict)
        if state.awaiting is not None:  # whatever came, the question has been answered
            state = state.model_copy(update={"awaiting": None})
        if verdict.action is SafetyAction.CHECK_IN:
            state = state.model_copy(
                update={"awaiting": "check_in", "check_ins": state.check_ins + 1}
            )
        if (
            _is_crisis(verdict)
            or verdict.action in (SafetyAction.BLOCK, SafetyAction.CHECK_IN)
            or answer in ("check_in_no", "check_in_unsure")
        ):
            return await self._refuse(
                guarded, request, world, state, verdict=verdict, started=started, steps=steps
            )
        if verdict.level is not SafetyLevel.SAFE or verdict.message:
            await guarded.emit(SafetyNotice(verdict=verdict))
        intent: Intent = await self._run_sync(
            guarded,
            "ipa",
            steps,
            understand,
            request.text,
            scene,
            self.encoder,
            quick=partial(understand_by_rules, request.text, scene),
        )
        outcome: Outcome = await self._run_sync(
            guarded, "wba", steps, apply_intent, world, state, intent
        )
        await guarded.emit(_STARTED["nga"])
        nga_started = time.perf_counter()
        draft = self.narrator.render(
            outcome, session_id=request.session_id, preferences=request.preferences
        )
        support = ""
        if verdict.message:  # concern, or a note after a check-in the player played past
            support = f"{verdict.message}\n\n"
            if self.llm:  # the supportive words come first, before any streamed sentence
                await guarded.emit(NarrativeChunk(text=support))
        narration, fallback, streamed = await self._narrate(guarded, request, world, draft, context)
        nga_ms = self._finish_step("nga", nga_started, fallback is None, steps)
        await guarded.emit(StepFinished.model_construct(step="nga", duration_ms=nga_ms))
        out_verdict = await self._run_sync(
            guarded, "safety_output", steps, self.checker.check_output, narration.text, context
        )
        kind: TurnOutcome = "ok"
        if _blocks(out_verdict):
            kind = "replaced"
            replaced = draft if narration is not draft else None
            if replaced is None or not self._passes(draft.text, context):
                replaced = self.narrator.safe_replacement(outcome, session_id=request.session_id)
            narration, fallback = replaced, fallback or "unsafe_output"
        text = support + narration.text
        if not streamed or kind == "replaced":
            await guarded.emit(NarrativeChunk(text=narration.text if self.llm else text))
        await guarded.emit(NarrativeComplete(text=text))
        await guarded.emit(Choices(suggestions=narration.suggestions))
        for signal in outcome.progress:
            await guarded.emit(signal)
        if self.metrics:
            self.metrics.count_turn(kind)
        new_state = outcome.state
        return TurnResult(
            request_id=request.request_id,
            session_id=request.session_id,
            turn=new_state.turn,
            outcome=kind,
            intent=intent,
            narrative=text,
            suggestions=narration.suggestions,
            safety=verdict,
            output_safety=out_verdict,
            state=new_state,
            progress=tuple(outcome.progress),
            location=_location(world, new_state),
            inventory=tuple(ItemView(id=i, name=world.items[i].name) for i in new_state.inventory),
            exercise_started=outcome.exercise.id if outcome.exercise else None,
            provider=narration.provider,
            implementation="inprocess",
            fallback_reason=fallback,
            duration_ms=(time.perf_counter() - started) * 1000,
            step_ms=steps,
        )

    async def _refuse(
        self,
        sink: _GuardedSink,
        request: TurnRequest,
        world: World,
        state: WorldState,
        *,
        verdict: Verdict,
        started: float,
        steps: dict[str, float],
    ) -> TurnResult:
        """No game step: a crisis (supportive reply with resources), a check-in question, the
        answer to one, or a blocked input. The world does not move."""
        crisis = _is_crisis(verdict)
        answer = _answer(verdict)
        kind: TurnOutcome
        if crisis:
            kind, text, suggestions = "crisis", crisis_reply(verdict), CRISIS_SUGGESTIONS
        elif verdict.action is SafetyAction.CHECK_IN:
            kind, text, suggestions = "check_in", crisis_reply(verdict), CHECK_IN_SUGGESTIONS
        elif answer == "check_in_no":
            loc = world.locations[state.location]
            kind, text = "ok", f"{verdict.message}\n\n{loc.description}"
            suggestions = tuple(suggest(world, state))
        elif answer == "check_in_unsure":
            kind, text, suggestions = "ok", crisis_reply(verdict), ("look around", "breathe")
        else:
            kind, text = "blocked", verdict.message or _BLOCKED_REPLY
            suggestions = ("help", "look around")
        await sink.emit(SafetyNotice(verdict=verdict))
        await sink.emit(NarrativeChunk(text=text))
        await sink.emit(NarrativeComplete(text=text))
        await sink.emit(Choices(suggestions=suggestions))
        if self.metrics:
            self.metrics.count_turn(kind)
        return TurnResult(
            request_id=request.request_id,
            session_id=request.session_id,
            turn=state.turn,
            outcome=kind,
            intent=None,
            narrative=text,
            suggestions=suggestions,
            safety=verdict,
            state=state,
            location=_location(world, state),
            inventory=tuple(ItemView(id=i, name=world.items[i].name) for i in state.inventory),
            provider="safety",
            duration_ms=(time.perf_counter() - started) * 1000,
            step_ms=steps,
        )


def _location(world: World, state: WorldState) -> LocationView:
    return LocationView(id=state.location, title=world.locations[state.location].title)

"""Playing one turn: the single code path behind ``POST /sessions/{id}/turns`` and ``/ws/play``.

Load the session (owned by the player, active), run the agents' pipeline with the player's
locale and preferences, then save the turn, the new world state, progress and any crisis
event in ONE transaction. Pipeline events go to the real-time bus as they happen, so a
WebSocket watching the session sees a REST turn too.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from pydantic import ValidationError

from tta_agents import (
    AgentError,
    Intent,
    InvalidTurnError,
    Preferences,
    TurnRequest,
    TurnResult,
    WorldError,
    WorldState,
)
from tta_agents.realtime import EventBus, EventBusError, TurnIntent
from tta_agents.safety import SafetyLevel
from tta_core import TurnOrchestrator
from tta_player.core.logging import request_id_var
from tta_player.core.metrics import ServiceMetrics
from tta_player.core.problems import validation_detail
from tta_player.core.ratelimit import RateLimits
from tta_player.db.engine import Database
from tta_player.db.models import Turn, new_id
from tta_player.db.repositories.play import (
    PlayContext,
    TurnRecord,
    load_play_context,
    save_turn,
)
from tta_player.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    ServiceUnavailableError,
)
from tta_player.rollout.agents import served_by
from tta_player.schemas.turns import TurnCreate, TurnPublic
from tta_player.schemas.worlds import intensity_level

__all__ = ["TurnService", "intent_record", "preferences_of", "turn_public"]

log = logging.getLogger(__name__)

MAX_CREDITED_GAP = timedelta(minutes=5)


def preferences_of(chosen: dict[str, Any], tuning: dict[str, Any] | None = None) -> Preferences:
    """The pipeline's preferences: the player's approach, at the session's intensity when the
    session has one (its customisation, 0-1), else at the player's own."""
    approaches = chosen.get("approaches") or ["mindfulness"]
    intensity = (tuning or {}).get("intensity")
    level = (
        intensity_level(float(intensity))
        if isinstance(intensity, int | float)
        else chosen.get("intensity", "medium")
    )
    return Preferences(approach=str(approaches[0]), intensity=level)


def intent_record(intent: Intent | None) -> dict[str, Any] | None:
    """The stored form of a turn's intent: the public {kind, target, confidence}, plus the
    normalised text (for the world authors' list of lines not understood)."""
    if intent is None:
        return None
    target = intent.target or intent.direction or intent.topic or intent.exercise
    return {
        "kind": intent.kind.value,
        "target": target or intent.emotion,
        "confidence": round(float(intent.confidence), 3),
        "text": intent.normalized_text[:200],
    }


def _intent_public(record: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if record is None else {k: record.get(k) for k in ("kind", "target", "confidence")}


def turn_public(turn: Turn) -> TurnPublic:
    return TurnPublic(
        turn_id=turn.id,
        session_id=turn.session_id,
        number=turn.number,
        input=turn.input,
        narrative=turn.narrative,
        safety=turn.safety,  # type: ignore[arg-type]
        suggestions=turn.suggestions,
        location=turn.location or None,  # type: ignore[arg-type]
        inventory=turn.inventory,
        progress=turn.progress,
        served_by=turn.served_by,  # type: ignore[arg-type]
        intent=_intent_public(turn.intent),  # type: ignore[arg-type]
        understood=turn.understood,
        created_at=turn.created_at,
    )


class TurnService:
    def __init__(
        self,
        *,
        pipeline: TurnOrchestrator[TurnRequest, TurnResult],
        database: Database,
        metrics: ServiceMetrics,
        bus: EventBus | None = None,
        limits: RateLimits | None = None,
        rate_limit: str = "60/minute",
    ) -> None:
        self.limits = limits
        self.rate_limit = rate_limit
        self.pipeline = pipeline
        self.database = database
        self.metrics = metrics
        self.bus = bus
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def _lock(self, session_id: str) -> asyncio.Lock:
        lock = self._locks.get(session_id)
        if lock is None:
            lock = self._locks[session_id] = asyncio.Lock()
        return lock

    async def play(
        self, player_id: str, session_id: str, text: str, *, family_id: str | None = None
    ) -> TurnPublic:
        """Play ``text`` in the player's session; raises ``PlayerServiceError`` subclasses.

        With ``family_id`` (the sign-in of the caller's token), a revoked sign-in is refused
        in the same query that loads the session.
        """
        try:  # the REST body's own rules, so a WebSocket input is held to the same ones
            text = TurnCreate(input=text).input.strip()
        except ValidationError as exc:
            raise InvalidInputError(validation_detail(exc.errors())) from None
        if self.limits is not None:  # per player, whether the turn came by REST or WebSocket
            self.limits.hit(self.rate_limit, "turns", player_id)
        async with self._lock(session_id):
            context = await self.database.run(
                partial(
                    load_play_context,
                    player_id=player_id,
                    session_id=session_id,
                    family_id=family_id,
                )
            )
            if context.status != "active":
                raise ConflictError(f"this session is {context.status}; resume it to play")
            request = TurnRequest(
                session_id=context.session_id,
                world_id=context.world_id,
                text=text,
                player_id=player_id,
                state=WorldState.model_validate(context.world_state)
                if context.world_state
                else None,
                preferences=preferences_of(context.preferences, context.customization),
                locale=context.locale,
                # The HTTP request's id, so the agents' log lines match the access log (a
                # WebSocket turn has none and the pipeline makes one).
                **({"request_id": request_id} if (request_id := request_id_var.get()) else {}),
            )
            result = await self._run(request)
            implementation = served_by(self.pipeline, request).value
            turn = await self._save(context, text, result, implementation)
        self.metrics.turns.labels(result.safety.level.value).inc()
        if result.safety.level.value == "crisis":
            self.metrics.safety_events.inc()
        if not turn.understood:
            self.metrics.not_understood.labels(context.world_id).inc()
        if self.bus is not None:
            intent = TurnIntent(**turn.intent.model_dump()) if turn.intent else None
            try:
                await self.bus.turn_complete(
                    session_id, turn.turn_id, intent=intent, understood=turn.understood
                )
            except EventBusError:  # the turn is saved; live watchers resume from history
                log.warning("turn %s saved but not announced: event bus unavailable", turn.turn_id)
        return turn

    async def _run(self, request: TurnRequest) -> TurnResult:
        sink = self.bus.sink(request.session_id) if self.bus is not None else None
        try:
            return await self.pipeline.run_turn(request, sink)
        except WorldError as exc:
            raise NotFoundError(f"the world {request.world_id!r} is not available") from exc
        except InvalidTurnError as exc:
            raise InvalidInputError(str(exc)) from exc
        except AgentError as exc:
            raise ServiceUnavailableError(
                "the game could not answer just now; nothing was lost, please try again"
            ) from exc

    async def _save(
        self, context: PlayContext, text: str, result: TurnResult, served_by: str
    ) -> TurnPublic:
        """Persist the turn, world state, progress and any safety event in ONE transaction."""
        verdict = result.safety
        now = datetime.now(UTC)
        gap = now - context.last_activity_at if context.turn_count else timedelta(0)
        elapsed = min(max(gap, timedelta(0)), MAX_CREDITED_GAP).total_seconds()
        turn = {
            "id": new_id(),
            "session_id": context.session_id,
            "player_id": context.player_id,
            "number": context.turn_count + 1,
            "input": text,
            "narrative": result.narrative,
            "safety": {
                "level": verdict.level.value,
                "action": verdict.action.value,
                "resources": [r.model_dump(mode="json") for r in verdict.resources],
                "message": verdict.message,
            },
            "suggestions": list(result.suggestions),
            "location": result.location.model_dump(mode="json"),
            "inventory": [i.model_dump(mode="json") for i in result.inventory],
            "progress": [
                {"type": s.type, "id": s.id, "title": s.title, "detail": s.detail}
                for s in result.progress
            ],
            "elapsed_seconds": elapsed,
            "served_by": served_by,
            "intent": intent_record(result.intent),
            "understood": result.intent.understood if result.intent else True,
            "created_at": now,
        }
        record = TurnRecord(
            turn=turn,
            world_state=result.state.model_dump(mode="json"),
            progress=[
                {
                    "id": new_id(),
                    "player_id": context.player_id,
                    "session_id": context.session_id,
                    "kind": s.type,
                    "world_id": context.world_id,
                    "key": s.id[:100],
                    "title": s.title[:200],
                    "detail": s.detail,
                    "created_at": now,
                }
                for s in result.progress
            ],
            safety_event=_safety_event(context, turn, result, text)
            if verdict.level.value == "crisis"
            else None,
        )
        await self.database.run(
            partial(save_turn, context=context, record=record, now=now, elapsed=elapsed)
        )
        return TurnPublic(
            turn_id=turn["id"],
            session_id=turn["session_id"],
            number=turn["number"],
            input=text,
            narrative=turn["narrative"],
            safety=turn["safety"],
            suggestions=turn["suggestions"],
            location=turn["location"] or None,
            inventory=turn["inventory"],
            progress=turn["progress"],
            served_by=served_by,  # type: ignore[arg-type]
            intent=_intent_public(turn["intent"]),  # type: ignore[arg-type]
            understood=turn["understood"],
            created_at=now,
        )


def _safety_event(
    context: PlayContext, turn: dict[str, Any], result: TurnResult, text: str
) -> dict[str, Any]:
    """The safety_events row of a crisis turn (its text only if the player's privacy allows)."""
    verdict = result.safety
    return {
        "id": new_id(),
        "player_id": context.player_id,
        "session_id": context.session_id,
        "turn_id": turn["id"],
        "level": verdict.level.value,
        # A rule matching several sentences is one reason, named once (as the engine's own
        # recorder names it); safe-level matches are not reasons for a crisis.
        "rule_ids": list(
            dict.fromkeys(m.rule_id for m in verdict.matches if m.level is not SafetyLevel.SAFE)
        ),
        "categories": list(verdict.categories),
        "text": text if context.privacy.get("store_safety_text") else None,
        "status": "open",
        "created_at": turn["created_at"],
    }

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

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tta_agents.errors import AgentError, InvalidTurnError, WorldError
from tta_agents.pipeline.turn import TurnRequest, TurnResult
from tta_agents.realtime import EventBus, EventBusError
from tta_agents.world.catalog import Preferences
from tta_agents.world.state import WorldState
from tta_core import TurnOrchestrator
from tta_player.core.metrics import ServiceMetrics
from tta_player.core.ratelimit import RateLimits
from tta_player.db.engine import Database
from tta_player.db.models import GameSession, Player, SafetyEvent, TokenFamily, Turn
from tta_player.db.repositories import ProgressRepository, SafetyRepository, SessionRepository
from tta_player.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    ServiceUnavailableError,
)
from tta_player.models.turns import TurnPublic
from tta_player.rollout.agents import served_by

__all__ = ["TurnService", "preferences_of", "turn_public"]

log = logging.getLogger(__name__)

MAX_CREDITED_GAP = timedelta(minutes=5)


def preferences_of(player: Player) -> Preferences:
    chosen = player.preferences or {}
    approaches = chosen.get("approaches") or ["mindfulness"]
    return Preferences(approach=str(approaches[0]), intensity=chosen.get("intensity", "medium"))


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
        text = text.strip()
        if not text:
            raise InvalidInputError("type something to play")
        if self.limits is not None:  # per player, whether the turn came by REST or WebSocket
            self.limits.hit(self.rate_limit, "turns", player_id)
        async with self._lock(session_id):
            game, player = await self._load(player_id, session_id, family_id)
            request = TurnRequest(
                session_id=game.id,
                world_id=game.world_id,
                text=text,
                player_id=player.id,
                state=WorldState.model_validate(game.world_state) if game.world_state else None,
                preferences=preferences_of(player),
                locale=player.locale,
            )
            result = await self._run(request)
            implementation = served_by(self.pipeline, request).value
            turn = await self._save(game, player, text, result, implementation)
        self.metrics.turns.labels(result.safety.level.value).inc()
        if self.bus is not None:
            try:
                await self.bus.turn_complete(session_id, turn.turn_id)
            except EventBusError:  # the turn is saved; live watchers resume from history
                log.warning("turn %s saved but not announced: event bus unavailable", turn.turn_id)
        return turn

    async def _load(
        self, player_id: str, session_id: str, family_id: str | None
    ) -> tuple[GameSession, Player]:
        query = (
            select(Player, GameSession)
            .outerjoin(
                GameSession,
                and_(GameSession.id == session_id, GameSession.player_id == Player.id),
            )
            .where(Player.id == player_id)
        )
        if family_id is not None:
            query = query.join(
                TokenFamily,
                and_(
                    TokenFamily.id == family_id,
                    TokenFamily.player_id == Player.id,
                    TokenFamily.revoked_at.is_(None),
                ),
            )
        async with self.database.sessions() as db:
            row = (await db.execute(query)).first()
        if row is None:
            raise AuthenticationError("this sign-in was revoked; sign in again")
        player, game = row[0], row[1]
        if game is None:
            raise NotFoundError("no such session")
        if game.status != "active":
            raise ConflictError(f"this session is {game.status}; resume it to play")
        return game, player

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
        self, game: GameSession, player: Player, text: str, result: TurnResult, served_by: str
    ) -> TurnPublic:
        verdict = result.safety
        async with self.database.writing() as db:
            now = datetime.now(UTC)
            gap = now - game.last_activity_at if game.turn_count else timedelta(0)
            elapsed = min(max(gap, timedelta(0)), MAX_CREDITED_GAP).total_seconds()
            moved = await db.execute(
                update(GameSession)
                .where(
                    GameSession.id == game.id,
                    GameSession.status == "active",
                    GameSession.turn_count == game.turn_count,
                )
                .values(
                    world_state=result.state.model_dump(mode="json"),
                    turn_count=game.turn_count + 1,
                    last_activity_at=now,
                    active_seconds=GameSession.active_seconds + elapsed,
                )
            )
            if getattr(moved, "rowcount", 0) != 1:
                raise ConflictError("the session changed while this turn was played; try again")
            turn = Turn(
                session_id=game.id,
                player_id=player.id,
                number=game.turn_count + 1,
                input=text,
                narrative=result.narrative,
                safety={
                    "level": verdict.level.value,
                    "action": verdict.action.value,
                    "resources": [r.model_dump(mode="json") for r in verdict.resources],
                    "message": verdict.message,
                },
                suggestions=list(result.suggestions),
                location=result.location.model_dump(mode="json"),
                inventory=[i.model_dump(mode="json") for i in result.inventory],
                progress=[
                    {"type": s.type, "id": s.id, "title": s.title, "detail": s.detail}
                    for s in result.progress
                ],
                elapsed_seconds=elapsed,
                served_by=served_by,
                created_at=now,
            )
            await SessionRepository(db).add_turn(game, turn)
            await self._record_progress(db, game, player, result)
            if verdict.level.value == "crisis":
                SafetyRepository(db).add(
                    SafetyEvent(
                        player_id=player.id,
                        session_id=game.id,
                        turn_id=turn.id,
                        level=verdict.level.value,
                        rule_ids=[m.rule_id for m in verdict.matches],
                        categories=list(verdict.categories),
                        text=text if (player.privacy or {}).get("store_safety_text") else None,
                        created_at=now,
                    )
                )
                self.metrics.safety_events.inc()
            await db.commit()
            return turn_public(turn)

    @staticmethod
    async def _record_progress(
        db: AsyncSession, game: GameSession, player: Player, result: TurnResult
    ) -> None:
        repo = ProgressRepository(db)
        for signal in result.progress:
            await repo.record(
                player_id=player.id,
                session_id=game.id,
                kind=signal.type,
                key=signal.id,
                title=signal.title,
                detail=signal.detail,
            )

"""Journeys as a player sees them: a summary of one, and pausing those left behind.

A journey left active with no turn for ``session_idle_minutes`` (its tab closed without
"Pause and leave") is paused, so it never blocks its character from starting another: by a
sweep every ``idle_sweep_seconds``, and at once when the character starts a new journey.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.engine import Database
from tta_player.db.models import GameSession
from tta_player.db.repositories import MoodRepository, SessionRepository
from tta_player.schemas.sessions import SessionSummary, SummaryItem
from tta_player.services.wellbeing import mood_public

__all__ = ["idle_cutoff", "pause_idle_forever", "pause_idle_sessions", "session_summary"]

log = logging.getLogger("tta_player.journeys")


def idle_cutoff(idle_minutes: float, now: datetime | None = None) -> datetime:
    """Sessions with no activity since this moment count as left behind."""
    return (now or datetime.now(UTC)) - timedelta(minutes=idle_minutes)


async def pause_idle_sessions(database: Database, *, idle_minutes: float) -> int:
    async with database.writing() as db:
        paused = await SessionRepository(db).pause_idle(idle_cutoff(idle_minutes))
        await db.commit()
    if paused:
        log.info("paused %d journeys left idle for %s minutes", paused, idle_minutes)
    return paused


async def pause_idle_forever(database: Database, *, idle_minutes: float, every: float) -> None:
    """Pause idle journeys now and every ``every`` seconds (a failed sweep is retried)."""
    while True:
        try:
            await pause_idle_sessions(database, idle_minutes=idle_minutes)
        except Exception:  # a database hiccup must not end the sweeper
            log.exception("idle-journey sweep failed")
        await asyncio.sleep(every)


async def session_summary(db: AsyncSession, game: GameSession) -> SessionSummary:
    events = await SessionRepository(db).progress_of(game)
    moods = await MoodRepository(db).list(game.player_id, session_id=game.id)
    before = next((m for m in moods if m.moment == "before"), None)
    after = next((m for m in reversed(moods) if m.moment == "after"), None)
    skills = {e.key: SummaryItem(id=e.key, title=e.title) for e in events if e.kind == "skill"}
    return SessionSummary(
        session_id=game.id,
        character_id=game.character_id,
        world_id=game.world_id,
        status=game.status,  # type: ignore[arg-type]
        turns=game.turn_count,
        minutes_played=round(game.active_seconds / 60, 2),
        started_at=game.created_at,
        last_activity_at=game.last_activity_at,
        ended_at=game.ended_at,
        exercises=[SummaryItem(id=e.key, title=e.title) for e in events if e.kind == "exercise"],
        skills=list(skills.values()),
        milestones=[
            SummaryItem(id=e.key, title=e.title, detail=e.detail)
            for e in events
            if e.kind == "milestone"
        ],
        mood_before=mood_public(before) if before else None,
        mood_after=mood_public(after) if after else None,
    )

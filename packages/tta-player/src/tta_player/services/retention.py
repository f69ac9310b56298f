"""Data retention: what a player's privacy settings say may be kept, and no longer.

Turns (the words a player typed and the game's answers), progress events (what they did and
when: exercises, skills, milestones), mood check-ins, kept journal entries and followed-up
safety events older than the player's ``data_retention_days`` are deleted; open safety
events wait for their follow-up, since a person in crisis must not fall out of a
therapist's list. Sessions stay (their world state and counters, no words). Sign-in failure
counts of names that are not locked and saw no failure for ``FAILURES_FORGOTTEN_AFTER`` go
too (they are kept for names nobody has, so they must not pile up). The sweep runs at
startup and then every ``retention_sweep_hours``.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from tta_player.db.engine import Database
from tta_player.db.models import (
    JournalEntry,
    MoodCheckIn,
    Player,
    ProgressEvent,
    SafetyEvent,
    Turn,
)
from tta_player.db.repositories import LockoutRepository
from tta_player.schemas.players import PrivacySettings

__all__ = ["FAILURES_FORGOTTEN_AFTER", "purge_expired", "sweep_forever"]

log = logging.getLogger("tta_player.retention")
FAILURES_FORGOTTEN_AFTER = timedelta(days=1)


async def purge_expired(database: Database, *, now: datetime | None = None) -> int:
    """Delete what each player's retention period has run out on; returns rows deleted."""
    now = now or datetime.now(UTC)
    deleted = 0
    async with database.sessions() as db:
        players = (await db.execute(select(Player.id, Player.privacy))).all()
    for player_id, privacy in players:
        days = PrivacySettings.model_validate(privacy or {}).data_retention_days
        cutoff = now - timedelta(days=days)
        async with database.writing() as db:
            for statement in (
                delete(Turn).where(Turn.player_id == player_id, Turn.created_at < cutoff),
                delete(ProgressEvent).where(
                    ProgressEvent.player_id == player_id, ProgressEvent.created_at < cutoff
                ),
                delete(MoodCheckIn).where(
                    MoodCheckIn.player_id == player_id, MoodCheckIn.created_at < cutoff
                ),
                delete(JournalEntry).where(
                    JournalEntry.player_id == player_id, JournalEntry.created_at < cutoff
                ),
                delete(SafetyEvent).where(
                    SafetyEvent.player_id == player_id,
                    SafetyEvent.status == "followed_up",
                    SafetyEvent.created_at < cutoff,
                ),
            ):
                result = await db.execute(statement)
                deleted += int(getattr(result, "rowcount", 0) or 0)
            await db.commit()
    async with database.writing() as db:
        deleted += await LockoutRepository(db).forget_before(now - FAILURES_FORGOTTEN_AFTER, now)
        await db.commit()
    if deleted:
        log.info("retention sweep deleted %d rows", deleted)
    return deleted


async def sweep_forever(database: Database, *, every_hours: float) -> None:
    """Purge now and then every ``every_hours`` (a failed sweep is logged and retried)."""
    while True:
        try:
            await purge_expired(database)
        except Exception:  # a database hiccup must not end the sweeper
            log.exception("retention sweep failed")
        await asyncio.sleep(every_hours * 3600)

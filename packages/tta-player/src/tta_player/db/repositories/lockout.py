"""Sign-in failures per username (``login_failures``), known or not, persisted.

From ``threshold`` failures on, each one locks the name for a doubling time (base, 2x base...
up to a maximum); a successful sign-in clears the count. Counting is one upsert that raises
the stored count (``failures + 1 ... RETURNING``), so guesses sent at the same time cannot
overwrite each other's counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from tta_player.db.models import LoginFailure

__all__ = ["LockoutRepository"]


class LockoutRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def locked_until(self, key: str, now: datetime) -> datetime | None:
        """The end of the name's lock, if it is locked at ``now``."""
        until = await self.session.scalar(
            select(LoginFailure.locked_until).where(LoginFailure.username_key == key)
        )
        return until if until is not None and until > now else None

    async def record_failure(
        self, key: str, now: datetime, *, threshold: int, base_seconds: int, max_seconds: int
    ) -> datetime | None:
        """Count one failure; from ``threshold`` on, lock the name (returns the lock's end)."""
        on_postgres = self.session.get_bind().dialect.name == "postgresql"
        dialect = postgresql if on_postgres else sqlite
        counted = dialect.insert(LoginFailure).values(
            username_key=key, failures=1, last_failure_at=now
        )
        counted = counted.on_conflict_do_update(
            index_elements=[LoginFailure.username_key],
            set_={"failures": LoginFailure.failures + 1, "last_failure_at": now},
        ).returning(LoginFailure.failures)
        failures = int(await self.session.scalar(counted) or 0)
        over = failures - threshold
        if over < 0:
            return None
        until = now + timedelta(seconds=min(max_seconds, base_seconds * 2 ** min(over, 20)))
        await self.session.execute(
            update(LoginFailure).where(LoginFailure.username_key == key).values(locked_until=until)
        )
        return until

    async def clear(self, key: str) -> None:
        await self.session.execute(delete(LoginFailure).where(LoginFailure.username_key == key))

    async def forget_before(self, cutoff: datetime, now: datetime) -> int:
        """Drop the counts of names that failed last before ``cutoff`` and are not locked."""
        result = await self.session.execute(
            delete(LoginFailure).where(
                LoginFailure.last_failure_at < cutoff,
                or_(LoginFailure.locked_until.is_(None), LoginFailure.locked_until <= now),
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

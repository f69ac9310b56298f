"""The database engine: SQLite (WAL) in the data directory by default, PostgreSQL by URL.

``open_database`` builds the engine, brings the schema to head (``db.schema``) and returns a
``Database`` holding the engine and its session factory; the app's lifespan closes it.
``Database.run`` is the turn path's way in: one transaction of plain Core statements, run
on SQLite by the stdlib driver on a thread of its own (see ``run``).

Several processes may start together on one empty database (two api containers): the
upgrade runs under a lock that only one of them holds at a time (a PostgreSQL advisory
lock; SQLite's write lock, taken before the version is read), so the others wait and
then find the schema already at head. Before that, a SQLite file is turned to WAL once,
retrying while SQLite refuses it at once as "locked" (``_ensure_wal``).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from tta_player.db.schema import bring_to_head

__all__ = ["Database", "apply_migrations", "open_database", "retry_while_locked"]

T = TypeVar("T")

_SQLITE_TIMEOUT_S = 10.0  # how long a SQLite statement waits for another writer's lock


@dataclass
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    direct: Engine | None = None  # SQLite file: the same database through the stdlib driver
    _write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _thread: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="tta-db")
    )

    async def run(self, work: Callable[[Connection], T]) -> T:
        """``work(connection)`` in one transaction: committed if it returns, else rolled back.

        ``work`` is synchronous Core code. On a SQLite file it runs on this database's own
        thread with the stdlib driver: the whole transaction is one hand-off between threads
        (aiosqlite makes three or four per statement, each a trip through the event loop),
        and this process's transactions queue on that thread instead of retrying against
        SQLite's single write lock. On PostgreSQL it runs through ``run_sync``.
        """
        direct = self.direct
        if direct is None:
            async with self.engine.begin() as conn:
                return await conn.run_sync(work)

        def in_transaction() -> T:
            with direct.begin() as conn:
                return work(conn)

        return await asyncio.get_running_loop().run_in_executor(self._thread, in_transaction)

    @contextlib.asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """A session for a write transaction.

        SQLite has one writer at a time; writers that find the file locked sleep and retry,
        which collapses throughput under concurrency. So on SQLite, this process's writers
        queue here instead (PostgreSQL needs no such queue).
        """
        if self.dialect != "sqlite":
            async with self.sessions() as session:
                yield session
            return
        async with self._write_lock, self.sessions() as session:
            yield session

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()
        if self.direct is not None:
            await asyncio.get_running_loop().run_in_executor(self._thread, self.direct.dispose)
        self._thread.shutdown(wait=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(_SQLITE_TIMEOUT_S * 1000)}")
    cursor.close()


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _ensure_wal(path: Path) -> None:
    """Turn the SQLite file at ``path`` to WAL (it stays so: the mode is kept in the file).

    Done once, before any engine connects: connections turning a new file to WAL together
    can deadlock on its locks, and SQLite then answers "database is locked" at once instead
    of waiting out its busy timeout, so the statement is retried (``retry_while_locked``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(path, timeout=_SQLITE_TIMEOUT_S)) as connection:
        retry_while_locked(lambda: connection.execute("PRAGMA journal_mode=WAL").fetchall())


def retry_while_locked(statement: Callable[[], T], *, patience_s: float = _SQLITE_TIMEOUT_S) -> T:
    """``statement()``, run again with a growing pause while SQLite says "database is
    locked", for at most ``patience_s``; any other error, or the last one, is raised."""
    deadline = time.monotonic() + patience_s
    pause = 0.01
    while True:
        try:
            return statement()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _direct_engine(url: str) -> Engine | None:
    """The stdlib-driver engine for ``Database.run`` on a SQLite file (None otherwise)."""
    if _sqlite_file(url) is None:
        return None
    engine = create_engine(
        make_url(url).set(drivername="sqlite+pysqlite"),
        # Used by the one thread of Database.run, but made and closed from the loop's thread.
        connect_args={"timeout": _SQLITE_TIMEOUT_S, "check_same_thread": False},
        pool_size=1,
        max_overflow=0,
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _build_engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_async_engine(
            url,
            connect_args={"timeout": _SQLITE_TIMEOUT_S},
            pool_size=10,
            max_overflow=40,
            pool_timeout=60,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=20, pool_timeout=60
    )


async def apply_migrations(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(bring_to_head)


async def open_database(url: str, *, migrate: bool = True) -> Database:
    if (path := _sqlite_file(url)) is not None:
        await asyncio.to_thread(_ensure_wal, path)
    engine = _build_engine(url)
    if migrate:
        await apply_migrations(engine)
    return Database(
        engine, async_sessionmaker(engine, expire_on_commit=False), direct=_direct_engine(url)
    )

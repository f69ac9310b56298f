"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tta_player.db.engine import open_database
from tta_player.db.models import Base


def _alembic(sync, action: str, target: str) -> None:
    from alembic import command
    from alembic.config import Config

    from tta_player.db.schema import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = sync
    getattr(command, action)(config, target)


async def _diff_from_models(database) -> list:
    async with database.engine.connect() as conn:
        return await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )


async def test_migrations_create_exactly_the_models_schema(settings) -> None:
    """Run from nothing, the migrations build the schema the models describe."""
    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        async with database.engine.begin() as conn:
            await conn.run_sync(_alembic, "upgrade", "head")
        assert await _diff_from_models(database) == []
    finally:
        await database.close()


async def test_a_fresh_database_gets_the_models_schema_at_the_migrations_head(settings) -> None:
    """An empty database is built in one step (no migration replay) and stamped at head, so
    later migrations apply to it as to any other."""
    database = await open_database(settings.sqlalchemy_url)
    try:
        assert await _diff_from_models(database) == []
    finally:
        await database.close()
    assert await _schema_versions(settings.sqlalchemy_url) == [_head()]


def test_the_schema_head_the_service_knows_is_the_migrations_head() -> None:
    from tta_player.db.schema import SCHEMA_HEAD

    assert _head() == SCHEMA_HEAD


async def test_opening_a_database_behind_head_upgrades_it(settings) -> None:
    database = await open_database(settings.sqlalchemy_url)
    try:
        async with database.engine.begin() as conn:
            await conn.run_sync(_alembic, "downgrade", "0001")
    finally:
        await database.close()
    assert await _schema_versions(settings.sqlalchemy_url) == ["0001"]

    database = await open_database(settings.sqlalchemy_url)
    try:
        assert await _diff_from_models(database) == []
    finally:
        await database.close()
    assert await _schema_versions(settings.sqlalchemy_url) == [_head()]


async def test_migrating_twice_is_harmless(settings) -> None:
    for _ in range(2):
        database = await open_database(settings.sqlalchemy_url)
        await database.close()


async def test_the_migration_downgrades_to_nothing_and_back(settings) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from tta_player.db.schema import MIGRATIONS

    database = await open_database(settings.sqlalchemy_url)

    def tables(sync) -> set[str]:
        return set(inspect(sync).get_table_names()) - {"alembic_version"}

    def migrate(sync, action: str) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = sync
        getattr(command, action)(config, "base" if action == "downgrade" else "head")

    try:
        async with database.engine.begin() as conn:
            await conn.run_sync(migrate, "downgrade")
            assert await conn.run_sync(tables) == set()
            await conn.run_sync(migrate, "upgrade")
            assert "turns" in await conn.run_sync(tables)
    finally:
        await database.close()


async def test_upgrading_keeps_turns_saved_before_served_by_existed(settings, api) -> None:
    """0002 adds ``turns.served_by``: turns played before it read as served by the rewrite
    (the only implementation there was), and nothing saved is lost on the way."""
    from alembic import command
    from alembic.config import Config

    from tta_player.db.schema import MIGRATIONS

    headers = await api.sign_up("before_0002")
    session_id = await api.start_session(headers)
    played = await api.play(headers, session_id, "look around")

    def migrate(sync, action: str, target: str) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = sync
        getattr(command, action)(config, target)

    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        async with database.engine.begin() as conn:
            await conn.run_sync(migrate, "downgrade", "0001")
            await conn.run_sync(migrate, "upgrade", "head")
    finally:
        await database.close()
    history = await api.client.get(f"/api/v1/sessions/{session_id}/turns", headers=headers)
    [turn] = history.json()["items"]
    assert turn["turn_id"] == played["turn_id"]
    assert turn["narrative"] == played["narrative"]
    assert turn["served_by"] == "new"


async def test_upgrading_keeps_a_lock_set_before_login_failures_existed(
    settings, api, client
) -> None:
    """0003 moves the failure counts off ``players``: a lock set before it still holds, the
    players' rows and everything they own stay (no table rebuild, so no cascade), and the
    downgrade puts the counts back."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from tta_player.db.schema import MIGRATIONS

    headers = await api.sign_up("rowan")
    session_id = await api.start_session(headers)

    def migrate(sync, action: str, target: str) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = sync
        getattr(command, action)(config, target)

    def lock_rowan_the_old_way(sync) -> None:
        sync.execute(
            text(
                "UPDATE players SET failed_logins = 7, locked_until = :until "
                "WHERE username_key = 'rowan'"
            ),
            {"until": datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=10)},
        )

    def old_columns(sync) -> tuple[int, object]:
        return tuple(
            sync.execute(
                text("SELECT failed_logins, locked_until FROM players WHERE username_key = 'rowan'")
            ).one()
        )

    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        async with database.engine.begin() as conn:
            await conn.run_sync(migrate, "downgrade", "0002")
            await conn.run_sync(lock_rowan_the_old_way)
            await conn.run_sync(migrate, "upgrade", "head")
    finally:
        await database.close()
    locked = await client.post(
        "/api/v1/auth/login", json={"username": "rowan", "password": api.password}
    )
    assert locked.status_code == 429
    assert 500 <= int(locked.headers["retry-after"]) <= 601
    game = await client.get(f"/api/v1/sessions/{session_id}", headers=headers)
    assert game.status_code == 200

    database = await open_database(settings.sqlalchemy_url, migrate=False)
    try:
        async with database.engine.begin() as conn:
            await conn.run_sync(migrate, "downgrade", "0002")
            failures, until = await conn.run_sync(old_columns)
            await conn.run_sync(migrate, "upgrade", "head")
    finally:
        await database.close()
    assert failures == 7
    assert until is not None


async def _schema_versions(url: str) -> list[str]:
    from sqlalchemy import text

    database = await open_database(url, migrate=False)
    try:
        async with database.engine.connect() as conn:
            rows = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
    finally:
        await database.close()
    return [row.version_num for row in rows]


def _head() -> str | None:
    from alembic.script import ScriptDirectory

    from tta_player.db.schema import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


OPEN_AND_CLOSE = """
import asyncio, sys
from tta_player.db.engine import open_database

async def main():
    database = await open_database(sys.argv[1])
    await database.close()

asyncio.run(main())
"""


async def test_processes_starting_together_on_an_empty_database_all_come_up(settings) -> None:
    """Several API processes starting at once on a fresh database: one migrates, the others
    wait for it and find the schema current; every one of them starts."""
    import asyncio
    import sys

    starting = 4
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            OPEN_AND_CLOSE,
            settings.sqlalchemy_url,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(starting)
    ]
    outcomes = [await process.communicate() for process in processes]

    failures = [
        err.decode()[-400:]
        for process, (_out, err) in zip(processes, outcomes, strict=True)
        if process.returncode != 0
    ]
    assert failures == []
    assert await _schema_versions(settings.sqlalchemy_url) == [_head()]


async def test_tasks_opening_one_empty_database_at_once_all_succeed(settings) -> None:
    import asyncio

    starting = 4
    databases = await asyncio.gather(
        *(open_database(settings.sqlalchemy_url) for _ in range(starting)),
        return_exceptions=True,
    )
    opened = [db for db in databases if not isinstance(db, BaseException)]
    for database in opened:
        await database.close()
    assert opened == databases, [db for db in databases if isinstance(db, BaseException)]
    assert await _schema_versions(settings.sqlalchemy_url) == [_head()]


async def test_a_new_sqlite_file_another_program_has_locked_is_waited_for(tmp_path) -> None:
    """Start-up on a new SQLite file that another program holds locked waits for the lock,
    then turns the file to WAL and builds the schema."""
    import sqlite3
    import threading

    path = tmp_path / "tta.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        database = await open_database(f"sqlite+aiosqlite:///{path}")
        await database.close()
    finally:
        release.join()
        holder.close()
    assert await _schema_versions(f"sqlite+aiosqlite:///{path}") == [_head()]
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)

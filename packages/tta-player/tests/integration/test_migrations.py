"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tta_player.db.engine import open_database
from tta_player.db.models import Base


async def test_migrations_create_exactly_the_models_schema(settings) -> None:
    database = await open_database(settings.sqlalchemy_url)
    try:
        async with database.engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
    finally:
        await database.close()
    assert diff == []


async def test_migrating_twice_is_harmless(settings) -> None:
    for _ in range(2):
        database = await open_database(settings.sqlalchemy_url)
        await database.close()


async def test_the_migration_downgrades_to_nothing_and_back(settings) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from tta_player.db.engine import MIGRATIONS

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

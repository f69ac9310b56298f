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

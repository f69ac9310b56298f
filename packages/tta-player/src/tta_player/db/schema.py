"""Bringing a database to the schema this code expects, at start-up, under a lock.

- an empty database gets the models' schema in one ``create_all`` and is stamped at
  ``SCHEMA_HEAD`` (Alembic's recipe for a new database; the tests prove the migrations
  build exactly the same schema);
- a database already at ``SCHEMA_HEAD`` is left alone without loading Alembic;
- anything else is upgraded by the Alembic migrations.

The last two keep start-up short: Alembic and its templating stack take longer to import
than everything else the database needs.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    inspect,
    text,
)

from tta_player.db.models import Base

__all__ = ["MIGRATIONS", "MIGRATION_LOCK_KEY", "SCHEMA_HEAD", "bring_to_head"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions (a test keeps them equal).
SCHEMA_HEAD = "moods_and_journal"
MIGRATION_LOCK_KEY = 0x7474_615F_6D69_6772  # "tta_migr": one key for every tta_player process

_VERSIONS = Table(  # Alembic's own version table, as Alembic creates it
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def _lock_for_migration(connection: Connection) -> None:
    """Hold the database's migration lock until this transaction ends (waiting for it)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        # The driver opens no transaction before DDL, so two processes would both see no
        # version table; BEGIN IMMEDIATE takes the write lock now (busy_timeout waits).
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _versions(connection: Connection) -> list[str]:
    return list(connection.execute(_VERSIONS.select()).scalars())


def _upgrade(connection: Connection) -> None:
    from alembic import command  # noqa: PLC0415 (only when there is something to migrate)
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def bring_to_head(connection: Connection) -> None:
    """Run inside one transaction: the lock is held until it commits."""
    _lock_for_migration(connection)
    tables = set(inspect(connection).get_table_names())
    if not tables:
        Base.metadata.create_all(connection)
        _VERSIONS.create(connection)
        connection.execute(_VERSIONS.insert().values(version_num=SCHEMA_HEAD))
    elif _VERSIONS.name not in tables or _versions(connection) != [SCHEMA_HEAD]:
        _upgrade(connection)

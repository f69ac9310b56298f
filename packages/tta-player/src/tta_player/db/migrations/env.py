"""Alembic environment: migrations run on the connection the service hands over at startup."""

from alembic import context

from tta_player.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through tta_player.db.engine.apply_migrations")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()

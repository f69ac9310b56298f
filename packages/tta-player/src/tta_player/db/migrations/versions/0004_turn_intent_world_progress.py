"""turns.intent and turns.understood; progress_events.world_id

What the game understood each turn to mean (null for crisis and check-in turns, which count
as understood), and the world of each progress event (for milestones reached per world and
world completion). Existing progress events take the world of their session.

Revision ID: turn_intent_world_progress
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "turn_intent_world_progress"
down_revision = "0003"
branch_labels = None
depends_on = None


# Loaded by Alembic under its own module name (see 0001); tests/integration/test_migrations.py
# upgrades a database holding turns and progress through it and back.
def upgrade() -> None:  # pragma: no cover
    with op.batch_alter_table("turns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("intent", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("understood", sa.Boolean(), nullable=False, server_default=sa.text("true"))
        )
    with op.batch_alter_table("progress_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("world_id", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE progress_events SET world_id = (SELECT game_sessions.world_id FROM game_sessions"
        " WHERE game_sessions.id = progress_events.session_id)"
    )


def downgrade() -> None:  # pragma: no cover
    with op.batch_alter_table("progress_events", schema=None) as batch_op:
        batch_op.drop_column("world_id")
    with op.batch_alter_table("turns", schema=None) as batch_op:
        batch_op.drop_column("understood")
        batch_op.drop_column("intent")

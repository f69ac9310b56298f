"""mood_checkins and journal_entries: how the player felt, and what they chose to keep

Revision ID: moods_and_journal
Revises: turn_intent_world_progress
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision = "moods_and_journal"
down_revision = "turn_intent_world_progress"
branch_labels = None
depends_on = None


def _links() -> list[SchemaItem]:
    return [
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("player_id", sa.String(length=32), nullable=False),
        sa.Column("session_id", sa.String(length=32), nullable=True),
    ]


def _keys() -> list[SchemaItem]:
    return [
        sa.ForeignKeyConstraint(["player_id"], ["players.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["game_sessions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    ]


# Loaded by Alembic under its own module name (see 0001); tests/integration/test_migrations.py
# upgrades a database through it and back.
def upgrade() -> None:  # pragma: no cover
    op.create_table(
        "mood_checkins",
        *_links(),
        sa.Column("moment", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        *_keys(),
    )
    op.create_table(
        "journal_entries",
        *_links(),
        sa.Column("world_id", sa.String(length=64), nullable=True),
        sa.Column("exercise_id", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        *_keys(),
    )
    for table in ("mood_checkins", "journal_entries"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_player_id"), ["player_id"])
            batch_op.create_index(batch_op.f(f"ix_{table}_session_id"), ["session_id"])


def downgrade() -> None:  # pragma: no cover
    op.drop_table("journal_entries")
    op.drop_table("mood_checkins")

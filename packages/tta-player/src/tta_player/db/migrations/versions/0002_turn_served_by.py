"""turns.served_by: which implementation (new or legacy) served each turn

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


# Loaded by Alembic under its own module name (see 0001); tests/integration/test_migrations.py
# upgrades a database holding turns through it and back.
def upgrade() -> None:  # pragma: no cover
    # Every turn saved before this column existed was served by the rewrite.
    with op.batch_alter_table("turns", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("served_by", sa.String(length=8), nullable=False, server_default="new")
        )


def downgrade() -> None:  # pragma: no cover
    with op.batch_alter_table("turns", schema=None) as batch_op:
        batch_op.drop_column("served_by")

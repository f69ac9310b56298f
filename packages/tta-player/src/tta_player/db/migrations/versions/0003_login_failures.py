"""login_failures: sign-in failures per username, known or not (off the players table)

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


# Loaded by Alembic under its own module name (see 0001); tests/integration/test_migrations.py
# upgrades a database with a locked player through it and back. The players columns go with
# ALTER TABLE ... DROP COLUMN, which SQLite has had since 3.35: rebuilding the players table
# instead (Alembic's batch mode) would drop it first, and its ON DELETE CASCADE with it.
def upgrade() -> None:  # pragma: no cover
    op.create_table(
        "login_failures",
        sa.Column("username_key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username_key"),
    )
    op.create_index(
        op.f("ix_login_failures_last_failure_at"),
        "login_failures",
        ["last_failure_at"],
        unique=False,
    )
    op.execute(
        "INSERT INTO login_failures (username_key, failures, locked_until, last_failure_at) "
        "SELECT username_key, failed_logins, locked_until, updated_at FROM players "
        "WHERE failed_logins > 0 OR locked_until IS NOT NULL"
    )
    op.execute("ALTER TABLE players DROP COLUMN failed_logins")
    op.execute("ALTER TABLE players DROP COLUMN locked_until")


def downgrade() -> None:  # pragma: no cover
    op.add_column(
        "players",
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("players", sa.Column("locked_until", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE players SET "
        "failed_logins = (SELECT failures FROM login_failures "
        "WHERE login_failures.username_key = players.username_key), "
        "locked_until = (SELECT locked_until FROM login_failures "
        "WHERE login_failures.username_key = players.username_key) "
        "WHERE username_key IN (SELECT username_key FROM login_failures)"
    )
    op.drop_index(op.f("ix_login_failures_last_failure_at"), table_name="login_failures")
    op.drop_table("login_failures")

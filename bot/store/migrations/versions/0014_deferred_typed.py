"""deferred_turns.typed: a kept typed answer keeps what was typed (encrypted)

Revision ID: 0014_deferred_typed
Revises: 0013_waiting
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_deferred_typed"
down_revision = "0013_waiting"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deferred_turns") as batch:
        batch.add_column(sa.Column("typed", sa.LargeBinary, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deferred_turns") as batch:
        batch.drop_column("typed")

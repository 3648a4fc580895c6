"""telegram_updates.card_sent_at and deferred_turns.check_in: the screen's answers that no longer
wait for a turn (the crisis card while Redis is away) or wait for the right moment (a check-in on a
message kept behind others)

Revision ID: 0016_screen_without_turn
Revises: 0015_reply_to
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_screen_without_turn"
down_revision = "0015_reply_to"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("telegram_updates") as batch:
        batch.add_column(sa.Column("card_sent_at", sa.DateTime, nullable=True))
    with op.batch_alter_table("deferred_turns") as batch:
        batch.add_column(sa.Column("check_in", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("deferred_turns") as batch:
        batch.drop_column("check_in")
    with op.batch_alter_table("telegram_updates") as batch:
        batch.drop_column("card_sent_at")

"""several instances: webhook updates stored before they are answered, messages waiting for Rasa,
staff alerts claimed by the instance that sends them

Revision ID: 0010_several_instances
Revises: 0009_practice_per_conversation
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_several_instances"
down_revision = "0009_practice_per_conversation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_alerts") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime, nullable=True))
    op.create_table(
        "telegram_updates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("update_id", sa.BigInteger, nullable=False, unique=True),
        sa.Column("chat_key", sa.String(64), nullable=False, index=True),
        sa.Column("payload", sa.LargeBinary, nullable=True),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("done_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_telegram_updates_pending", "telegram_updates", ["done_at", "received_at"])
    op.create_table(
        "deferred_turns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("message", sa.LargeBinary, nullable=False),
        sa.Column("sender_id", sa.String(100), nullable=False),
        sa.Column("language", sa.String(5), nullable=False, server_default="nl"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("turn_id", sa.String(32), nullable=True),
        sa.Column("not_before", sa.DateTime, nullable=False),
        sa.Column("notified", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("done_at", sa.DateTime, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("deferred_turns")
    op.drop_index("ix_telegram_updates_pending", table_name="telegram_updates")
    op.drop_table("telegram_updates")
    with op.batch_alter_table("staff_alerts") as batch:
        batch.drop_column("claimed_at")
        batch.drop_column("claimed_by")

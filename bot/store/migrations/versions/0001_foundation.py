"""foundation: practices, workers, weekly hours, conversations, transcript, crisis events

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(300), nullable=False, server_default=""),
        sa.Column("municipality", sa.String(100), nullable=False),
        sa.Column("worker_title", sa.String(100), nullable=False, server_default="POH-Jeugd"),
        sa.Column("huisartsenpost_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("huisartsenpost_phone", sa.String(40), nullable=False, server_default=""),
        sa.Column("phone", sa.String(40), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "workers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(200), nullable=False, server_default=""),
        sa.Column("calendar_token", sa.String(64), nullable=False, unique=True),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "practice_workers",
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("worker_id", sa.Integer, sa.ForeignKey("workers.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "weekly_hours",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("worker_id", sa.Integer, sa.ForeignKey("workers.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("practices.id", ondelete="CASCADE"), nullable=False),
        sa.Column("weekday", sa.Integer, nullable=False),
        sa.Column("start_time", sa.String(5), nullable=False),
        sa.Column("end_time", sa.String(5), nullable=False),
    )
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False, unique=True),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("external_id", sa.String(100), nullable=False),
        sa.Column("sender_id", sa.String(100), nullable=False, unique=True),
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("practices.id"), nullable=True),
        sa.Column("language", sa.String(5), nullable=False, server_default="nl"),
        sa.Column("flagged", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("crisis_category", sa.String(40), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("channel", "external_id", name="uq_conversation_channel_user"),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False, server_default="text"),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("intent", sa.String(80), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "crisis_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("source", sa.String(20), nullable=False, server_default="screen"),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "staff_alerts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("sent_at", sa.DateTime, nullable=True),
    )


def downgrade() -> None:
    for table in ("staff_alerts", "crisis_events", "messages", "conversations", "weekly_hours",
                  "practice_workers", "workers", "practices"):
        op.drop_table(table)

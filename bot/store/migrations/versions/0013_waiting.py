"""waiting: the waiting-time check-in (per-practice days, answers) and the safety plan

Revision ID: 0013_waiting
Revises: 0012_staff_chat
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_waiting"
down_revision = "0012_staff_chat"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("booking_settings") as batch:
        batch.add_column(sa.Column("checkin_days", sa.Integer, nullable=False, server_default="7"))
    with op.batch_alter_table("handovers") as batch:
        batch.add_column(sa.Column("checkin_answer", sa.String(10), nullable=True))
        batch.add_column(sa.Column("checkin_at", sa.DateTime, nullable=True))
    op.create_table(
        "waiting_checkins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("outbox_id", sa.Integer, sa.ForeignKey("chat_outbox.id", ondelete="SET NULL"), nullable=True),
        sa.Column("appointment_id", sa.Integer, sa.ForeignKey("appointments.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("handover_id", sa.Integer, nullable=True),
        sa.Column("sender_id", sa.String(100), nullable=False),
        sa.Column("step", sa.String(12), nullable=True),
        sa.Column("answer", sa.String(10), nullable=True),
        sa.Column("change", sa.LargeBinary, nullable=True),
        sa.Column("heaviness_before", sa.Integer, nullable=True),
        sa.Column("heaviness_after", sa.Integer, nullable=True),
        sa.Column("school_after", sa.String(10), nullable=True),
        sa.Column("urgency_before", sa.String(10), nullable=True),
        sa.Column("urgency_after", sa.String(10), nullable=True),
        sa.Column("moved_to_appointment_id", sa.Integer, nullable=True),
        sa.Column("sent_at", sa.DateTime, nullable=True),
        sa.Column("answered_at", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "safety_plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                  nullable=False, unique=True),
        sa.Column("content", sa.LargeBinary, nullable=True),
        sa.Column("draft", sa.LargeBinary, nullable=True),
        sa.Column("step", sa.String(20), nullable=True),
        sa.Column("mode", sa.String(10), nullable=True),
        sa.Column("sender_id", sa.String(100), nullable=True),
        sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("shared_at", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("safety_plans")
    op.drop_table("waiting_checkins")
    with op.batch_alter_table("handovers") as batch:
        batch.drop_column("checkin_at")
        batch.drop_column("checkin_answer")
    with op.batch_alter_table("booking_settings") as batch:
        batch.drop_column("checkin_days")

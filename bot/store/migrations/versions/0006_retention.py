"""retention: per-practice periods, when a handover was closed, and claims of scheduled jobs

Revision ID: 0006_retention
Revises: 0005_privacy_at_rest
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_retention"
down_revision = "0005_privacy_at_rest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_settings",
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("unfinished_days", sa.Integer, nullable=False),
        sa.Column("closed_handover_days", sa.Integer, nullable=False),
        sa.Column("past_appointment_days", sa.Integer, nullable=False),
    )
    op.create_table(
        "scheduled_jobs",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("last_run_at", sa.DateTime, nullable=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_until", sa.DateTime, nullable=True),
    )
    with op.batch_alter_table("handovers") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime, nullable=True))
    # Handovers closed before this release: their last change is the best guess of when.
    op.execute("UPDATE handovers SET closed_at = updated_at WHERE status = 'closed'")


def downgrade() -> None:
    with op.batch_alter_table("handovers") as batch:
        batch.drop_column("closed_at")
    op.drop_table("scheduled_jobs")
    op.drop_table("retention_settings")

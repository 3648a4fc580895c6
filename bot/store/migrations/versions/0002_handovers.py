"""handovers and intake answers (issue 6)

Revision ID: 0002_handovers
Revises: 0001_foundation
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_handovers"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handovers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.Integer(), sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("practice_id", sa.Integer(), sa.ForeignKey("practices.id"), nullable=True),
        sa.Column("role", sa.String(20), nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("age_band", sa.String(10), nullable=True),
        sa.Column("themes", sa.String(200), nullable=False, server_default=""),
        sa.Column("urgency", sa.String(10), nullable=False, server_default="regular"),
        sa.Column("flags", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("consent", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("answers", sa.LargeBinary(), nullable=True),
        sa.Column("summary", sa.LargeBinary(), nullable=True),
        sa.Column("contact_method", sa.String(20), nullable=True),
        sa.Column("complete", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("status", sa.String(10), nullable=False, server_default="new"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_handovers_conversation_id", "handovers", ["conversation_id"])
    op.create_index("ix_handovers_practice_id", "handovers", ["practice_id"])
    op.create_index("ix_handovers_status_urgency", "handovers", ["status", "urgency"])


def downgrade() -> None:
    op.drop_index("ix_handovers_status_urgency", table_name="handovers")
    op.drop_index("ix_handovers_practice_id", table_name="handovers")
    op.drop_index("ix_handovers_conversation_id", table_name="handovers")
    op.drop_table("handovers")

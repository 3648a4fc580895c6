"""consent that can be shown: who gave it, when, and the version of the text shown

Revision ID: 0011_consent_records
Revises: 0010_several_instances
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_consent_records"
down_revision = "0010_several_instances"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consent_texts",
        sa.Column("version", sa.String(16), primary_key=True),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("first_shown_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("handover_id", sa.Integer, nullable=True, index=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("answer", sa.String(10), nullable=False),
        sa.Column("given_by", sa.String(10), nullable=False),
        sa.Column("age_band", sa.String(10), nullable=True),
        sa.Column("text_version", sa.String(16), sa.ForeignKey("consent_texts.version"), nullable=False),
        sa.Column("given_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("consent_records")
    op.drop_table("consent_texts")

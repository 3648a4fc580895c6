"""one practice per conversation: a conversation can be archived when the person starts over
with another practice, so one chat can have several conversations (one of them current)

Revision ID: 0009_practice_per_conversation
Revises: 0008_staff_least_privilege
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_practice_per_conversation"
down_revision = "0008_staff_least_privilege"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("archived_at", sa.DateTime, nullable=True))
        batch.drop_constraint("uq_conversation_channel_user", type_="unique")
    # One current conversation per chat; archived ones keep the chat's hash, so the person's
    # own /vergeet and /mijngegevens still find them.
    op.create_index("uq_conversation_channel_user_current", "conversations", ["channel", "external_hash"],
                    unique=True, sqlite_where=sa.text("archived_at IS NULL"),
                    postgresql_where=sa.text("archived_at IS NULL"))
    op.create_index("ix_conversations_external_hash", "conversations", ["external_hash"])


def downgrade() -> None:
    op.execute("DELETE FROM conversations WHERE archived_at IS NOT NULL")
    op.drop_index("ix_conversations_external_hash", "conversations")
    op.drop_index("uq_conversation_channel_user_current", "conversations")
    with op.batch_alter_table("conversations") as batch:
        batch.create_unique_constraint("uq_conversation_channel_user", ["channel", "external_hash"])
        batch.drop_column("archived_at")

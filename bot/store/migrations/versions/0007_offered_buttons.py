"""keyed hashes of the button payloads a conversation was offered

Typed text can never set an intent or a slot: a pressed button counts only when the bot
offered that payload in this conversation. The column holds HMACs, never the payloads.

Revision ID: 0007_offered_buttons
Revises: 0006_retention
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_offered_buttons"
down_revision = "0006_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("offered", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("offered")

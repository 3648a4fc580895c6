"""messages.reply_to and deferred_turns.reply_to: the inbound line a reply answers

A message kept while Rasa was away is answered after the person's later messages were stored, so
a reply's place in the transcript no longer says which message it answers; this link does.

Revision ID: 0015_reply_to
Revises: 0014_deferred_typed
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_reply_to"
down_revision = "0014_deferred_typed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No foreign key: retention deletes old lines by age, and a link to a deleted line is harmless.
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("reply_to", sa.Integer, nullable=True))
    with op.batch_alter_table("deferred_turns") as batch:
        batch.add_column(sa.Column("reply_to", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deferred_turns") as batch:
        batch.drop_column("reply_to")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("reply_to")

"""the support worker in the chat: staff messages, takeovers, call-back requests, opening hours

- chat_outbox: an encrypted body for messages a worker writes (they may hold health details),
  who wrote it, and the worker's name and title as the person and the transcript see them;
- messages.author: a transcript line written by a worker says who ("Sanne (POH-Jeugd)");
- takeovers: one row per "Gesprek overnemen"; at most one open per conversation (a partial
  unique index, so two workers racing for one conversation cannot both win);
- urgent_requests becomes the call-back list: urgency, an encrypted phone number, when the
  person was told to expect contact, and who resolved it;
- practice_chat_settings, practice_opening_hours and message_templates: per practice.

Revision ID: 0012_staff_chat
Revises: 0011_consent_records
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_staff_chat"
down_revision = "0011_consent_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chat_outbox") as batch:
        batch.add_column(sa.Column("body_enc", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("author", sa.String(200), nullable=True))
        batch.add_column(sa.Column("staff_user_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("author", sa.String(200), nullable=True))
    with op.batch_alter_table("urgent_requests") as batch:
        batch.add_column(sa.Column("urgency", sa.String(10), nullable=False, server_default="urgent"))
        batch.add_column(sa.Column("phone_enc", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("expected_utc", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("resolved_by", sa.String(200), nullable=True))
    op.create_index("ix_urgent_requests_open", "urgent_requests", ["practice_id", "resolved_at"])

    op.create_table(
        "takeovers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.Integer(), sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column("worker_name", sa.String(200), nullable=False),
        sa.Column("worker_title", sa.String(100), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(20), nullable=True),
        sa.Column("ended_by", sa.String(200), nullable=True),
        sa.Column("staff_seen_message_id", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_takeovers_conversation", "takeovers", ["conversation_id"])
    op.create_index(
        "uq_takeovers_open_per_conversation", "takeovers", ["conversation_id"], unique=True,
        sqlite_where=sa.text("ended_at IS NULL"), postgresql_where=sa.text("ended_at IS NULL"),
    )

    op.create_table(
        "practice_chat_settings",
        sa.Column("practice_id", sa.Integer(), sa.ForeignKey("practices.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("takeover_idle_minutes", sa.Integer(), nullable=False, server_default="30"),
    )
    op.create_table(
        "practice_opening_hours",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("practice_id", sa.Integer(), sa.ForeignKey("practices.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.String(5), nullable=False),
        sa.Column("end_time", sa.String(5), nullable=False),
    )
    op.create_table(
        "message_templates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("practice_id", sa.Integer(), sa.ForeignKey("practices.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("message_templates")
    op.drop_table("practice_opening_hours")
    op.drop_table("practice_chat_settings")
    op.drop_index("uq_takeovers_open_per_conversation", table_name="takeovers")
    op.drop_index("ix_takeovers_conversation", table_name="takeovers")
    op.drop_table("takeovers")
    op.drop_index("ix_urgent_requests_open", table_name="urgent_requests")
    with op.batch_alter_table("urgent_requests") as batch:
        batch.drop_column("resolved_by")
        batch.drop_column("expected_utc")
        batch.drop_column("phone_enc")
        batch.drop_column("urgency")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("author")
    with op.batch_alter_table("chat_outbox") as batch:
        batch.drop_column("staff_user_id")
        batch.drop_column("author")
        batch.drop_column("body_enc")

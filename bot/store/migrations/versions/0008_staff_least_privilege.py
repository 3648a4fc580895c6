"""staff least privilege: enrolment links and authenticator re-enrolment, a hash chain over
the audit log, and Rasa's events table made by the migration (so the app's database role on
PostgreSQL needs no right to create tables)

Revision ID: 0008_staff_least_privilege
Revises: 0007_offered_buttons
Create Date: 2026-11-24
"""
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0008_staff_least_privilege"
down_revision = "0007_offered_buttons"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
SQLITE_TRIGGERS = [
    """CREATE TRIGGER staff_audit_no_update BEFORE UPDATE ON staff_audit
       BEGIN SELECT RAISE(ABORT, 'staff_audit is append-only'); END""",
    """CREATE TRIGGER staff_audit_no_delete BEFORE DELETE ON staff_audit
       BEGIN SELECT RAISE(ABORT, 'staff_audit is append-only'); END""",
]


def _digest(row) -> str:
    # The same as bot.staff.audit.row_digest, frozen here as this revision knew it.
    fields = [row.id, row.at.isoformat(timespec="microseconds"), row.user_id, row.user_email, row.on_behalf_of,
              row.action, row.object_type, row.object_id, row.conversation_reference, row.practice_code,
              row.detail, row.client, row.prev_hash]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def _without_audit_triggers(work) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER staff_audit_no_update")
        op.execute("DROP TRIGGER staff_audit_no_delete")
        work()
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.execute("ALTER TABLE staff_audit DISABLE TRIGGER staff_audit_no_update")
        work()
        op.execute("ALTER TABLE staff_audit ENABLE TRIGGER staff_audit_no_update")


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("totp_pending", sa.LargeBinary, nullable=True))
        batch.add_column(sa.Column("enrol_token_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("enrol_expires_at", sa.DateTime, nullable=True))
        batch.create_unique_constraint("uq_staff_users_enrol_token_hash", ["enrol_token_hash"])

    bind = op.get_bind()
    audit = sa.table("staff_audit", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                     sa.column("user_id", sa.Integer), *(sa.column(c, sa.String) for c in (
                         "user_email", "on_behalf_of", "action", "object_type", "object_id",
                         "conversation_reference", "practice_code", "detail", "client", "prev_hash")))

    def add_chain() -> None:
        if bind.dialect.name == "sqlite":
            # SQLite cannot add a NOT NULL column without a default in place; batch copies the table.
            with op.batch_alter_table("staff_audit") as batch:
                batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
        else:
            op.add_column("staff_audit", sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
        previous = GENESIS
        for row in bind.execute(sa.select(audit).order_by(audit.c.id)).all():
            bind.execute(audit.update().where(audit.c.id == row.id).values(prev_hash=previous))
            previous = _digest(_Row(row, previous))

    _without_audit_triggers(add_chain)

    if not sa.inspect(bind).has_table("events"):
        # Exactly rasa.core.tracker_store.SQLTrackerStore.SQLEvent (Rasa 3.6): Rasa finds it there.
        op.create_table(
            "events",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("sender_id", sa.String(255), nullable=False, index=True),
            sa.Column("type_name", sa.String(255), nullable=False),
            sa.Column("timestamp", sa.Float),
            sa.Column("intent_name", sa.String(255)),
            sa.Column("action_name", sa.String(255)),
            sa.Column("data", sa.Text),
        )


class _Row:
    """A row of the audit table with its new prev_hash, for the digest."""

    def __init__(self, row, prev_hash: str):
        self.__dict__.update(row._mapping)
        self.prev_hash = prev_hash


def downgrade() -> None:
    def drop_chain() -> None:
        with op.batch_alter_table("staff_audit") as batch:
            batch.drop_column("prev_hash")

    _without_audit_triggers(drop_chain)
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_constraint("uq_staff_users_enrol_token_hash", type_="unique")
        batch.drop_column("enrol_expires_at")
        batch.drop_column("enrol_token_hash")
        batch.drop_column("totp_pending")

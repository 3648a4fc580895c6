"""staff accounts, login throttling and the NEN 7513 audit log (issue 8)

Revision ID: 0004_staff
Revises: 0003_booking
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_staff"
down_revision = "0003_booking"
branch_labels = None
depends_on = None

# The audit log is append-only in the database too (NEN 7513): UPDATE and DELETE fail.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER staff_audit_no_update BEFORE UPDATE ON staff_audit
       BEGIN SELECT RAISE(ABORT, 'staff_audit is append-only'); END""",
    """CREATE TRIGGER staff_audit_no_delete BEFORE DELETE ON staff_audit
       BEGIN SELECT RAISE(ABORT, 'staff_audit is append-only'); END""",
]
POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION staff_audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'staff_audit is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER staff_audit_no_update BEFORE UPDATE OR DELETE ON staff_audit
       FOR EACH ROW EXECUTE FUNCTION staff_audit_append_only()""",
    # TRUNCATE bypasses row triggers; it needs a statement trigger of its own.
    """CREATE TRIGGER staff_audit_no_truncate BEFORE TRUNCATE ON staff_audit
       FOR EACH STATEMENT EXECUTE FUNCTION staff_audit_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(200), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("totp_secret", sa.LargeBinary, nullable=False),
        sa.Column("totp_last_step", sa.Integer, nullable=False, server_default="0"),
        sa.Column("role", sa.String(10), nullable=False, server_default="worker"),
        sa.Column("worker_id", sa.Integer, sa.ForeignKey("workers.id", ondelete="SET NULL"), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_login_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "staff_user_practices",
        sa.Column("staff_user_id", sa.Integer, sa.ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "staff_login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(200), nullable=False, index=True),
        sa.Column("client", sa.String(64), nullable=False, server_default=""),
        sa.Column("ok", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime, nullable=False, index=True),
    )
    op.create_table(
        "staff_audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("user_id", sa.Integer, nullable=True),
        sa.Column("user_email", sa.String(200), nullable=False),
        sa.Column("on_behalf_of", sa.String(200), nullable=False, server_default=""),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False, server_default=""),
        sa.Column("object_id", sa.String(40), nullable=False, server_default=""),
        sa.Column("conversation_reference", sa.String(16), nullable=False, server_default=""),
        sa.Column("practice_code", sa.String(32), nullable=False, server_default=""),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("client", sa.String(64), nullable=False, server_default=""),
    )
    op.create_table(
        "staff_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("handover_id", sa.Integer, nullable=False, index=True),
        sa.Column("user_id", sa.Integer, nullable=True),
        sa.Column("user_email", sa.String(200), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE staff_audit")
        op.execute("DROP FUNCTION IF EXISTS staff_audit_append_only()")
    else:
        op.drop_table("staff_audit")
    for table in ("staff_notes", "staff_login_attempts", "staff_sessions", "staff_user_practices", "staff_users"):
        op.drop_table(table)

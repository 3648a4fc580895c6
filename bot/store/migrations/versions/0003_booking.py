"""booking: appointment types, availability exceptions, appointments, reminders (issue 7)

Revision ID: 0003_booking
Revises: 0002_handovers
Create Date: 2026-11-23

Depends only on tables from 0001; ``appointments.handover_id`` has no foreign key to the
handover tables on purpose (see bot/store/models_booking.py).
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_booking"
down_revision = "0002_handovers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    types = op.create_table(
        "appointment_types",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("practices.id", ondelete="CASCADE"), nullable=True),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("duration_minutes", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("practice_id", "code", name="uq_appointment_type_practice_code"),
    )
    op.bulk_insert(types, [
        {"practice_id": None, "code": "praktijk", "name": "Op de praktijk", "duration_minutes": 45, "active": True, "position": 1},
        {"practice_id": None, "code": "video", "name": "Videobellen", "duration_minutes": 45, "active": True, "position": 2},
        {"practice_id": None, "code": "telefoon", "name": "Telefonisch", "duration_minutes": 30, "active": True, "position": 3},
    ])
    op.create_table(
        "booking_settings",
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("lead_time_hours", sa.Integer, nullable=False, server_default="24"),
        sa.Column("horizon_weeks", sa.Integer, nullable=False, server_default="8"),
        sa.Column("slot_minutes", sa.Integer, nullable=False, server_default="45"),
        sa.Column("urgent_lead_time_hours", sa.Integer, nullable=False, server_default="2"),
        sa.Column("urgent_window_days", sa.Integer, nullable=False, server_default="7"),
        sa.Column("reminder_hours", sa.Integer, nullable=False, server_default="24"),
        sa.Column("observe_public_holidays", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "availability_exceptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("worker_id", sa.Integer, sa.ForeignKey("workers.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("start_utc", sa.DateTime, nullable=False),
        sa.Column("end_utc", sa.DateTime, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False, server_default="holiday"),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "held_slots",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("worker_id", sa.Integer, sa.ForeignKey("workers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("practices.id", ondelete="CASCADE"), nullable=False),
        sa.Column("weekday", sa.Integer, nullable=False),
        sa.Column("start_time", sa.String(5), nullable=False),
        sa.UniqueConstraint("worker_id", "practice_id", "weekday", "start_time", name="uq_held_slot"),
    )
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("practices.id"), nullable=False, index=True),
        sa.Column("worker_id", sa.Integer, sa.ForeignKey("workers.id"), nullable=False),
        sa.Column("conversation_id", sa.Integer, sa.ForeignKey("conversations.id", ondelete="SET NULL"), nullable=True, index=True),
        sa.Column("handover_id", sa.Integer, nullable=True),
        sa.Column("type_code", sa.String(20), nullable=False),
        sa.Column("start_utc", sa.DateTime, nullable=False),
        sa.Column("end_utc", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(12), nullable=False, server_default="booked"),
        sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("rescheduled_from_id", sa.Integer, sa.ForeignKey("appointments.id"), nullable=True),
        sa.Column("changed_by", sa.String(20), nullable=False, server_default="client"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    # The double-booking guard: one booked appointment per worker and start time.
    op.create_index(
        "uq_appointments_worker_start_booked", "appointments", ["worker_id", "start_utc"], unique=True,
        sqlite_where=sa.text("status = 'booked'"), postgresql_where=sa.text("status = 'booked'"),
    )
    op.create_table(
        "urgent_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("practices.id"), nullable=False),
        sa.Column("conversation_id", sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=True),
        sa.Column("handover_id", sa.Integer, nullable=True),
        sa.Column("reason", sa.String(40), nullable=False, server_default="no_urgent_slot"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("resolved_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "chat_outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("appointment_id", sa.Integer, sa.ForeignKey("appointments.id", ondelete="CASCADE"), nullable=True, index=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("body", sa.Text, nullable=False, server_default=""),
        sa.Column("due_utc", sa.DateTime, nullable=False, index=True),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime, nullable=True),
        sa.Column("sent_at", sa.DateTime, nullable=True),
        sa.Column("cancelled_at", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("chat_outbox")
    op.drop_table("urgent_requests")
    op.drop_index("uq_appointments_worker_start_booked", table_name="appointments")
    for table in ("appointments", "held_slots", "availability_exceptions", "booking_settings", "appointment_types"):
        op.drop_table(table)

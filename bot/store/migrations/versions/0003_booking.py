"""booking: appointment types, availability exceptions, appointments, reminders (issue 7)

Revision ID: 0003_booking
Revises: 0002_handovers
Create Date: 2026-11-23
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003_booking"
down_revision = "0002_handovers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

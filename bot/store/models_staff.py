"""Staff accounts, their web sessions, login attempts and the NEN 7513 audit log.

The audit log is append-only: :mod:`bot.staff.audit` refuses to change or delete rows in the
ORM, and migration 0004 adds database triggers that reject UPDATE and DELETE (SQLite and
PostgreSQL), so not even a hand-written SQL statement can rewrite history.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import relationship

from bot.store.models import ENCRYPTED, Base, Practice, utcnow

staff_user_practices = Table(
    "staff_user_practices",
    Base.metadata,
    Column("staff_user_id", ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True),
    Column("practice_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
)


class StaffUser(Base):
    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    email = Column(String(200), nullable=False, unique=True)
    password_hash = Column(String(200), nullable=False)
    # The TOTP secret is encrypted with Store.cipher like every other secret at rest.
    totp_secret = Column(LargeBinary, nullable=False, info=ENCRYPTED)
    # The last TOTP time step accepted: a code cannot be used twice.
    totp_last_step = Column(Integer, nullable=False, default=0)
    # A new authenticator secret waiting to be confirmed with a code from it (enrolment or
    # re-enrolment); until then the old one keeps working.
    totp_pending = Column(LargeBinary, nullable=True, info=ENCRYPTED)
    # The one-time enrolment link (only its SHA-256 is stored) and until when it works. An
    # account made in the web workspace has no usable password until the link is used.
    enrol_token_hash = Column(String(64), nullable=True, unique=True)
    enrol_expires_at = Column(DateTime, nullable=True)
    role = Column(String(10), nullable=False, default="worker")  # worker | admin
    worker_id = Column(ForeignKey("workers.id", ondelete="SET NULL"), nullable=True)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_login_at = Column(DateTime, nullable=True)

    practices = relationship(Practice, secondary=staff_user_practices, order_by=Practice.code)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class StaffSession(Base):
    """A server-side web session. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "staff_sessions"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    user_id = Column(ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_seen_at = Column(DateTime, nullable=False, default=utcnow)
    ended_at = Column(DateTime, nullable=True)

    user = relationship(StaffUser)


class LoginAttempt(Base):
    """One login attempt, for throttling. Holds the e-mail typed and the client address."""

    __tablename__ = "staff_login_attempts"

    id = Column(Integer, primary_key=True)
    email = Column(String(200), nullable=False, index=True)
    client = Column(String(64), nullable=False, default="")
    ok = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)


class AuditEvent(Base):
    """NEN 7513: who did what with whose data, when, on whose behalf. Append-only.

    Never holds the data itself (no message text, no names of clients): only references.
    """

    __tablename__ = "staff_audit"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    # Copied, not only referenced: the log must stay readable after an account is removed.
    user_id = Column(Integer, nullable=True)
    user_email = Column(String(200), nullable=False)
    on_behalf_of = Column(String(200), nullable=False, default="")
    action = Column(String(40), nullable=False)  # view, export, change, login, ...
    object_type = Column(String(40), nullable=False, default="")  # handover, appointment, ...
    object_id = Column(String(40), nullable=False, default="")
    conversation_reference = Column(String(16), nullable=False, default="")
    practice_code = Column(String(32), nullable=False, default="")
    detail = Column(Text, nullable=False, default="")
    client = Column(String(64), nullable=False, default="")
    # SHA-256 of the row before (bot.staff.audit.row_digest): a hash chain over the whole log.
    prev_hash = Column(String(64), nullable=False, default="")


class StaffNote(Base):
    """A worker's note on a handover. The text is encrypted with Store.cipher.

    ``handover_id`` is a plain integer so the staff tables do not depend on the handover
    migration's details; the staff web checks access through the handover itself.
    """

    __tablename__ = "staff_notes"

    id = Column(Integer, primary_key=True)
    handover_id = Column(Integer, nullable=False, index=True)
    user_id = Column(Integer, nullable=True)
    user_email = Column(String(200), nullable=False)
    body = Column(LargeBinary, nullable=False, info=ENCRYPTED)
    created_at = Column(DateTime, nullable=False, default=utcnow)

"""The NEN 7513 access log: every view, export and change of a person's data by staff.

Append-only in code (a flush that changes or deletes an AuditEvent raises) and in the
database (triggers from migration 0004; on PostgreSQL the app's role may only read and add,
see bot.store.migrate.grant_app_role). Rows hold references, never the data itself.

Each row carries ``prev_hash``, the SHA-256 of the row before it (all its fields, its own
``prev_hash`` included), so a row changed or removed behind the app's back breaks the chain
from there on: :func:`verify_chain` (``intake audit verify``) finds the first broken link.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from bot.store.models import utcnow
from bot.store.models_staff import AuditEvent, StaffUser

GENESIS = "0" * 64
# On PostgreSQL, adding a row takes this transaction-level advisory lock, so two transactions
# never chain onto the same last row. (SQLite serialises writers by itself.)
_CHAIN_LOCK = 7513


class AuditLogIsAppendOnly(RuntimeError):
    pass


def row_digest(row: AuditEvent) -> str:
    """The SHA-256 of every field of one row, as the next row's ``prev_hash``."""
    at = row.at.isoformat(timespec="microseconds")
    fields = [row.id, at, row.user_id, row.user_email, row.on_behalf_of, row.action, row.object_type,
              row.object_id, row.conversation_reference, row.practice_code, row.detail, row.client, row.prev_hash]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def _last(session: Session) -> AuditEvent | None:
    return session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).scalar_one_or_none()


@event.listens_for(Session, "before_flush")
def _refuse_rewrites(session: Session, _flush_context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent):
            raise AuditLogIsAppendOnly("the audit log is append-only")


@dataclass(frozen=True)
class Actor:
    """Who acts: the logged-in user, and on whose behalf (e.g. the GP the worker works for)."""

    user_id: int | None
    email: str
    on_behalf_of: str = ""
    client: str = ""

    @classmethod
    def of(cls, user: StaffUser, *, client: str = "", on_behalf_of: str = "") -> Actor:
        if not on_behalf_of:
            on_behalf_of = ", ".join(p.code for p in user.practices)
        return cls(user.id, user.email, on_behalf_of, client)


def cli_actor(by: str = "") -> Actor:
    """The operator at the command line: their login name, and who took the request (``--by``)."""
    import getpass

    try:
        login = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        login = "unknown"
    return Actor(None, f"cli:{login}"[:200], on_behalf_of=by.strip())


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    object_type: str = "",
    object_id: object = "",
    reference: str = "",
    practice_code: str = "",
    detail: str = "",
    at: datetime | None = None,
) -> AuditEvent:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK})
    last = _last(session)  # (flushes this session's own earlier rows first)
    row = AuditEvent(
        prev_hash=row_digest(last) if last is not None else GENESIS,
        at=at or utcnow(),
        user_id=actor.user_id,
        user_email=actor.email,
        on_behalf_of=actor.on_behalf_of[:200],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        conversation_reference=reference or "",
        practice_code=practice_code or "",
        detail=detail,
        client=actor.client[:64],
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    broken_at: int | None  # the id of the first row whose prev_hash does not match

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session, *, batch: int = 1000) -> ChainCheck:
    """Walk the whole log in order and check every link."""
    expected, count, last_id = GENESIS, 0, 0
    while True:
        rows = session.execute(select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id)
                               .limit(batch)).scalars().all()
        if not rows:
            return ChainCheck(count, None)
        for row in rows:
            if row.prev_hash != expected:
                return ChainCheck(count, row.id)
            expected = row_digest(row)
            count += 1
        last_id = rows[-1].id


def list_events(
    session: Session, *, limit: int = 500, user_email: str = "", reference: str = "", action: str = "",
    where=None,
) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if where is not None:
        query = query.where(where)
    if user_email:
        query = query.where(AuditEvent.user_email == user_email.strip().lower())
    if reference:
        query = query.where(AuditEvent.conversation_reference == reference.strip().upper())
    if action:
        query = query.where(AuditEvent.action == action)
    return list(session.execute(query).scalars())


def as_dict(row: AuditEvent) -> dict:
    return {
        "id": row.id,
        "at": row.at.isoformat() + "Z",
        "user": row.user_email,
        "user_id": row.user_id,
        "on_behalf_of": row.on_behalf_of,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "reference": row.conversation_reference,
        "practice": row.practice_code,
        "detail": row.detail,
        "client": row.client,
    }

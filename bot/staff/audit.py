"""The NEN 7513 access log: every view, export and change of a person's data by staff.

Append-only in code (a flush that changes or deletes an AuditEvent raises) and in the
database (triggers from migration 0004). Rows hold references, never the data itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from bot.store.models import utcnow
from bot.store.models_staff import AuditEvent, StaffUser


class AuditLogIsAppendOnly(RuntimeError):
    pass


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
    row = AuditEvent(
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
    return row


def list_events(
    session: Session, *, limit: int = 500, user_email: str = "", reference: str = "", action: str = ""
) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
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

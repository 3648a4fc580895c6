"""Retention: nothing is kept longer than needed.

Per practice (``retention_settings``; defaults below, documented in docs/privacy.md):

- a conversation that never became a handover goes ``unfinished_days`` after its last message;
- a conversation whose handovers are all closed (taken into the practice's own record) goes
  ``closed_handover_days`` after the last closing and the last message;
- an appointment goes ``past_appointment_days`` after its end.

For the whole installation: login attempts and ended or expired staff sessions after
``STAFF_DAYS``; sent or cancelled chat outbox rows and sent staff alerts after ``OUTBOX_DAYS``;
Rasa trackers of no conversation (a request in flight during an erasure) after a day.

A conversation with an upcoming appointment or a handover that is not closed is never deleted
here; open handovers older than ``OPEN_WARNING_DAYS`` are reported so that someone closes them.
A deleted conversation goes exactly as with an erasure (:func:`bot.privacy.erasure.
delete_conversation`) and leaves one audit row ("erase", via retention).

``run(store, now=..., dry_run=...)`` does one pass; the bot app calls it once a day
(:func:`retention_loop`, claimed in the database so several instances run it once) and an
operator with ``intake retention run [--dry-run]``. Tests pass a fixed ``now``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, delete, exists, func, not_, or_, select, update
from sqlalchemy.orm import Session

from bot.privacy.trackers import EVENTS, events_table_exists
from bot.staff.audit import Actor, record
from bot.store.models import Conversation, Practice, StaffAlert, utcnow
from bot.store.models_booking import STATUS_BOOKED, Appointment, ChatOutbox
from bot.store.models_handover import Handover
from bot.store.models_privacy import RetentionSettings, ScheduledJob
from bot.store.models_staff import LoginAttempt, StaffSession

log = logging.getLogger("bot.privacy.retention")


@dataclass(frozen=True)
class Periods:
    unfinished_days: int = 30
    closed_handover_days: int = 30
    past_appointment_days: int = 90


DEFAULTS = Periods()
MINIMUM_DAYS = 1
STAFF_DAYS = 30
OUTBOX_DAYS = 30
ORPHAN_TRACKER_DAYS = 1
OPEN_WARNING_DAYS = 90
JOB = "retention"
RUN_EVERY = timedelta(hours=23)
CHECK_EVERY_S = 3600.0
BATCH = 100
ACTOR = Actor(None, "bewaartermijn (automatisch)")


@dataclass
class RetentionReport:
    dry_run: bool
    now: datetime
    deleted: dict[str, int] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)
    open_handovers_to_close: int = 0

    def as_dict(self) -> dict:
        return {"dry_run": self.dry_run, "now": self.now.isoformat() + "Z", "deleted": self.deleted,
                "conversations": self.references,
                f"open_handovers_older_than_{OPEN_WARNING_DAYS}_days": self.open_handovers_to_close}


def periods_for(session: Session, practice_id: int | None) -> Periods:
    row = session.get(RetentionSettings, practice_id) if practice_id is not None else None
    if row is None:
        return DEFAULTS
    return Periods(row.unfinished_days, row.closed_handover_days, row.past_appointment_days)


def set_periods(session: Session, *, practice_id: int, **days: int | None) -> Periods:
    """Change some of a practice's periods; refuses anything shorter than a day."""
    current = periods_for(session, practice_id)
    values = {k: (v if v is not None else getattr(current, k)) for k, v in days.items()}
    merged = Periods(**{**current.__dict__, **values})
    for name, value in merged.__dict__.items():
        if value < MINIMUM_DAYS:
            raise ValueError(f"{name} must be at least {MINIMUM_DAYS} day(s)")
    row = session.get(RetentionSettings, practice_id)
    if row is None:
        row = RetentionSettings(practice_id=practice_id)
        session.add(row)
    row.unfinished_days, row.closed_handover_days, row.past_appointment_days = (
        merged.unfinished_days, merged.closed_handover_days, merged.past_appointment_days)
    return merged


# -- which conversations are due -------------------------------------------------------------


def _due_conversations(session: Session, now: datetime) -> list[tuple[int, str]]:
    """(id, why) of every conversation past its practice's period."""
    upcoming = exists().where(Appointment.conversation_id == Conversation.id, Appointment.status == STATUS_BOOKED,
                              Appointment.start_utc > now)
    any_handover = exists().where(Handover.conversation_id == Conversation.id)
    open_handover = exists().where(Handover.conversation_id == Conversation.id, Handover.status != "closed")
    last_closed = (select(func.max(Handover.closed_at)).where(Handover.conversation_id == Conversation.id)
                   .correlate(Conversation).scalar_subquery())
    due: list[tuple[int, str]] = []
    practice_ids = [None, *session.execute(select(Practice.id)).scalars()]
    for practice_id in practice_ids:
        p = periods_for(session, practice_id)
        in_practice = (Conversation.practice_id.is_(None) if practice_id is None
                       else Conversation.practice_id == practice_id)
        unfinished = session.execute(select(Conversation.id).where(
            in_practice, not_(any_handover), not_(upcoming),
            Conversation.updated_at < now - timedelta(days=p.unfinished_days))).scalars()
        due += [(cid, "unfinished") for cid in unfinished]
        cutoff = now - timedelta(days=p.closed_handover_days)
        closed = session.execute(select(Conversation.id).where(
            in_practice, any_handover, not_(open_handover), not_(upcoming),
            last_closed < cutoff, Conversation.updated_at < cutoff)).scalars()
        due += [(cid, "closed_handover") for cid in closed]
    return due


def _past_appointments(session: Session, now: datetime) -> list[int]:
    ids: list[int] = []
    practice_ids = session.execute(select(Practice.id)).scalars().all()
    for practice_id in practice_ids:
        p = periods_for(session, practice_id)
        ids += session.execute(select(Appointment.id).where(
            Appointment.practice_id == practice_id,
            Appointment.end_utc < now - timedelta(days=p.past_appointment_days))).scalars().all()
    return ids


# -- one pass --------------------------------------------------------------------------------


def run(store, *, now: datetime | None = None, dry_run: bool = False) -> RetentionReport:
    from bot.privacy.erasure import delete_conversation

    now = now or utcnow()
    report = RetentionReport(dry_run, now)
    d = report.deleted

    with store.session() as s:
        due = _due_conversations(s, now)
        report.open_handovers_to_close = s.execute(select(func.count()).select_from(Handover).where(
            Handover.status != "closed", Handover.created_at < now - timedelta(days=OPEN_WARNING_DAYS))).scalar_one()
    for reason in ("unfinished", "closed_handover"):
        d[f"conversations_{reason}"] = sum(1 for _, why in due if why == reason)
    for start in range(0, len(due), BATCH):
        with store.session() as s:
            for conv_id, why in due[start:start + BATCH]:
                conv = s.get(Conversation, conv_id)
                if conv is None:
                    continue
                report.references.append(conv.reference)
                if dry_run:
                    continue
                gone = delete_conversation(s, conv, now=now)
                record(s, actor=ACTOR, action="erase", object_type="conversation", reference=gone.reference,
                       practice_code=gone.practice_code or "", detail=f"bewaartermijn verstreken ({why})", at=now)
                for key, n in gone.deleted.items():
                    d[key] = d.get(key, 0) + n

    with store.session() as s:
        past = _past_appointments(s, now)
        d["past_appointments"] = len(past)
        staff_cutoff, outbox_cutoff = now - timedelta(days=STAFF_DAYS), now - timedelta(days=OUTBOX_DAYS)
        statements = {
            "login_attempts": delete(LoginAttempt).where(LoginAttempt.created_at < staff_cutoff),
            "staff_sessions": delete(StaffSession).where(or_(
                StaffSession.ended_at < staff_cutoff, StaffSession.last_seen_at < staff_cutoff)),
            "chat_outbox": delete(ChatOutbox).where(or_(ChatOutbox.sent_at < outbox_cutoff,
                                                        ChatOutbox.cancelled_at < outbox_cutoff)),
            "staff_alerts": delete(StaffAlert).where(StaffAlert.sent_at < outbox_cutoff),
        }
        if past:
            # A later appointment may have been rescheduled from one of these.
            s.execute(update(Appointment).where(Appointment.rescheduled_from_id.in_(past))
                      .values(rescheduled_from_id=None).execution_options(synchronize_session=False))
            statements["past_appointments"] = delete(Appointment).where(Appointment.id.in_(past))
        if events_table_exists(s.connection()):
            orphan = and_(EVENTS.c.sender_id.notin_(select(Conversation.sender_id)),
                          EVENTS.c.timestamp < now.replace(tzinfo=timezone.utc).timestamp()
                          - ORPHAN_TRACKER_DAYS * 86400)
            statements["orphan_trackers"] = delete(EVENTS).where(orphan)
        for name, statement in statements.items():
            if dry_run:
                count = select(func.count()).select_from(statement.table).where(statement.whereclause)
                d[name] = s.execute(count).scalar_one()
            else:
                result = s.execute(statement.execution_options(synchronize_session=False))
                d[name] = max(result.rowcount or 0, 0)
        if dry_run:
            s.rollback()
    log.info("retention%s: %s; open handovers older than %d days: %d", " (dry run)" if dry_run else "",
             ", ".join(f"{k}={v}" for k, v in d.items() if v) or "nothing due", OPEN_WARNING_DAYS,
             report.open_handovers_to_close)
    return report


# -- the scheduled job -----------------------------------------------------------------------


def claim(store, *, owner: str, now: datetime | None = None) -> bool:
    """Claim today's run: true for exactly one instance per RUN_EVERY."""
    now = now or utcnow()
    with store.session() as s:
        if s.get(ScheduledJob, JOB) is None:
            s.add(ScheduledJob(name=JOB))
            try:
                s.flush()
            except Exception:  # noqa: BLE001 - another instance inserted it at the same moment
                s.rollback()
    with store.session() as s:
        result = s.execute(update(ScheduledJob).where(
            ScheduledJob.name == JOB,
            or_(ScheduledJob.last_run_at.is_(None), ScheduledJob.last_run_at < now - RUN_EVERY),
            or_(ScheduledJob.claimed_until.is_(None), ScheduledJob.claimed_until < now),
        ).values(claimed_by=owner, claimed_until=now + timedelta(hours=1)).execution_options(
            synchronize_session=False))
        return (result.rowcount or 0) == 1


def finish(store, *, now: datetime | None = None) -> None:
    with store.session() as s:
        s.execute(update(ScheduledJob).where(ScheduledJob.name == JOB).values(
            last_run_at=now or utcnow(), claimed_by=None, claimed_until=None).execution_options(
            synchronize_session=False))


def _claimed_run(store, *, owner: str, now: datetime) -> None:
    if claim(store, owner=owner, now=now):
        run(store, now=now)
        finish(store, now=now)


async def retention_loop(store, *, every: float = CHECK_EVERY_S, clock=utcnow) -> None:
    """In the bot app: once a day, one instance deletes what is past its retention period
    (the day's run claimed in the database; one instance at a time by an advisory lock)."""
    from bot.outbox import instance_id
    from bot.scale.jobs import exclusive

    owner = instance_id()
    while True:
        try:
            now = clock()
            await asyncio.to_thread(exclusive, store, JOB, _claimed_run, store, owner=owner, now=now)
        except Exception as exc:  # the database may be away for a moment; try again later
            log.error("retention job error=%s", type(exc).__name__)
        await asyncio.sleep(every)


def lifespan_for(store):
    """The bot app's lifespan piece that runs :func:`retention_loop` while the app is up."""
    import contextlib

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        task = asyncio.create_task(retention_loop(store))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return lifespan

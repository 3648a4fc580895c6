"""A person asks for a person: the call-back request.

"Ik wil iemand spreken", "kunt u mij bellen", a phone number typed with that wish, or the
fallback's "/request_human" button reach Rasa's ``request_human`` intent; its action
(``actions/staffchat.py``) calls :func:`request`. The request

- is stored in ``urgent_requests`` (reason ``asked``) with its urgency, and the phone number,
  when given, normalised to E.164 with ``phonenumbers`` and encrypted; never logged;
- puts the conversation in the practice's inbox: the open handover gets the flag
  ``terugbelverzoek`` (or an incomplete handover is opened, as a crisis does);
- alerts the practice without content (reference only);
- tells the person honestly when to expect contact, from the practice's opening hours
  (:mod:`bot.staffchat.hours`), and where to go when it cannot wait.

A phone number sent on its own right after the request (:func:`phone_only`) is added to it by
the staff-chat turn handler.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import format_long_time, gettext
from bot.replies import HELP_LINES_SHORT, t
from bot.safety.helplines import phone_text
from bot.safety.helplines import placeholders as help_line_numbers
from bot.staffchat import hours as H
from bot.staffchat import texts
from bot.store import repo
from bot.store.models import Conversation, Practice, utcnow
from bot.store.models_booking import UrgentRequest

log = logging.getLogger("bot.staffchat")

REGION = "NL"
CALL_BACK_FLAG = "terugbelverzoek"
REASON_ASKED = "asked"
# A phone number sent on its own this soon after a request without one belongs to it.
PHONE_FOLLOW_UP = timedelta(minutes=30)
URGENCY_RANK = {"crisis": 3, "urgent": 2, "regular": 1, "advice": 0}


def find_phone(text: str) -> str | None:
    """The first valid phone number in the text, as E.164 ("+31612345678"), or None."""
    for match in phonenumbers.PhoneNumberMatcher(text or "", REGION, leniency=phonenumbers.Leniency.VALID):
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


def phone_only(text: str) -> str | None:
    """The phone number when the message is (nearly) nothing but one: "06-12345678", "mijn nummer is 0612345678"."""
    text = text or ""
    for match in phonenumbers.PhoneNumberMatcher(text, REGION, leniency=phonenumbers.Leniency.VALID):
        rest = (text[:match.start] + text[match.end:]).lower()
        rest = re.sub(r"\b(mijn|nummer|is|tel|telefoon|telefoonnummer|mobiel|06|op|bel|me|mij|graag|dit|het)\b", " ", rest)
        if len(re.sub(r"[\W_]", "", rest)) <= 3:
            return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        return None
    return None


def last_digits(e164: str) -> str:
    return e164[-2:]


def display_phone(e164: str) -> str:
    """For the worker: the national form ("06 12345678")."""
    number = phonenumbers.parse(e164, None)
    if number.country_code == 31:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@dataclass(frozen=True)
class Outcome:
    request_id: int | None
    created: bool
    urgency: str
    contact: H.Contact | None
    phone_digits: str = ""
    no_practice: bool = False


def open_request(session: Session, *, conversation_id: int) -> UrgentRequest | None:
    return session.execute(select(UrgentRequest).where(
        UrgentRequest.conversation_id == conversation_id, UrgentRequest.resolved_at.is_(None))
        .order_by(UrgentRequest.id.desc())).scalars().first()


def _handover_for(session: Session, conv: Conversation, now: datetime):
    """The conversation's open handover, flagged; opened (incomplete) when there is none."""
    from bot.intake.repo import flags_of, open_handover
    from bot.store.models_handover import Handover

    h = open_handover(session, conversation_id=conv.id)
    if h is None:
        h = Handover(conversation_id=conv.id, practice_id=conv.practice_id, status="new", complete=False,
                     urgency="crisis" if conv.flagged else "regular", flags="[]", created_at=now)
        h.summary = session.info["cipher"].encrypt(
            "S: De persoon vroeg in de chat om een medewerker te spreken (terugbelverzoek).\n"
            "B: De intake is niet (helemaal) gedaan; lees het gesprek.")
        session.add(h)
    flags = flags_of(h)
    if CALL_BACK_FLAG not in flags:
        h.flags = json.dumps(flags + [CALL_BACK_FLAG])
    if h.status == "closed":
        h.status = "new"
    session.flush()
    return h


def request(session: Session, *, conversation: Conversation, text: str = "", now: datetime | None = None,
            known_phone: str | None = None) -> Outcome:
    """Record the wish to be contacted (once per open request) and alert the practice. A number in
    the request wins; else ``known_phone``, the number the intake already noted (it is not asked again)."""
    now = now or utcnow()
    phone = find_phone(text) or (find_phone(known_phone) if known_phone else None)
    if conversation.practice_id is None:
        return Outcome(None, False, "regular", None, no_practice=True)
    contact = H.contact_for(session, practice_id=conversation.practice_id, now=now)
    existing = open_request(session, conversation_id=conversation.id)
    if existing is not None:
        if phone:
            existing.phone_enc = session.info["cipher"].encrypt(phone)
        digits = last_digits(session.info["cipher"].decrypt(existing.phone_enc)) if existing.phone_enc else ""
        return Outcome(existing.id, False, existing.urgency, contact, digits)
    h = _handover_for(session, conversation, now)
    urgency = h.urgency if URGENCY_RANK.get(h.urgency, 1) >= URGENCY_RANK["urgent"] else "regular"
    row = UrgentRequest(practice_id=conversation.practice_id, conversation_id=conversation.id, handover_id=h.id,
                        reason=REASON_ASKED, urgency=urgency, expected_utc=contact.expected, created_at=now)
    if phone:
        row.phone_enc = session.info["cipher"].encrypt(phone)
    session.add(row)
    repo.queue_staff_alert(session, conversation=conversation, kind="call_back",
                           text=f"Terugbelverzoek in gesprek {conversation.reference} (urgentie: {urgency}).")
    session.flush()
    log.info("call-back request id=%s conversation=%s urgency=%s phone=%s", row.id, conversation.reference,
             urgency, "yes" if phone else "no")
    return Outcome(row.id, True, urgency, contact, last_digits(phone) if phone else "")


def add_phone(session: Session, *, conversation_id: int, phone: str, now: datetime | None = None) -> bool:
    """A number sent on its own soon after a request without one; True when it was taken."""
    now = now or utcnow()
    row = open_request(session, conversation_id=conversation_id)
    if row is None or row.phone_enc is not None or now - row.created_at > PHONE_FOLLOW_UP:
        return False
    row.phone_enc = session.info["cipher"].encrypt(phone)
    log.info("call-back request id=%s phone added", row.id)
    return True


def resolve(session: Session, *, request_id: int, practice_ids: set[int], by: str,
            now: datetime | None = None) -> UrgentRequest | None:
    row = session.get(UrgentRequest, request_id)
    if row is None or row.practice_id not in practice_ids or row.resolved_at is not None:
        return None
    row.resolved_at = now or utcnow()
    row.resolved_by = by
    return row


def reply_texts(session: Session, outcome: Outcome, *, conversation: Conversation, language: str) -> list[str]:
    """What the person reads: when to expect contact, the phone question, and where to go meanwhile."""
    if outcome.no_practice:
        # Without any practice, "typ nog een keer: ik wil iemand spreken" only gives this answer again.
        none_at_all = session.execute(select(Practice.id).limit(1)).first() is None
        first = texts.CALL_BACK_NO_PRACTICES if none_at_all else texts.CALL_BACK_NO_PRACTICE
        return [t(language, first), _cannot_wait(language, None)]
    practice = session.get(Practice, conversation.practice_id)
    first = texts.CALL_BACK_ASKED if outcome.created else texts.CALL_BACK_ALREADY
    if outcome.contact is not None and outcome.contact.open_now:
        when = t(language, texts.WHEN_OPEN, until=_clock(outcome.contact.until, language))
    elif outcome.contact is not None and outcome.contact.next_open is not None:
        when = t(language, texts.WHEN_LATER, when=format_long_time(outcome.contact.next_open, language))
    else:
        when = t(language, texts.WHEN_UNKNOWN, phone=phone_text(practice.phone) if practice else "-")
    parts = [f"{gettext(language, first)} {when}"]
    if outcome.phone_digits:
        parts.append(t(language, texts.CALL_BACK_PHONE_KNOWN, last_digits=outcome.phone_digits))
    elif outcome.created:
        parts.append(t(language, texts.CALL_BACK_ASK_PHONE))
    return ["\n".join(parts), _cannot_wait(language, practice)]


def _clock(moment: datetime, language: str) -> str:
    from babel import dates

    from bot.i18n import _to_local, normalise_language

    return dates.format_time(_to_local(moment), "HH:mm", locale=normalise_language(language))


def _cannot_wait(language: str, practice: Practice | None) -> str:
    lines = [gettext(language, texts.CANNOT_WAIT), t(language, HELP_LINES_SHORT, **help_line_numbers())]
    if practice is not None and practice.huisartsenpost_phone:
        lines.append(t(language, texts.HUISARTSENPOST, name=practice.huisartsenpost_name,
                       phone=phone_text(practice.huisartsenpost_phone)))
    return "\n".join(lines)


def request_for_sender(store, *, sender_id: str, text: str, language: str, now: datetime | None = None,
                       known_phone: str | None = None) -> list[str]:
    """The action server's entry: find the conversation by Rasa's sender id, record, answer."""
    with store.session() as s:
        conv = repo.conversation_by_sender(s, sender_id)
        if conv is None:
            return [t(language, texts.CALL_BACK_NO_PRACTICE), _cannot_wait(language, None)]
        outcome = request(s, conversation=conv, text=text, now=now, known_phone=known_phone)
        return reply_texts(s, outcome, conversation=conv, language=language)


@dataclass(frozen=True)
class RequestView:
    id: int
    reason: str
    urgency: str
    created_at: datetime
    expected_utc: datetime | None
    phone: str  # national form for the worker, "" when the person gave none
    resolved_at: datetime | None
    resolved_by: str


def requests_for(session: Session, *, conversation_id: int, cipher) -> list[RequestView]:
    rows = session.execute(select(UrgentRequest).where(UrgentRequest.conversation_id == conversation_id)
                           .order_by(UrgentRequest.id.desc())).scalars()
    return [RequestView(r.id, r.reason, r.urgency, r.created_at, r.expected_utc,
                        display_phone(cipher.decrypt(r.phone_enc)) if r.phone_enc else "",
                        r.resolved_at, r.resolved_by or "") for r in rows]


@dataclass(frozen=True)
class InboxCallBack:
    id: int
    handover_id: int | None
    reference: str
    practice_code: str
    urgency: str
    reason: str
    created_at: datetime
    expected_utc: datetime | None
    has_phone: bool


def open_requests(session: Session, *, practice_ids: set[int]) -> list[InboxCallBack]:
    """Open call-back requests for the inbox: most urgent first, then the longest waiting."""
    from bot.store.models import Practice

    if not practice_ids:
        return []
    rows = session.execute(
        select(UrgentRequest, Conversation.reference, Practice.code)
        .join(Conversation, Conversation.id == UrgentRequest.conversation_id)
        .join(Practice, Practice.id == UrgentRequest.practice_id)
        .where(UrgentRequest.practice_id.in_(practice_ids), UrgentRequest.resolved_at.is_(None))
    ).all()
    out = []
    for r, reference, code in rows:
        handover_id = r.handover_id
        if handover_id is None:
            from bot.intake.repo import open_handover

            h = open_handover(session, conversation_id=r.conversation_id)
            handover_id = h.id if h is not None else None
        out.append(InboxCallBack(r.id, handover_id, reference, code, r.urgency, r.reason, r.created_at,
                                 r.expected_utc, r.phone_enc is not None))
    out.sort(key=lambda c: (-URGENCY_RANK.get(c.urgency, 1), c.created_at, c.id))
    return out

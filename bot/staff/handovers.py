"""The staff side of handovers (issue 6): the inbox query, one handover with everything a
worker reads, status changes and notes. Reads bot.store.models_handover; when the handover
feature is not in this build, the inbox is empty and says so.

Isolation lives here: every function takes the practice ids the user may see, and a handover
of another practice is indistinguishable from one that does not exist.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.crypto import Cipher
from bot.store.models_staff import StaffNote
from bot.store.repo import TranscriptLine, transcript

URGENCY_RANK = {"crisis": 3, "urgent": 2, "regular": 1, "advice": 0}
URGENCY_NL = {"crisis": "crisis", "urgent": "urgent", "regular": "regulier", "advice": "advies"}
STATUS_NL = {"new": "nieuw", "read": "gelezen", "accepted": "aangenomen", "closed": "afgesloten"}
STATUSES = tuple(STATUS_NL)
THEME_NL = {"opvoeding": "opvoeding", "angst": "angst/piekeren/somberheid", "school": "school",
            "anders": "anders"}
THEME_SHORT = {**THEME_NL, "angst": "angst/piekeren"}
AGE_BAND_NL = {"0_11": "0-11", "12_15": "12-15", "16_17": "16-17", "18_23": "18-23"}
ROLE_NL = {"ouder": "ouder/verzorger", "jongere": "jongere zelf", "professional": "professional"}
# The answers in the order and words a worker reads them. Keys of bot.intake.record.IntakeRecord.
ANSWER_LABELS = [
    ("role", "Wie schrijft"), ("relation", "Relatie"), ("age", "Leeftijd"), ("themes", "Thema's"),
    ("duration_text", "Sinds wanneer (eigen woorden)"), ("duration_days", "Duur in dagen"),
    ("school_attendance", "School"), ("impact_text", "Gevolgen (eigen woorden)"),
    ("impact_areas", "Gevolgen voor"), ("impact_severe", "Ernstige gevolgen"),
    ("heaviness", "Zwaarte (1-10)"), ("help_text", "Hulp (eigen woorden)"),
    ("help_kinds", "Al betrokken"), ("hope", "Hulpvraag"), ("name", "Aanspreken als"),
    ("contact_method", "Contact via"), ("phone", "Telefoon"),
    ("consent_parents", "Ouders betrokken"), ("consent_huisarts", "Delen met huisarts"),
    ("crisis_category", "Crisissignaal"),
]


def _models():
    try:
        return importlib.import_module("bot.store.models_handover")
    except ModuleNotFoundError:
        return None


def available() -> bool:
    return _models() is not None


# Flags set outside the triage table (by booking, and by the waiting-time check-in).
OTHER_FLAG_LABELS = {"geen_spoedplek": "Geen spoedplek vrij: bel de cliënt terug",
                     "wachttijd_slechter": "Bij de wachttijd-check: het gaat slechter"}
CHECKIN_NL = {"better": "beter", "same": "hetzelfde", "worse": "slechter"}
CALL_BACK_FLAG = "geen_spoedplek"


def flag_label(code: str) -> str:
    if code in OTHER_FLAG_LABELS:
        return OTHER_FLAG_LABELS[code]
    try:
        from bot.intake.triage import RULES_BY_CODE
    except ModuleNotFoundError:
        return code
    rule = RULES_BY_CODE.get(code)
    return rule.label if rule else code


def _json(raw, default):
    try:
        value = json.loads(raw or "")
    except (TypeError, ValueError):
        return default
    return value if isinstance(value, type(default)) else default


@dataclass
class InboxRow:
    id: int
    reference: str
    practice_code: str
    urgency: str
    themes: list[str]
    age_band: str
    role: str
    status: str
    created_at: datetime
    complete: bool
    appointment: object = None
    call_back: bool = False
    conversation_id: int | None = None
    checkin: str | None = None  # the answer to the waiting-time check-in: better | same | worse
    checkin_at: datetime | None = None


@dataclass
class Filters:
    status: str = "open"  # open (all but closed) | new | read | accepted | closed | all
    urgency: str = ""
    theme: str = ""
    practice: str = ""

    @classmethod
    def from_query(cls, q) -> Filters:
        return cls(status=q.get("status", "open") or "open", urgency=q.get("urgentie", ""),
                   theme=q.get("thema", ""), practice=q.get("praktijk", ""))


def inbox(session: Session, *, practice_ids: set[int], filters: Filters) -> list[InboxRow]:
    m = _models()
    if m is None or not practice_ids:
        return []
    from bot.staff import bookings
    from bot.store.models import Conversation, Practice

    H = m.Handover
    query = (select(H, Conversation.reference, Practice.code)
             .join(Conversation, Conversation.id == H.conversation_id)
             .join(Practice, Practice.id == H.practice_id)
             .where(H.practice_id.in_(practice_ids)))
    if filters.status == "open":
        query = query.where(H.status != "closed")
    elif filters.status in STATUSES:
        query = query.where(H.status == filters.status)
    if filters.urgency in URGENCY_RANK:
        query = query.where(H.urgency == filters.urgency)
    if filters.practice:
        query = query.where(Practice.code == filters.practice.upper())
    rows = []
    for h, reference, code in session.execute(query):
        themes = [t for t in (h.themes or "").split(",") if t]
        if filters.theme and filters.theme not in themes:
            continue
        rows.append(InboxRow(
            id=h.id, reference=reference, practice_code=code, urgency=h.urgency, themes=themes,
            age_band=h.age_band or "", role=h.role or "", status=h.status, created_at=h.created_at,
            complete=bool(h.complete), call_back=CALL_BACK_FLAG in _json(h.flags, []),
            conversation_id=h.conversation_id, checkin=h.checkin_answer, checkin_at=h.checkin_at,
        ))
    appointments = bookings.appointments_for_many(session, pairs=[(r.id, r.conversation_id) for r in rows])
    for r in rows:
        r.appointment = appointments.get(r.id)
    # Most urgent first; within one urgency, a family that said "worse" at the waiting-time
    # check-in first, then the one waiting longest.
    rows.sort(key=lambda r: (-URGENCY_RANK.get(r.urgency, 1), r.checkin != "worse", r.created_at, r.id))
    return rows


@dataclass
class Note:
    created_at: datetime
    user_email: str
    text: str


@dataclass
class HandoverPage:
    id: int
    reference: str
    practice_code: str
    practice_name: str
    conversation_id: int
    urgency: str
    flags: list[tuple[str, str]]
    themes: list[str]
    age_band: str
    role: str
    status: str
    complete: bool
    created_at: datetime
    summary: str
    answers: list[tuple[str, str]]
    consent: list[tuple[str, str]]
    transcript: list[TranscriptLine]
    consents: list = field(default_factory=list)  # bot.privacy.consent.ConsentView: who, when, text version
    notes: list[Note] = field(default_factory=list)
    appointment: object = None
    checkin: object = None  # bot.waiting.staff.CheckinView
    safety_plan: object = None  # bot.waiting.staff.PlanView, only when the person shared it


def get_row(session: Session, *, handover_id: int, practice_ids: set[int]):
    """The Handover row when the user may see it, else None (the caller answers 404)."""
    m = _models()
    if m is None:
        return None
    h = session.get(m.Handover, handover_id)
    if h is None or h.practice_id not in practice_ids:
        return None
    return h


def _answer_text(key: str, value) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(THEME_NL.get(v, v) if key == "themes" else str(v) for v in value)
    if key == "role":
        return ROLE_NL.get(value, str(value))
    return str(value)


CONSENT_KIND_NL = {"consent_parents": "Ouders betrokken", "consent_huisarts": "Samenvatting delen met huisarts"}
GIVEN_BY_NL = {"ouder": "een ouder", "jongere": "de jongere zelf"}
CONSENT_LABELS = {"band": "Leeftijdsgroep", "rule": "Regel", "explained": "Uitleg gegeven",
                  "parents_involved": "Ouders betrokken", "share_with_huisarts": "Delen met huisarts"}
_CONSENT_ANSWER = {"ja": "ja", "nee": "nee", "onbekend": "weet nog niet"}


def consent_lines(consent: dict) -> list[tuple[str, str]]:
    """The recorded consent as (label, text), in Dutch; internal keys (the response asked) left out."""
    lines = []
    for key, label in CONSENT_LABELS.items():
        if key not in consent:
            continue
        value = consent[key]
        if key == "band":
            text = AGE_BAND_NL.get(value or "", "leeftijd onbekend")
        elif isinstance(value, bool):
            text = "ja" if value else "nee"
        elif value is None:
            text = "niet gevraagd"
        else:
            text = _CONSENT_ANSWER.get(str(value), str(value))
        lines.append((label, text))
    return lines


def page(session: Session, *, handover_id: int, practice_ids: set[int], cipher: Cipher) -> HandoverPage | None:
    h = get_row(session, handover_id=handover_id, practice_ids=practice_ids)
    if h is None:
        return None
    from bot.privacy.consent import consents_of
    from bot.staff import bookings
    from bot.waiting import staff as waiting

    raw_answers = _json(cipher.decrypt(h.answers) if h.answers else "", {})
    answers = [(label, _answer_text(key, raw_answers.get(key))) for key, label in ANSWER_LABELS]
    answers = [(label, text) for label, text in answers if text]
    notes = session.execute(
        select(StaffNote).where(StaffNote.handover_id == h.id).order_by(StaffNote.id)
    ).scalars()
    return HandoverPage(
        id=h.id, reference=h.conversation.reference, practice_code=h.practice.code,
        practice_name=h.practice.name, conversation_id=h.conversation_id, urgency=h.urgency,
        flags=[(code, flag_label(code)) for code in _json(h.flags, [])],
        themes=[t for t in (h.themes or "").split(",") if t], age_band=h.age_band or "",
        role=h.role or "", status=h.status, complete=bool(h.complete), created_at=h.created_at,
        summary=cipher.decrypt(h.summary) if h.summary else "",
        answers=answers, consent=consent_lines(_json(h.consent, {})),
        transcript=transcript(session, conversation_id=h.conversation_id, cipher=cipher),
        notes=[Note(n.created_at, n.user_email, cipher.decrypt(n.body)) for n in notes],
        appointment=bookings.appointment_for(session, handover_id=h.id, conversation_id=h.conversation_id),
        consents=consents_of(session, conversation_id=h.conversation_id, handover_id=h.id),
        checkin=waiting.checkin_view(session, conversation_id=h.conversation_id, handover_id=h.id, cipher=cipher),
        safety_plan=waiting.shared_plan(session, conversation_id=h.conversation_id, cipher=cipher),
    )


def set_status(session: Session, *, row, status: str) -> str:
    """Returns the previous status."""
    if status not in STATUSES:
        raise ValueError(status)
    previous = row.status
    row.status = status
    return previous


def add_note(session: Session, *, handover_id: int, user, text: str, cipher: Cipher) -> StaffNote:
    note = StaffNote(handover_id=handover_id, user_id=user.id, user_email=user.email,
                     body=cipher.encrypt(text))
    session.add(note)
    session.flush()
    return note

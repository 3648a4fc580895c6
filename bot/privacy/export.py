"""The right of access (AVG art. 15) and to a copy (art. 20): everything stored about one
person's conversation, as data (:func:`collect`, for `intake export --json`) and as a readable
text document in the person's language (:func:`render_text`, sent in the chat by /mijngegevens
and written by `intake export`).

Included: the conversation's details, the whole transcript (a support worker's lines under
their name, as the person saw them), each intake (answers, the summary the practice reads,
urgency and reasons, consent), appointments, requests to contact the person (with the phone
number given), when a support worker chatted with the person themselves, crisis signals, and
who at the practice looked at or changed the data (date, what, practice; not the staff member's
address).
Not included: a support worker's own notes (personal work notes under the WGBO; the practice
can be asked for them), and Telegram's own copy of the chat, which the person already has.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import _, format_long_time
from bot.replies import Document, t
from bot.store.crypto import Cipher
from bot.store.models import Conversation, CrisisEvent, Practice, Worker, utcnow
from bot.store.models_booking import Appointment
from bot.store.models_handover import Handover
from bot.store.models_staff import AuditEvent
from bot.store.repo import transcript

TITLE = _("Jouw gegevens bij Jeugdintake")
INTRO = _(
    "Dit is alles wat de chat-assistent van de huisartsenpraktijk over jou bewaart, op {when}. "
    "Gespreksnummer: {reference}. Bewaar dit bestand goed: er staat persoonlijke informatie in."
)
SECTION_CONVERSATION = _("Over het gesprek")
SECTION_INTAKE = _("Wat je bij de aanmelding hebt verteld")
SECTION_SUMMARY = _("Samenvatting die de praktijk leest")
SECTION_APPOINTMENTS = _("Afspraken")
SECTION_CONSENT = _("Toestemming die je gaf")
CONSENT_KIND = {"consent_parents": _("Ouders betrokken"), "consent_huisarts": _("Samenvatting delen met de huisarts")}
GIVEN_BY = {"ouder": _("gegeven door een ouder"), "jongere": _("gegeven door de jongere zelf")}
SHOWN_TEXT = _("De vraag zoals die getoond is")
SECTION_CONTACT = _("Verzoeken aan de praktijk om contact met je op te nemen")
CONTACT_PHONE = _("op telefoonnummer {phone}")
CONTACT_NO_PHONE = _("zonder telefoonnummer")
CONTACT_DONE = _("afgehandeld op {when}")
CONTACT_OPEN = _("nog open")
SECTION_STAFF_CHAT = _("Wanneer een medewerker zelf met je chatte")
STAFF_CHAT_OPEN = _("nu nog")
SECTION_CRISIS = _("Momenten waarop de assistent hulplijnen gaf")
SECTION_ACCESS = _("Wie bij de praktijk je gegevens heeft bekeken of veranderd")
SECTION_TRANSCRIPT = _("Het hele gesprek")
SECTION_NOT_HERE = _("Wat hier niet in staat")
NOT_HERE = _(
    "• Eigen werkaantekeningen van de medewerker. Die kun je bij de praktijk opvragen.\n"
    "• Telegram bewaart het gesprek zelf ook, op je telefoon en bij Telegram. Dat kunnen wij niet "
    "wissen. Verwijder het gesprek in Telegram: houd het gesprek ingedrukt en kies Verwijderen."
)
ERASE_HINT = _("Wil je dat alles wordt gewist? Stuur /vergeet in de chat, of bel de praktijk en noem je gespreksnummer.")
NONE = _("(niets)")
LABELS = {
    "started": _("Begonnen op"),
    "practice": _("Praktijk"),
    "language": _("Taal"),
    "role": _("Wie schrijft"),
    "age": _("Leeftijd"),
    "themes": _("Onderwerp"),
    "duration_text": _("Sinds wanneer"),
    "school_attendance": _("School"),
    "impact_text": _("Wat het doet in het dagelijks leven"),
    "heaviness": _("Hoe zwaar (1 tot 10)"),
    "help_text": _("Hulp die er al is"),
    "hope": _("Wat je hoopt"),
    "name": _("Naam"),
    "contact_method": _("Contact via"),
    "phone": _("Telefoonnummer"),
    "consent_parents": _("Ouders betrokken"),
    "consent_huisarts": _("Samenvatting delen met de huisarts"),
    "urgency": _("Hoe snel de praktijk reageert"),
    "flags": _("Waarom"),
    "consent": _("Toestemming"),
    "created": _("Aangemaakt op"),
    "status": _("Stand van zaken"),
}
DIRECTION = {"in": _("Jij"), "out": _("Assistent")}
ACTIONS = {"view": _("bekeken"), "export": _("geëxporteerd"), "change": _("veranderd"), "erase": _("gewist")}
URGENCY = {"crisis": _("zo snel mogelijk"), "urgent": _("met voorrang"), "regular": _("gewoon"),
           "advice": _("advies")}
YES, NO, UNKNOWN = _("ja"), _("nee"), _("onbekend")  # consent answers are these words
# The intake answers shown to the person, in this order (keys of bot.intake.record.IntakeRecord).
ANSWERS = ("role", "age", "themes", "duration_text", "school_attendance", "impact_text", "heaviness",
           "help_text", "hope", "name", "contact_method", "phone", "consent_parents", "consent_huisarts")


def _iso(value: datetime | None) -> str | None:
    return value.replace(tzinfo=timezone.utc).isoformat() if value else None


def collect(session: Session, conv: Conversation, *, cipher: Cipher) -> dict[str, Any]:
    """Everything stored about this conversation, decrypted, as JSON-ready data."""
    from bot.intake.repo import answers_of, consent_of, flags_of, summary_of
    from bot.privacy.consent import consents_of
    from bot.staff.handovers import flag_label
    from bot.staffchat.callback import requests_for
    from bot.store.models_staffchat import Takeover
    from bot.waiting import export as waiting

    practice = session.get(Practice, conv.practice_id) if conv.practice_id else None
    handovers = session.execute(select(Handover).where(Handover.conversation_id == conv.id)
                                .order_by(Handover.id)).scalars().all()
    appointments = session.execute(select(Appointment, Worker.name).join(Worker, Worker.id == Appointment.worker_id)
                                   .where(Appointment.conversation_id == conv.id)
                                   .order_by(Appointment.start_utc)).all()
    crises = session.execute(select(CrisisEvent).where(CrisisEvent.conversation_id == conv.id)
                             .order_by(CrisisEvent.id)).scalars().all()
    takeovers = session.execute(select(Takeover).where(Takeover.conversation_id == conv.id)
                                .order_by(Takeover.id)).scalars().all()
    access = session.execute(select(AuditEvent).where(AuditEvent.conversation_reference == conv.reference)
                             .order_by(AuditEvent.id)).scalars().all()
    return {
        "reference": conv.reference,
        "exported_at": _iso(utcnow()),
        "conversation": {"started": _iso(conv.created_at), "practice": practice.name if practice else None,
                         "practice_code": practice.code if practice else None, "language": conv.language,
                         "channel": conv.channel},
        "intakes": [{
            "created": _iso(h.created_at), "status": h.status, "urgency": h.urgency,
            "flags": [flag_label(f) for f in flags_of(h)], "answers": answers_of(h, cipher=cipher),
            "summary": summary_of(h, cipher=cipher), "consent": consent_of(h),
        } for h in handovers],
        "appointments": [{"start": _iso(a.start_utc), "end": _iso(a.end_utc), "worker": worker, "type": a.type_code,
                          "status": a.status} for a, worker in appointments],
        "consents": [{"kind": c.kind, "answer": c.answer, "given_by": c.given_by, "given_at": _iso(c.given_at),
                      "text_version": c.version, "text": c.text}
                     for c in consents_of(session, conversation_id=conv.id)],
        "contact_requests": [{"at": _iso(r.created_at), "reason": r.reason, "phone": r.phone or None,
                              "expected": _iso(r.expected_utc), "resolved_at": _iso(r.resolved_at)}
                             for r in reversed(requests_for(session, conversation_id=conv.id, cipher=cipher))],
        "staff_in_chat": [{"worker": f"{row.worker_name} ({row.worker_title})", "started": _iso(row.started_at),
                           "ended": _iso(row.ended_at)} for row in takeovers],
        "crisis_signals": [{"at": _iso(c.created_at), "category": c.category} for c in crises],
        "access_log": [{"at": _iso(e.at), "action": e.action, "practice": e.practice_code} for e in access],
        "transcript": [{"at": _iso(line.created_at), "direction": line.direction, "kind": line.kind,
                        "author": line.author, "text": line.text} for line in transcript(session, conversation_id=conv.id, cipher=cipher)],
        **waiting.collect(session, conv.id, cipher=cipher),
    }


def _when(iso: str | None, language: str) -> str:
    return format_long_time(datetime.fromisoformat(iso), language) if iso else "-"


def _value(value: Any, language: str) -> str:
    if value is None or value == [] or value == "":
        return "-"
    if isinstance(value, bool):
        return t(language, YES if value else NO)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def render_text(data: dict[str, Any], language: str) -> str:
    """The document the person reads: plain text, their language, headings and short lines."""
    lines: list[str] = []

    def heading(msgid: str) -> None:
        title = t(language, msgid)
        lines.extend(["", title, "-" * len(title)])

    def item(key: str, value: Any) -> None:
        lines.append(f"{t(language, LABELS[key])}: {_value(value, language)}")

    lines.append(t(language, TITLE))
    lines.append("=" * len(lines[0]))
    lines.append(t(language, INTRO, when=_when(data["exported_at"], language), reference=data["reference"]))

    conv = data["conversation"]
    heading(SECTION_CONVERSATION)
    item("started", _when(conv["started"], language))
    item("practice", conv["practice"])
    item("language", conv["language"])

    for intake in data["intakes"]:
        heading(SECTION_INTAKE)
        item("created", _when(intake["created"], language))
        for key in ANSWERS:
            if intake["answers"].get(key) not in (None, "", []):
                item(key, intake["answers"][key])
        item("urgency", t(language, URGENCY.get(intake["urgency"], intake["urgency"])))
        if intake["flags"]:
            item("flags", intake["flags"])
        if intake["summary"]:
            heading(SECTION_SUMMARY)
            lines.append(intake["summary"])

    if data.get("consents"):
        heading(SECTION_CONSENT)
        for c in data["consents"]:
            lines.append(f"• {t(language, CONSENT_KIND.get(c['kind'], c['kind']))}: {t(language, c['answer'])} "
                         f"({t(language, GIVEN_BY.get(c['given_by'], c['given_by']))}, {_when(c['given_at'], language)})")
            lines.append(f"  {t(language, SHOWN_TEXT)}: {c['text']}")

    heading(SECTION_APPOINTMENTS)
    for a in data["appointments"] or []:
        lines.append(f"• {_when(a['start'], language)} — {a['worker']} ({a['type']}, {a['status']})")
    if not data["appointments"]:
        lines.append(t(language, NONE))

    if data.get("contact_requests"):
        heading(SECTION_CONTACT)
        for r in data["contact_requests"]:
            phone = t(language, CONTACT_PHONE, phone=r["phone"]) if r["phone"] else t(language, CONTACT_NO_PHONE)
            state = (t(language, CONTACT_DONE, when=_when(r["resolved_at"], language)) if r["resolved_at"]
                     else t(language, CONTACT_OPEN))
            lines.append(f"• {_when(r['at'], language)}, {phone}: {state}")

    if data.get("staff_in_chat"):
        heading(SECTION_STAFF_CHAT)
        for c in data["staff_in_chat"]:
            until = _when(c["ended"], language) if c["ended"] else t(language, STAFF_CHAT_OPEN)
            lines.append(f"• {c['worker']}: {_when(c['started'], language)} – {until}")

    if data["crisis_signals"]:
        heading(SECTION_CRISIS)
        for c in data["crisis_signals"]:
            lines.append(f"• {_when(c['at'], language)} ({c['category']})")

    from bot.waiting import export as waiting

    waiting.render(data, language, heading=heading, add=lines.append, when=lambda iso: _when(iso, language))

    heading(SECTION_ACCESS)
    for e in data["access_log"] or []:
        lines.append(f"• {_when(e['at'], language)}: {t(language, ACTIONS.get(e['action'], e['action']))}"
                     f" ({e['practice'] or '-'})")
    if not data["access_log"]:
        lines.append(t(language, NONE))

    heading(SECTION_TRANSCRIPT)
    for line in data["transcript"]:
        # A support worker's line goes under their name (the chat showed it as its first line).
        author, text = line.get("author"), line["text"]
        if author and text.startswith(f"{author}:\n"):
            text = text[len(author) + 2:]
        who = author or t(language, DIRECTION.get(line["direction"], line["direction"]))
        lines.append(f"[{_when(line['at'], language)}] {who}: {text}")

    heading(SECTION_NOT_HERE)
    lines.append(t(language, NOT_HERE))
    lines.append("")
    lines.append(t(language, ERASE_HINT))
    return "\n".join(lines) + "\n"


def document(session: Session, conv: Conversation, *, cipher: Cipher) -> Document:
    """The text document for the chat (/mijngegevens)."""
    data = collect(session, conv, cipher=cipher)
    body = render_text(data, conv.language or "nl").encode("utf-8")
    return Document(filename=f"mijngegevens-{conv.reference}.txt", mime_type="text/plain", content=body)


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)

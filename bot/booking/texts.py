"""Dutch texts the booking code composes (marked with _() for the lead's extraction)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.i18n import _, format_long_time, format_slot_time
from bot.replies import t
from bot.store.models import Practice, Worker
from bot.store.models_booking import Appointment

TYPE_NAMES = {
    "praktijk": _("Op de praktijk"),
    "video": _("Beeldbellen"),
    "telefoon": _("Telefonisch"),
}

OFFER = _("Wanneer past het jou? Dit zijn de eerste vrije tijden bij de {worker_title}:")
OFFER_MORE = _("Dit zijn latere tijden:")
OFFER_URGENT = _("Omdat het dringend is, heb ik plekken die snel vrij zijn:")
NO_SLOTS = _("Ik kan nu geen vrije tijd vinden. De praktijk neemt contact met je op om een afspraak te maken. Je kunt ook bellen: {phone}.")
NO_MORE_SLOTS = _("Er zijn geen latere tijden meer vrij. Kies een van de tijden hierboven, of bel de praktijk: {phone}.")
NO_URGENT_SLOT = _("Er is nu geen snelle plek vrij. Ik heb de praktijk gevraagd om je zo snel mogelijk te bellen. Je kunt hieronder ook een gewone tijd kiezen.")
ASK_PRACTICE = _("Bij welke huisartsenpraktijk ben je ingeschreven?")
USE_BUTTONS = _("Kies een tijd met een van de knoppen.")
MORE_BUTTON = _("Andere tijden")
ASK_TYPE = _("Hoe wil je het gesprek voeren?")
SLOT_TAKEN = _("Die tijd is net door iemand anders gekozen. Kies een andere tijd:")
SLOT_GONE = _("Die tijd kan ik niet meer boeken. Kies een andere tijd:")
CONFIRMED = _("Je afspraak staat!\n• Met: {worker} ({worker_title})\n• Wanneer: {when}\n• Hoe: {how}\n• Waar: {where}\nWil je verzetten of afzeggen? Stuur /afspraak of bel {phone}. In de bijlage staat de afspraak voor je agenda.")
RESCHEDULED = _("Je afspraak is verzet.\n• Met: {worker} ({worker_title})\n• Wanneer: {when}\n• Hoe: {how}\n• Waar: {where}\nIn de bijlage staat de nieuwe afspraak voor je agenda.")
WHERE_VIDEO = _("je krijgt een link om te beeldbellen")
WHERE_PHONE = _("de {worker_title} belt je op")
NO_APPOINTMENT = _("Je hebt nu geen afspraak staan. Wil je er een maken?")
BOOK_BUTTON = _("Afspraak maken")
SHOW_APPOINTMENT = _("Je afspraak: {when}, {how}, met {worker}. Wat wil je doen?")
RESCHEDULE_BUTTON = _("Verzetten")
CANCEL_BUTTON = _("Afzeggen")
KEEP_BUTTON = _("Laten staan")
PICK_NEW_TIME = _("Geen probleem. Kies een nieuwe tijd:")
ASK_CANCEL = _("Wil je je afspraak van {when} afzeggen?")
CANCEL_YES = _("Ja, afzeggen")
CANCEL_NO = _("Nee, laten staan")
CANCELLED = _("Je afspraak van {when} is afgezegd. Wil je later toch een afspraak? Stuur dan /afspraak.")
KEPT = _("Oké, je afspraak blijft staan.")
REMINDER = _("Herinnering: morgen heb je een afspraak met {worker} ({worker_title}), {when}, {how}. Lukt het niet? Stuur /afspraak om te verzetten of af te zeggen.")
REMINDER_GENERIC = _("Herinnering: je hebt een afspraak met {worker} ({worker_title}), {when}, {how}. Lukt het niet? Stuur /afspraak om te verzetten of af te zeggen.")
STAFF_RESCHEDULED = _("De praktijk heeft je afspraak verzet naar {when} ({how}, met {worker}). Past dit niet? Stuur /afspraak of bel {phone}.")
# Typed answers in the booking form (bot.booking.form).
NO_LATER_TIMES = _("Er zijn geen latere tijden meer vrij. Dit zijn de eerste vrije tijden weer:")
INVALID_SLOT = _("Welke tijd bedoel je? Kies een van de knoppen, of typ bijvoorbeeld 'de eerste' of 'dinsdag om 9 uur'.")
NO_TIME_THAT_DAY = _("Op die dag heb ik geen tijd vrij bij deze tijden. Kies een van de knoppen, of typ 'andere tijden'.")
INVALID_TYPE = _("Hoe wil je het gesprek voeren? Kies een knop, of typ 'praktijk', 'video' of 'bellen'.")
NO_EARLIER_QUESTION = _("Dit is de eerste vraag over je afspraak. Typ 'stop' als je nu geen afspraak wilt maken.")
STOPPED = _("Oké, ik maak nu geen afspraak. Wil je later toch een afspraak? Stuur dan /afspraak of typ 'afspraak maken'.")
ALREADY_BOOKED = _("Je hebt al een afspraak staan.")
CANCEL_INVALID = _("Wil je je afspraak afzeggen? Kies een knop, of typ ja of nee.")
STAFF_CANCELLED = _("De praktijk heeft je afspraak van {when} afgezegd. Ze nemen contact met je op. Wil je zelf een nieuwe afspraak maken? Stuur /afspraak.")


def type_name(code: str, language: str) -> str:
    return t(language, TYPE_NAMES.get(code, code))


def slot_label(start_utc, language: str) -> str:
    return format_slot_time(start_utc, language)


def details(session: Session, appt: Appointment, language: str) -> dict[str, str]:
    practice = session.get(Practice, appt.practice_id)
    worker = session.get(Worker, appt.worker_id)
    title = practice.worker_title if practice else "POH-Jeugd"
    if appt.type_code == "video":
        where = t(language, WHERE_VIDEO)
    elif appt.type_code == "telefoon":
        where = t(language, WHERE_PHONE).format(worker_title=title)
    else:
        where = f"{practice.name}, {practice.address}" if practice else ""
    return {
        "worker": worker.name if worker else "",
        "worker_title": title,
        "when": format_long_time(appt.start_utc, language),
        "how": type_name(appt.type_code, language).lower(),
        "where": where,
        "phone": (practice.phone if practice else "") or "-",
        "practice": practice.name if practice else "",
    }


def confirmation(session: Session, appt: Appointment, language: str, *, rescheduled: bool = False) -> str:
    template = RESCHEDULED if rescheduled else CONFIRMED
    return t(language, template).format(**details(session, appt, language))


def reminder(session: Session, appt: Appointment, language: str, *, tomorrow: bool) -> str:
    return t(language, REMINDER if tomorrow else REMINDER_GENERIC).format(**details(session, appt, language))


def staff_rescheduled(session: Session, appt: Appointment, language: str) -> str:
    return t(language, STAFF_RESCHEDULED).format(**details(session, appt, language))


def staff_cancelled(session: Session, appt: Appointment, language: str) -> str:
    return t(language, STAFF_CANCELLED).format(**details(session, appt, language))

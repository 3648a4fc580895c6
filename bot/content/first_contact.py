"""First contact in Arabic, Turkish, Polish and Ukrainian: who the bot is, what it does, and a way
to ask the practice for a conversation with an interpreter.

The conversation itself goes on in Dutch or English (the bot understands only those); these texts
are what a parent who reads another language needs to take the first step. They are gettext
msgids like every other text; the catalogs of ``FIRST_CONTACT_LANGUAGES`` translate every msgid in
``FIRST_CONTACT_MSGIDS`` (tests/unit/test_i18n.py), next to the crisis card. docs/languages.md says
how a practice adds a language.
"""

from __future__ import annotations

import json
import re

from bot.i18n import _
from bot.replies import Button, Reply, t

FIRST_CONTACT_LANGUAGES = ("ar", "tr", "pl", "uk")
# The language's own name, for the /taal buttons (not translated: a reader looks for their own).
NATIVE_NAMES = {"ar": "العربية", "tr": "Türkçe", "pl": "Polski", "uk": "Українська"}
# The language's name in Dutch, for staff.
DUTCH_NAMES = {"ar": "Arabisch", "tr": "Turks", "pl": "Pools", "uk": "Oekraïens"}
MIN_CONFIDENCE = 0.6
# Turkish and Polish share the Latin script with Dutch chat slang ("ff mn bro"): a Dutch message
# must not get a Polish card, so these need a surer detector and a few words. Measured on the
# writers' NLU corpus (docs/languages.md), which makes these numbers tuned, not held out.
MIN_CONFIDENCE_LATIN = 0.8
MIN_WORDS_LATIN = 3
_OWN_SCRIPT = {"ar": re.compile(r"[\u0600-\u06FF]"), "uk": re.compile(r"[\u0400-\u04FF]")}

CARD = _(
    "Hallo! Ik ben de digitale assistent van {practice_name}. Ik ben een computerprogramma, geen mens.\n"
    "Ik help ouders en jongeren tot en met 23 jaar met vragen over opvoeding, zorgen en school. "
    "Ik kan ook een gesprek regelen met een hulpverlener van de praktijk. Dat is gratis.\n"
    "Ik kan alleen in het Nederlands of het Engels verder praten. Wil je in je eigen taal praten? "
    "Vraag dan een gesprek met een tolk. De praktijk neemt dan contact met je op."
)
INTERPRETER_BUTTON = _("Gesprek met een tolk")
INTERPRETER_ASKED = _(
    "Dank je. Ik heb de praktijk gevraagd om contact met je op te nemen, met een tolk. "
    "Dat gebeurt op een werkdag, via deze chat of door te bellen.\n"
    "Wil je zelf bellen? Bel {practice_name} en zeg welke taal je spreekt."
)
INTERPRETER_ASKED_PHONE = _(
    "Dank je. Ik heb de praktijk gevraagd om contact met je op te nemen, met een tolk. "
    "Dat gebeurt op een werkdag, via deze chat of door te bellen.\n"
    "Wil je zelf bellen? Bel {practice_name} op {phone} en zeg welke taal je spreekt."
)
FIRST_CONTACT_MSGIDS = (CARD, INTERPRETER_BUTTON, INTERPRETER_ASKED, INTERPRETER_ASKED_PHONE)

CARD_PAYLOAD = "/first_contact"
INTERPRETER_PAYLOAD = "/first_contact_interpreter"
_PAYLOAD_RE = re.compile(r'^(/first_contact(?:_interpreter)?)(\{.*\})$')


def payload(kind: str, language: str) -> str:
    return kind + json.dumps({"language": language}, separators=(",", ":"))


def read_payload(text: str) -> tuple[str, str] | None:
    """('/first_contact' or '/first_contact_interpreter', language) from a pressed button."""
    m = _PAYLOAD_RE.match(text.strip())
    if not m:
        return None
    try:
        language = json.loads(m.group(2)).get("language")
    except (ValueError, AttributeError):
        return None
    return (m.group(1), language) if language in FIRST_CONTACT_LANGUAGES else None


def language_of(text: str) -> str | None:
    """The first-contact language a typed message is written in, when the detector is sure.
    Russian gets the Ukrainian texts, as the crisis card does."""
    from bot.safety.language import detect

    code, confidence = detect(text)
    if code == "ru":
        code = "uk"
    if code not in FIRST_CONTACT_LANGUAGES:
        return None
    if code in _OWN_SCRIPT and _OWN_SCRIPT[code].search(text):
        return code if confidence >= MIN_CONFIDENCE else None
    if confidence >= MIN_CONFIDENCE_LATIN and len(text.split()) >= MIN_WORDS_LATIN:
        return code
    return None


def card(language: str, *, practice_name: str) -> Reply:
    buttons = (
        Button(t(language, INTERPRETER_BUTTON), payload(INTERPRETER_PAYLOAD, language)),
        Button("Nederlands", '/set_language{"language":"nl"}'),
        Button("English", '/set_language{"language":"en"}'),
    )
    return Reply(t(language, CARD, practice_name=practice_name), buttons=buttons, meta={"first_contact": language})


def interpreter_asked(language: str, *, practice_name: str, phone: str) -> Reply:
    if phone:
        return Reply(t(language, INTERPRETER_ASKED_PHONE, practice_name=practice_name, phone=phone))
    return Reply(t(language, INTERPRETER_ASKED, practice_name=practice_name))

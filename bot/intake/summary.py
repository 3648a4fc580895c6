"""The Dutch SBAR summary staff read first: Situatie, Achtergrond, Beoordeling, Advies/vraag.

Written for a colleague, in plain Dutch, without labels or diagnoses. It quotes the person's
own words where they gave them, and never contains a phone number.
"""

from __future__ import annotations

from bot.intake.consent import RULE_TEXT, age_band
from bot.intake.record import IntakeRecord
from bot.intake.triage import Triage

URGENCY_NL = {"crisis": "crisis", "urgent": "urgent", "regular": "regulier", "advice": "advies"}
ROLE_NL = {"ouder": "Ouder/verzorger", "jongere": "Jongere zelf", "professional": "Professional"}
THEME_NL = {"opvoeding": "opvoeding", "angst": "angst/piekeren", "school": "school", "anders": "anders",
            "somberheid": "somberheid", "slaap": "slaap", "scheiding": "scheiding", "driftbuien": "driftbuien",
            "pesten": "pesten", "adhd_autisme": "vragen over concentratie of prikkels", "examenstress": "examenstress",
            "zelfbeschadiging": "zelfbeschadiging", "middelen_gamen": "alcohol, drugs of gamen", "rouw": "rouw",
            "eten": "eten of gewicht", "eenzaamheid": "eenzaamheid", "overbelast_ouder": "overbelaste ouder",
            "gender_seksualiteit": "gender of seksualiteit", "baby_jgz": "baby of peuter (JGZ)"}
SCHOOL_NL = {"geen": "gaat nu niet naar school", "soms": "mist soms school", "gewoon": "gaat naar school"}
HELP_NL = {"wijkteam": "wijkteam", "jeugdhulp": "jeugdhulp", "ggz": "GGZ", "school": "school",
           "jeugdbescherming": "jeugdbeschermingsmaatregel", "geen": "nog niemand"}
IMPACT_NL = {"school": "school", "thuis": "thuis", "vrienden": "vrienden", "slaap": "slaap", "geen": "geen"}
CONSENT_NL = {"ja": "ja", "nee": "nee", "onbekend": "weet nog niet"}


def format_duration(days: int | None) -> str:
    if days is None:
        return "onbekend"
    if days < 14:
        return f"{days} dag" if days == 1 else f"{days} dagen"
    if days < 60:
        weeks = round(days / 7)
        return f"ongeveer {weeks} weken"
    if days < 365:
        return f"ongeveer {round(days / 30)} maanden"
    years = round(days / 365)
    return "ongeveer 1 jaar" if years == 1 else f"ongeveer {years} jaar"


def _quote(text: str | None) -> str:
    text = (text or "").strip().replace("\n", " ")
    return f"“{text[:300]}”" if text else "—"


def build_sbar(record: IntakeRecord, result: Triage, *, complete: bool = True) -> str:
    who = ROLE_NL.get(record.role or "", "Onbekend wie schrijft")
    subject = ""
    if record.role == "ouder":
        subject = f" over {record.relation or 'kind'}"
    age = f" ({record.age} jaar)" if record.age is not None else ""
    themes = ", ".join(THEME_NL.get(t, t) for t in record.themes) or "nog niet genoemd"
    situatie = f"{who}{subject}{age}. Thema: {themes}. Speelt sinds: {format_duration(record.duration_days)}."
    if record.school_attendance:
        situatie += f" School: {SCHOOL_NL.get(record.school_attendance, record.school_attendance)}."

    impact = ", ".join(IMPACT_NL.get(a, a) for a in record.impact_areas) or "niet genoemd"
    if record.impact_severe:
        impact += " (ernstig, in eigen woorden)"
    helpers = ", ".join(HELP_NL.get(h, h) for h in record.help_kinds) or "niet genoemd"
    achtergrond = (f"Gevolgen in het dagelijks leven: {impact}. In eigen woorden: {_quote(record.impact_text)}. "
                   f"Al betrokken: {helpers}.")
    if "jeugdbescherming" in record.help_kinds:
        achtergrond += " Let op: er is een jeugdbeschermingsmaatregel; stem af met de gezinsvoogd."

    heaviness = f"{record.heaviness}/10" if record.heaviness is not None else "niet gegeven"
    reasons = "; ".join(result.labels()) or "geen bijzondere signalen"
    beoordeling = (f"Urgentie: {URGENCY_NL.get(result.urgency, result.urgency)}. Redenen: {reasons}. "
                   f"Ervaren zwaarte: {heaviness}.")
    if record.crisis_category:
        beoordeling += f" Crisissignaal tijdens het gesprek (categorie: {record.crisis_category}); lees het gesprek."
    if not complete:
        beoordeling += " De intake is niet afgerond."

    band = age_band(record.age)
    contact = {"phone": "telefoon", "telegram": "Telegram (dit gesprek)"}.get(record.contact_method or "", "onbekend")
    advies = (f"Hulpvraag in eigen woorden: {_quote(record.hope)}. Contact via: {contact}"
              + (f", aanspreken als {record.name}" if record.name else "") + ". "
              f"Toestemming: {RULE_TEXT.get(band or '', 'leeftijd onbekend')} "
              f"Ouders betrokken: {CONSENT_NL.get(record.consent_parents or '', 'niet gevraagd')}. "
              f"Samenvatting delen met huisarts: "
              f"{'ja' if record.consent_huisarts else 'nee' if record.consent_huisarts is False else 'niet gevraagd'}.")

    if record.open_questions:
        advies += " Vragen die de assistent niet kon beantwoorden: " + " ".join(_quote(q) for q in record.open_questions) + "."

    return (f"S — Situatie: {situatie}\n"
            f"B — Achtergrond: {achtergrond}\n"
            f"B — Beoordeling: {beoordeling}\n"
            f"A — Advies/vraag: {advies}")

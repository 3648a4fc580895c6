"""Urgency and routing: a documented rule table over the intake answers (docs/triage.md).

Every row has a code (the flag staff see), the urgency it sets, and a plain test. A handover
gets every flag whose test holds; its urgency is the highest urgency among those flags, and
"regular" when no urgency-setting row holds. No scores, no model, no diagnosis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

CRISIS, URGENT, REGULAR, ADVICE = "crisis", "urgent", "regular", "advice"
# Higher sorts first in the staff inbox.
URGENCY_RANK = {CRISIS: 3, URGENT: 2, REGULAR: 1, ADVICE: 0}

SCHOOL_ABSENCE_DAYS = 14  # "more than two weeks" without school
HEAVY = 8  # heaviness 8 or more out of 10
YOUNG_CHILD_MAX_AGE = 11
LIGHT = 3  # heaviness 3 or less can be a light question
LOW_MOOD_DAYS = 14  # low mood for more than two weeks is worth a closer look
BABY_MAX_AGE = 1  # a child of 0 or 1: a baby

# Signs in the person's own words that an eating worry is a medical one (the huisarts the same day).
MEDICAL_SIGN_WORDS = ("afgevallen", "valt af", "vallen af", "kilo kwijt", "flauw", "duizelig", "overgeven",
                      "braken", "spugen", "kotsen", "niet meer eten", "eet niks", "eet niets", "eet bijna niets",
                      "eet bijna niks", "niet ongesteld", "menstruatie", "hartklopping", "drinkt niet",
                      "lost weight", "fainting", "dizzy", "vomiting", "throwing up", "not eating")


def has_medical_signs(text: str | None) -> bool:
    t = " ".join((text or "").lower().split())
    return any(w in t for w in MEDICAL_SIGN_WORDS)


@dataclass
class Answers:
    """The intake answers that triage looks at (no free text)."""

    role: str | None = None
    age: int | None = None
    themes: list[str] = field(default_factory=list)
    duration_days: int | None = None
    school_attendance: str | None = None  # geen | soms | gewoon
    impact: list[str] = field(default_factory=list)  # school, thuis, vrienden, slaap, geen
    impact_severe: bool = False
    heaviness: int | None = None
    help: list[str] = field(default_factory=list)  # wijkteam, jeugdhulp, ggz, school, jeugdbescherming, geen
    crisis_category: str | None = None
    medical_signs: bool = False  # has_medical_signs() over the person's own words
    interpreter: str | None = None  # a language code: asked for a conversation with an interpreter


@dataclass(frozen=True)
class Rule:
    code: str
    urgency: str | None  # None: informational flag, does not change urgency
    label: str  # Dutch, shown to staff next to the flag
    test: Callable[[Answers], bool]


def _real_impact(a: Answers) -> list[str]:
    return [x for x in a.impact if x != "geen"]


RULES: tuple[Rule, ...] = (
    Rule("crisis_signal", CRISIS, "Crisissignaal uit het vangnet tijdens het gesprek",
         lambda a: bool(a.crisis_category)),
    Rule("school_absent_over_2_weeks", URGENT, "Meer dan twee weken niet naar school",
         lambda a: a.school_attendance == "geen" and (a.duration_days or 0) > SCHOOL_ABSENCE_DAYS),
    Rule("heaviness_8_plus", URGENT, "Zwaarte 8 of hoger (van 10)",
         lambda a: a.heaviness is not None and a.heaviness >= HEAVY),
    Rule("child_protection_measure", URGENT, "Jeugdbeschermingsmaatregel of Veilig Thuis betrokken",
         lambda a: "jeugdbescherming" in a.help),
    Rule("severe_impact_young_child", URGENT, "Ernstige gevolgen in het dagelijks leven bij een kind tot 12",
         lambda a: a.age is not None and a.age <= YOUNG_CHILD_MAX_AGE
         and (a.impact_severe or len(_real_impact(a)) >= 3)),
    Rule("self_harm", URGENT, "Zelfbeschadiging genoemd: snel contact, vraag naar gedachten aan zelfdoding",
         lambda a: "zelfbeschadiging" in a.themes),
    Rule("eating_medical_signs", URGENT, "Zorgen over eten met lichamelijke signalen: huisarts dezelfde dag",
         lambda a: "eten" in a.themes and a.medical_signs),
    Rule("overloaded_parent_baby", URGENT, "Overbelaste ouder met een baby: snel contact, vraag naar veiligheid",
         lambda a: "overbelast_ouder" in a.themes and a.role == "ouder"
         and ("baby_jgz" in a.themes or (a.age is not None and a.age <= BABY_MAX_AGE))),
    Rule("light_question", ADVICE, "Lichte vraag: advies kan genoeg zijn, een afspraak blijft mogelijk",
         lambda a: a.heaviness is not None and a.heaviness <= LIGHT and not _real_impact(a)
         and a.school_attendance not in ("geen", "soms")),
    Rule("school_partly_absent", None, "Mist soms school",
         lambda a: a.school_attendance == "soms"),
    Rule("other_care_involved", None, "Er is al andere hulp betrokken (afstemmen)",
         lambda a: any(h in a.help for h in ("wijkteam", "jeugdhulp", "ggz"))),
    Rule("long_duration", None, "Speelt langer dan een half jaar",
         lambda a: (a.duration_days or 0) > 182),
    Rule("low_mood_over_2_weeks", None, "Somber langer dan twee weken",
         lambda a: "somberheid" in a.themes and (a.duration_days or 0) > LOW_MOOD_DAYS),
    Rule("interpreter_requested", None, "Wil een gesprek met een tolk (zie de samenvatting voor de taal)",
         lambda a: bool(a.interpreter)),
    Rule("jgz_question", None, "Vraag over een baby of peuter: het consultatiebureau (JGZ) is de eerste plek",
         lambda a: "baby_jgz" in a.themes),
)
RULES_BY_CODE = {r.code: r for r in RULES}


@dataclass(frozen=True)
class Triage:
    urgency: str
    flags: tuple[str, ...]

    def labels(self) -> list[str]:
        return [RULES_BY_CODE[f].label for f in self.flags if f in RULES_BY_CODE]


def triage(answers: Answers) -> Triage:
    """Apply every row of the table; the highest urgency wins, "regular" if none sets one.

    "advice" only stands when no row sets a higher urgency.
    """
    flags = tuple(r.code for r in RULES if r.test(answers))
    urgencies = [RULES_BY_CODE[f].urgency for f in flags if RULES_BY_CODE[f].urgency]
    higher = [u for u in urgencies if u != ADVICE]
    if higher:
        urgency = max(higher, key=URGENCY_RANK.__getitem__)
        flags = tuple(f for f in flags if f != "light_question")
    elif ADVICE in urgencies:
        urgency = ADVICE
    else:
        urgency = REGULAR
    return Triage(urgency, flags)


def higher(a: str, b: str) -> str:
    return a if URGENCY_RANK.get(a, 0) >= URGENCY_RANK.get(b, 0) else b

"""The intake answers as one value, built from the form's slots."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bot.intake.triage import Answers, has_medical_signs


def _int(value: Any) -> int | None:
    try:
        return int(float(value)) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


# What the form stores for a question the person skipped (bot.intake.flow.SKIPPED).
_SKIPPED = "onbekend"


def _text(value: Any) -> str | None:
    return None if value in (None, "", _SKIPPED) else str(value)


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.split(",") if v]
    return [str(v) for v in value]


@dataclass
class IntakeRecord:
    role: str | None = None
    relation: str | None = None
    age: int | None = None
    topic: str | None = None
    themes: list[str] = field(default_factory=list)
    duration_days: int | None = None
    duration_text: str | None = None
    school_attendance: str | None = None
    impact_text: str | None = None
    impact_areas: list[str] = field(default_factory=list)
    impact_severe: bool = False
    heaviness: int | None = None
    help_text: str | None = None
    help_kinds: list[str] = field(default_factory=list)
    hope: str | None = None
    name: str | None = None
    contact_method: str | None = None  # telegram | phone
    phone: str | None = None  # E.164
    consent_parents: str | None = None  # ja | nee | onbekend
    consent_huisarts: bool | None = None
    crisis_category: str | None = None
    # Questions the bot could not answer during the intake, for the support worker.
    open_questions: list[str] = field(default_factory=list)

    @classmethod
    def from_slots(cls, slots: dict[str, Any]) -> IntakeRecord:
        themes = _list(slots.get("themes"))
        topic = slots.get("topic")
        if topic and topic not in themes:
            themes.insert(0, topic)
        contact = slots.get("contact")
        phone = contact if contact and str(contact).startswith("+") else None
        name = slots.get("name")
        huisarts = slots.get("consent_huisarts")
        return cls(
            role=slots.get("role"),
            relation=slots.get("relation"),
            age=_int(slots.get("age")),
            topic=topic or (themes[0] if themes else None),
            themes=themes,
            duration_days=_int(slots.get("duration_days")),
            duration_text=slots.get("duration_text"),
            school_attendance=_text(slots.get("school_attendance")),
            impact_text=_text(slots.get("impact")),
            impact_areas=_list(slots.get("impact_areas")),
            impact_severe=bool(slots.get("impact_severe")),
            heaviness=_int(slots.get("heaviness")),
            help_text=_text(slots.get("help")),
            help_kinds=_list(slots.get("help_kinds")),
            hope=_text(slots.get("hope")),
            name=None if name in (None, "-", "") else name,
            contact_method=("phone" if phone else "telegram") if contact else None,
            phone=phone,
            consent_parents=slots.get("consent_parents"),
            consent_huisarts=huisarts if isinstance(huisarts, bool) else None,
            crisis_category=slots.get("crisis_category"),
            open_questions=_list(slots.get("open_questions")),
        )

    def triage_answers(self) -> Answers:
        return Answers(
            role=self.role, age=self.age, themes=list(self.themes), duration_days=self.duration_days,
            school_attendance=self.school_attendance, impact=list(self.impact_areas),
            impact_severe=self.impact_severe, heaviness=self.heaviness, help=list(self.help_kinds),
            crisis_category=self.crisis_category,
            medical_signs=has_medical_signs(self.impact_text) or has_medical_signs(self.hope),
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

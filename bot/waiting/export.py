"""The waiting time in a person's copy of their data (/mijngegevens, ``intake export``)."""

from __future__ import annotations

from datetime import timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import _
from bot.replies import t
from bot.store.crypto import Cipher
from bot.store.models_waiting import Checkin, SafetyPlan

SECTION_PLAN = _("Je veiligheidsplan")
SECTION_CHECKINS = _("Hoe het ging tijdens het wachten")
PLAN_SHARED = _("Gedeeld met de praktijk: {shared}")
CHECKIN_LINE = _("Gevraagd op {sent}, je antwoord: {answer}")
CHECKIN_CHANGE = _("Wat er veranderde: {change}")
ANSWERS = {"better": _("beter"), "same": _("hetzelfde"), "worse": _("slechter"), None: _("geen antwoord")}
YES, NO = _("ja"), _("nee")


def _iso(value) -> str | None:
    return value.replace(tzinfo=timezone.utc).isoformat() if value else None


def collect(session: Session, conversation_id: int, *, cipher: Cipher) -> dict[str, Any]:
    from bot.waiting import plan as P

    row = session.execute(select(SafetyPlan).where(SafetyPlan.conversation_id == conversation_id)).scalar_one_or_none()
    state = P.state_of(row, cipher)
    checkins = session.execute(select(Checkin).where(Checkin.conversation_id == conversation_id,
                                                     (Checkin.sent_at.is_not(None)) | (Checkin.answer.is_not(None)))
                               .order_by(Checkin.id)).scalars().all()
    return {
        "safety_plan": None if row is None else {
            "plan": state.content, "unfinished": state.draft, "shared": state.shared,
            "shared_at": _iso(state.shared_at)},
        "checkins": [{"sent": _iso(c.sent_at), "answer": c.answer, "answered": _iso(c.answered_at),
                      "change": cipher.decrypt(c.change) if c.change else None,
                      "heaviness": c.heaviness_after, "school": c.school_after} for c in checkins],
    }


def render(data: dict[str, Any], language: str, *, heading, add, when) -> None:
    """Add the sections to the text copy: ``heading(msgid)`` a title, ``add(line)`` a line."""
    from bot.waiting import plan as P

    plan = data.get("safety_plan")
    if plan:
        heading(SECTION_PLAN)
        add(P.render(plan["plan"] or plan["unfinished"], language, title=False).strip())
        add(t(language, PLAN_SHARED).format(shared=t(language, YES if plan["shared"] else NO)))
    if data.get("checkins"):
        heading(SECTION_CHECKINS)
        for c in data["checkins"]:
            add("• " + t(language, CHECKIN_LINE).format(sent=when(c["sent"] or c["answered"]),
                                                        answer=t(language, ANSWERS.get(c["answer"]))))
            if c["change"]:
                add("  " + t(language, CHECKIN_CHANGE).format(change=c["change"]))

"""The booking form's reading of typed answers, free of Rasa and of the database.

``booking_form`` asks the practice (when unknown), a time and how; ``cancel_form`` asks whether
to cancel. A button press arrives as an entity; a typed answer arrives as text and is read here:
"de eerste", "2", "dinsdag", "dinsdag om 9 uur", "14:30", "maakt niet uit" choose a time from
the ones offered; "andere tijden", "later" ask for others; "video", "bellen", "op de praktijk"
choose how; "stop" ends the booking; "terug" goes back from "how" to "when".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.intake import parsing

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
QUESTIONS = ("practice_code", "chosen_slot", "appointment_type")
STOPPED = "-"  # the person stopped the booking: the form ends and nothing is booked
NONE_FREE = "-geen"  # no free time: the form ends and the practice's phone is given

_ORDINALS = {
    "eerste": 1, "eerst": 1, "1e": 1, "tweede": 2, "2e": 2, "derde": 3, "3e": 3, "vierde": 4, "4e": 4,
    "vijfde": 5, "5e": 5, "laatste": -1, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
}
_WEEKDAYS = {
    "maandag": 0, "ma": 0, "dinsdag": 1, "di": 1, "woensdag": 2, "wo": 2, "donderdag": 3, "do": 3,
    "vrijdag": 4, "vr": 4, "zaterdag": 5, "za": 5, "zondag": 6, "zo": 6,
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "wednesday": 2, "wed": 2, "thursday": 3, "thu": 3,
    "friday": 4, "fri": 4, "saturday": 5, "sunday": 6,
}
_ANY_RE = re.compile(r"\b(?:maakt niet uit|maakt me niet uit|om het even|doe maar|de eerste de beste|zo snel mogelijk"
                     r"|wat het eerst kan|any|whatever|doesn't matter|does not matter|as soon as possible|asap)\b")
_MORE_RE = re.compile(r"\b(?:andere tijd(?:en)?|andere momenten|later|meer tijden|geen van (?:deze|die)"
                      r"|pa(?:s|ss)en (?:niet|geen)|past (?:niet|geen)|kan (?:ik )?(?:dan )?niet|other times|later times|none of these|more times)\b")
_SLOT_ID_RE = re.compile(r"^\d+-\d{8}T\d{4}Z$")
_TIME_RE = re.compile(r"\b(\d{1,2})(?:[:.](\d{2})|\s*(?:uur|u\b|h\b|o'clock))")
_TYPE_WORDS = {
    "video": ("video", "beeldbellen", "videobellen", "beeld", "online", "camera", "zoom", "teams"),
    "telefoon": ("telefoon", "telefonisch", "bellen", "bel", "phone", "call", "gebeld"),
    "praktijk": ("praktijk", "langskomen", "langs komen", "op locatie", "in het echt", "face to face",
                 "in person", "at the practice", "kom langs", "naar de praktijk", "spreekkamer"),
}


@dataclass
class Step:
    updates: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)  # message ids of bot.booking.texts (msgids)
    reject: bool = False  # not an answer: Rasa's rules answer it, then the question comes back


def offered_times(offered: list[Any] | None) -> list[tuple[str, datetime]]:
    """The ``offered_slots`` slot: ["<slot_id>|<UTC ISO start>", ...] as (id, local time)."""
    out = []
    for item in offered or []:
        slot_id, _, start = str(item).partition("|")
        try:
            when = datetime.fromisoformat(start)
        except ValueError:
            continue
        if when.tzinfo is None:
            from datetime import timezone

            when = when.replace(tzinfo=timezone.utc)
        out.append((slot_id, when.astimezone(AMSTERDAM)))
    return out


def pick_slot(text: str, offered: list[tuple[str, datetime]]) -> str | None:
    """The offered slot a typed answer points to; "more" for other times; "no_day" when a day
    is named that none of them is on; None if unclear."""
    t = parsing.normalise(text).strip(" .!?")
    if _MORE_RE.search(t):
        return "more"
    if not offered:
        return None
    words = t.split()
    for word in words:
        if word in _ORDINALS:
            n = _ORDINALS[word]
            if n == -1:
                return offered[-1][0]
            return offered[n - 1][0] if 1 <= n <= len(offered) else None
    if _ANY_RE.search(t):
        return offered[0][0]
    if len(words) <= 2 and t.isdigit() and 1 <= int(t) <= len(offered):
        return offered[int(t) - 1][0]  # "2": the second button
    candidates = offered
    day = next((_WEEKDAYS[w] for w in words if w in _WEEKDAYS), None)
    if day is not None:
        candidates = [c for c in candidates if c[1].weekday() == day]
        if not candidates:
            return "no_day"  # a day named, but none of the times is on it
    date = re.search(r"\b(\d{1,2})\s+(?:jan|feb|mrt|maa|apr|mei|jun|jul|aug|sep|okt|oct|nov|dec)", t)
    if date:
        candidates = [c for c in candidates if c[1].day == int(date.group(1))]
    time = _TIME_RE.search(t)
    if time:
        hour, minute = int(time.group(1)), int(time.group(2) or 0)
        exact = [c for c in candidates if (c[1].hour, c[1].minute) == (hour, minute)]
        candidates = exact or [c for c in candidates if c[1].hour == hour]
    elif re.search(r"\b(?:ochtend|morgens|'s ochtends|morning)\b", t):
        candidates = [c for c in candidates if c[1].hour < 12]
    elif re.search(r"\b(?:middag|'s middags|afternoon)\b", t):
        candidates = [c for c in candidates if c[1].hour >= 12]
    if candidates is offered or not candidates:
        return None
    return candidates[0][0]


def pick_type(text: str, available: list[str]) -> str | None:
    t = parsing.normalise(text)
    for code, words in _TYPE_WORDS.items():
        if code in available and any(re.search(r"\b" + re.escape(w) + r"\b", t) for w in words):
            return code
    return None


def read(requested: str | None, *, text: str, value: Any, intent: str | None, offered: list[tuple[str, datetime]],
         types: list[str], not_an_answer: bool) -> Step:
    """One turn of the booking form, for the question that was asked."""
    step = Step()
    typed = text if text and not text.startswith("/") else None
    if requested is None:
        return step
    if intent == "request_appointment":
        step.updates["slots_more"] = None  # "ik wil een afspraak": that is what this is; ask again
        return step
    if typed and (parsing.is_stop(typed) or intent == "stop_intake"):
        step.updates.update({"chosen_slot": STOPPED, "appointment_type": STOPPED})
        return step
    if typed and (parsing.is_go_back(typed) or intent == "go_back"):
        if requested == "appointment_type":
            step.updates["chosen_slot"] = None
        else:
            step.messages.append("no_previous")
            step.updates[requested] = None
        return step
    if requested == "chosen_slot":
        if intent == "more_slots":
            step.updates.update({"chosen_slot": None, "slots_more": True})
            return step
        if value and not str(value).startswith("/") and any(str(value) == s for s, _ in offered):
            step.updates["chosen_slot"] = str(value)
            return step
        if value and _SLOT_ID_RE.match(str(value)):
            step.updates["chosen_slot"] = str(value)  # a button from an earlier offer: the booking checks it
            return step
        if typed:
            picked = pick_slot(typed, offered)
            if picked == "more":
                step.updates.update({"chosen_slot": None, "slots_more": True})
                return step
            if picked == "no_day":
                step.updates["chosen_slot"] = None
                step.messages.append("no_time_that_day")
                return step
            if picked:
                step.updates["chosen_slot"] = picked
                return step
    elif requested == "appointment_type":
        code = str(value) if value and str(value) in types else pick_type(typed or "", types)
        if code:
            step.updates["appointment_type"] = code
            return step
    if not_an_answer:
        step.reject = True
        return step
    step.updates[requested] = None
    step.messages.append("invalid_" + requested)
    return step

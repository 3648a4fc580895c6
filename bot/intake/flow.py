"""The intake form's logic, free of Rasa: which question comes next, how an answer is read,
and what "terug", "stop" and a correction ("nee, hij is 14") do.

``actions/intake.py`` turns a :class:`Step` into Rasa events; the unit tests call
:func:`advance` directly with plain dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from bot.dialogue import practices as P
from bot.dialogue.offer import answer_to_offer
from bot.intake import consent, eligibility, parsing

FORM = "intake_form"
# Every slot the form can ask, in order; plan() leaves out what does not apply. The practice
# is asked only when it is not known yet (the action fills it when there is one practice).
QUESTIONS = ("role", "practice_code", "topic", "age", "consent_parents", "duration_days", "school_attendance",
             "impact", "heaviness", "help", "hope", "name", "contact", "consent_huisarts")
# Slots the form derives from answers; never asked.
DERIVED = ("relation", "themes", "impact_areas", "impact_severe", "help_kinds", "intake_outcome", "intake_started",
           "practice_options", "practice_tries", "open_questions")
INTAKE_SLOTS = QUESTIONS + DERIVED
# A first-line answer's theme may already be the topic (bot.content.themes.THEMES), or "anders".
TOPICS = ("opvoeding", "angst", "school", "somberheid", "slaap", "scheiding", "driftbuien", "pesten",
          "adhd_autisme", "examenstress", "zelfbeschadiging", "middelen_gamen", "rouw", "eten",
          "eenzaamheid", "overbelast_ouder", "gender_seksualiteit", "baby_jgz", "anders")
SCHOOL_TOPICS = ("school", "pesten", "examenstress")
ROLES = ("ouder", "jongere", "professional")
# "theme_answered": a worry typed at the practice question got its theme's answer and the offer of a
# talk instead of the intake (the person had not asked for one); the offer's yes starts it again.
# "call_back": a professional who was redirected comes back into the intake ("Kunt u mij bellen?
# 06…"): the call-back request instead of the same redirect again.
DONE_OUTCOMES = ("professional", "over_age", "physical", "stopped", "already_done", "no_practice", "theme_answered",
                 "call_back")
# The value of a question the person skipped, did not know or preferred not to answer: the
# form goes on, and the handover shows it as not answered.
SKIPPED = "onbekend"
# What skipping means for questions where an ordinary answer says it best.
_SKIP_VALUES = {"topic": "anders", "name": "-", "contact": "telegram", "consent_parents": "onbekend"}
# Questions that cannot be skipped: the rest of the intake depends on them.
_NOT_SKIPPABLE = ("role",)
# A second answer that cannot be read skips these questions (staff ask later) instead of asking a
# third time: "Dat begreep ik niet" three times in a row is where a conversation got stuck. Not the
# practice (it has its own end), nor the answers a handover cannot go without a real answer for.
# Questions answered yes or no: a yes that also wants an appointment ("ja graag een afspraak") is a yes.
_YES_NO_QUESTIONS = ("consent_parents", "consent_huisarts")
_SKIP_WHEN_UNCLEAR = ("topic", "age", "consent_parents", "duration_days", "school_attendance", "heaviness")
UNCLEAR_ANSWERS_BEFORE_SKIP = 2
# Questions any text answers, where a text without one word the model knows is no answer. Not the
# name (a name the model never saw is a name), nor the later free-text questions (there a stray
# answer costs nothing: staff read it; the topic decides the intake's questions and the handover).
WANTS_WORDS = ("topic",)


def plan(slots: dict[str, Any]) -> list[str]:
    """The questions that apply given what is known; ``[]`` ends the form early."""
    if slots.get("intake_outcome") in DONE_OUTCOMES:
        return []
    order = list(QUESTIONS)
    themes = slots.get("themes") or []
    school = slots.get("topic") in SCHOOL_TOPICS or any(t in SCHOOL_TOPICS for t in themes)
    if not school and slots.get("school_attendance") is None:
        order.remove("school_attendance")
    return order


def next_question(slots: dict[str, Any], *, practice_first: bool = False) -> str | None:
    """The first question of the plan without an answer. ``practice_first``: the person asked for
    someone to contact them, which needs the practice, so an unknown practice is asked before the rest."""
    todo = [q for q in plan(slots) if slots.get(q) is None]
    if practice_first and "practice_code" in todo:
        return "practice_code"
    return next(iter(todo), None)


@dataclass
class Step:
    updates: dict[str, Any] = field(default_factory=dict)
    responses: list[str] = field(default_factory=list)  # Rasa response names, in order
    # A theme's first-line answer for the person's role, sent before ``responses`` (a worry typed
    # at the practice question); ``offer``: the offer of a talk follows it.
    theme: str | None = None
    offer: bool = False

    def merged(self, slots: dict[str, Any]) -> dict[str, Any]:
        return {**slots, **self.updates}


# -- reading one answer ------------------------------------------------------------------


def _as_int(value: Any) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    return None


def validate(slot: str, value: Any, slots: dict[str, Any],
             practices: list[P.PracticeInfo] | None = None) -> tuple[dict[str, Any], list[str]]:
    """Read one answer: returns the slot updates and the responses to send.

    An update of ``{slot: None}`` with a response means "not understood, asked again".
    """
    text = "" if value is None else str(value).strip()
    if slot == "practice_code":
        return practice_answer(text, slots, practices or [])
    fn = _VALIDATORS.get(slot)
    return fn(text, value, slots) if fn else ({slot: value}, [])


# After this many answers that name no practice, the intake ends kindly instead of asking on.
MAX_PRACTICE_TRIES = 3


def practice_answer(text: str, slots: dict[str, Any], practices: list[P.PracticeInfo]) -> tuple[dict[str, Any], list[str]]:
    """The practice, typed (name, place, postcode) or pressed (its code).

    One clear match is chosen; near matches become buttons (``practice_options``, asked by the
    question's action); three answers that name no practice ("weet ik niet", a place without
    a practice) end the intake kindly: without a practice nobody can pick the handover up.
    """
    tries = int(slots.get("practice_tries") or 0) + 1
    if text and not text.startswith("/"):
        if parsing.is_dont_know(text) or parsing.is_skip(text) or text.lower() in ("-", "niet", "staat er niet bij"):
            if tries >= MAX_PRACTICE_TRIES:
                return {"practice_code": None, "practice_tries": float(tries), "intake_outcome": "no_practice"}, \
                    ["utter_intake_redirect_no_practice"]
            return {"practice_code": None, "practice_options": [], "practice_tries": float(tries)}, \
                ["utter_practice_unknown"]
    found = P.find(text, practices)
    if found.chosen is not None:
        updates = {"practice_code": found.chosen.code, "practice_options": None, "practice_tries": None,
                   "practice_name": found.chosen.name}
        if found.chosen.worker_title:
            updates["worker_title"] = found.chosen.worker_title
        return updates, ["utter_practice_chosen"]
    if found.options:
        return {"practice_code": None, "practice_options": [p.code for p in found.options],
                "practice_tries": float(tries)}, []
    if tries >= MAX_PRACTICE_TRIES:
        return {"practice_code": None, "practice_tries": float(tries), "intake_outcome": "no_practice"}, \
            ["utter_intake_redirect_no_practice"]
    return {"practice_code": None, "practice_options": [], "practice_tries": float(tries)}, ["utter_practice_not_found"]


def _role(text, value, slots):
    from bot.content.themes import read_role

    # The same reading as the answer to a theme's "Voor wie schrijf je?": "moeder", "I'm his dad".
    role = text.lower() if text.lower() in ROLES else read_role(text, answering=True)
    if role is None:
        return {"role": None}, ["utter_intake_invalid_role"]
    if role == "professional":
        return {"role": role, "intake_outcome": "professional"}, ["utter_intake_professional"]
    return {"role": role}, []


def _age(text, value, slots):
    age = _as_int(value)
    if age is None:
        age = parsing.parse_age(text)
    if age is None or not 0 <= age <= 120:
        return {"age": None}, ["utter_intake_invalid_age"]
    updates: dict[str, Any] = {"age": float(age)}
    old = _as_int(slots.get("age"))
    if old is not None and consent.age_band(old) != consent.age_band(age) and slots.get("consent_parents"):
        updates["consent_parents"] = None  # the consent rule changed with the band: ask again
    check = eligibility.check(role=slots.get("role"), age=age)
    if not check.eligible:
        updates["intake_outcome"] = check.outcome
        return updates, [check.response]
    return updates, []


def _consent_parents(text, value, slots):
    answer = consent.parse_answer(text)
    if answer is None:
        return {"consent_parents": None}, ["utter_intake_invalid_choice"]
    return {"consent_parents": answer}, []


def _topic(text, value, slots):
    if text and not parsing.parse_themes(text) and parsing.parse_age(text) is not None and len(text.split()) <= 3:
        return {"topic": None}, ["utter_intake_invalid_topic"]  # "14": an age, not what it is about
    if text and len(text.split()) <= 2 and answer_to_offer(text) is not None and not parsing.parse_themes(text):
        return {"topic": None}, ["utter_intake_invalid_topic"]  # "ja", "oké", "nee": not what it is about
    if parsing.is_physical_complaint(text):
        return {"topic": None, "intake_outcome": "physical"}, ["utter_intake_redirect_physical"]
    themes = list(slots.get("themes") or [])
    if text.lower() in TOPICS:
        topic = text.lower()
    else:
        found = parsing.parse_themes(text)
        topic = found[0] if found else "anders"
        themes += [t for t in found if t not in themes]
    if topic not in themes:
        themes.insert(0, topic)
    return {"topic": topic, "themes": themes}, []


def _duration(text, value, slots):
    days = _as_int(value)
    if days is None:
        days = parsing.parse_duration_days(text)
    if days is None:
        return {"duration_days": None}, ["utter_intake_invalid_duration"]
    return {"duration_days": float(days)}, []


def _school(text, value, slots):
    t = text.lower()
    if t in ("geen", "soms", "gewoon"):
        return {"school_attendance": t}, []
    answer = parsing.parse_school_attendance(text)
    if answer is None:
        yes = parsing.parse_yes_no(text)
        answer = None if yes is None else ("gewoon" if yes else "geen")
    if answer is None:
        return {"school_attendance": None}, ["utter_intake_invalid_choice"]
    return {"school_attendance": answer}, []


def _impact(text, value, slots):
    if not text:
        return {"impact": None}, ["utter_intake_invalid_free_text"]
    areas, severe = parsing.parse_impact(text)
    updates: dict[str, Any] = {"impact": text[:1000], "impact_areas": areas, "impact_severe": severe}
    if slots.get("school_attendance") is None:
        school = parsing.parse_school_attendance(text) if "school" in text.lower() else None
        if school in ("geen", "soms"):
            updates["school_attendance"] = school
    return updates, []


def _heaviness(text, value, slots):
    score = _as_int(value)
    if score is None:
        score = parsing.parse_heaviness(text)
    if score is None or not 1 <= score <= 10:
        return {"heaviness": None}, ["utter_intake_invalid_heaviness"]
    return {"heaviness": float(score)}, []


def _help(text, value, slots):
    if not text:
        return {"help": None}, ["utter_intake_invalid_free_text"]
    kinds = [text.lower()] if text.lower() in parsing.HELP_WORDS or text.lower() == "geen" else parsing.parse_help(text)
    responses = ["utter_intake_help_protection_noted"] if "jeugdbescherming" in kinds else []
    return {"help": text[:500], "help_kinds": kinds}, responses


def _hope(text, value, slots):
    if not text:
        return {"hope": None}, ["utter_intake_invalid_free_text"]
    return {"hope": text[:1000]}, []


def _name(text, value, slots):
    t = text.strip().strip(".!")
    if not t or t == "-" or parsing.normalise(t) in ("liever niet", "nee", "geen", "sla over", "overslaan", "hoeft niet"):
        return {"name": "-"}, []
    for prefix in ("ik heet ", "noem me ", "mijn naam is ", "zeg maar "):
        if t.lower().startswith(prefix):
            t = t[len(prefix):]
    return {"name": t[:40]}, []


def normalise_phone(text: str) -> str | None:
    """A Dutch (or international) phone number in E.164, checked with ``phonenumbers``."""
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _contact(text, value, slots):
    t = parsing.normalise(text)
    if t in ("telegram", "chat") or any(w in t for w in ("via de chat", "via deze chat", "telegram", "hier in de chat", "via hier")):
        return {"contact": "telegram"}, []
    if any(ch.isdigit() for ch in t):
        phone = normalise_phone(text)
        if phone:
            return {"contact": phone}, []
    return {"contact": None}, ["utter_intake_invalid_phone"]


def _consent_huisarts(text, value, slots):
    if isinstance(value, bool):
        return {"consent_huisarts": value}, []
    answer = consent.parse_answer(text)
    if answer in ("ja", "nee"):
        return {"consent_huisarts": answer == "ja"}, []
    return {"consent_huisarts": None}, ["utter_intake_invalid_choice"]


_VALIDATORS = {
    "role": _role, "age": _age, "consent_parents": _consent_parents, "topic": _topic,
    "duration_days": _duration, "school_attendance": _school, "impact": _impact,
    "heaviness": _heaviness, "help": _help, "hope": _hope, "name": _name, "contact": _contact,
    "consent_huisarts": _consent_huisarts,
}

# Facts from free text that may fill a question before it is asked.
_FACT_SLOTS = ("role", "age", "topic", "duration_days", "school_attendance", "contact")


def _apply_facts(facts: parsing.Facts, slots: dict[str, Any], step: Step, *, overwrite: bool, skip: str | None) -> list[str]:
    """Fill (or, for a correction, change) slots from facts; returns the slots changed."""
    changed: list[str] = []
    values = facts.as_slots()
    if "relation" in values and slots.get("relation") is None:
        step.updates["relation"] = values["relation"]
    for slot in _FACT_SLOTS:
        if slot not in values or slot == skip:
            continue
        current = step.merged(slots).get(slot)
        if current is not None and (not overwrite or current == values[slot]):
            continue
        updates, responses = validate(slot, values[slot], step.merged(slots))
        if updates.get(slot) is None and slot not in ("topic",):
            continue  # not a usable value: ignore quietly
        step.updates.update(updates)
        step.responses += responses
        changed.append(slot)
        if slot == "topic" and facts.themes:
            themes = list(step.merged(slots).get("themes") or [])
            step.updates["themes"] = themes + [t for t in facts.themes if t not in themes]
        if step.merged(slots).get("intake_outcome") in DONE_OUTCOMES:
            break
    return changed


def skip(requested: str, slots: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The person skips the question, does not know, or prefers not to say."""
    if requested in _NOT_SKIPPABLE:
        return {requested: None}, ["utter_intake_cannot_skip"]
    updates: dict[str, Any] = {requested: _SKIP_VALUES.get(requested, SKIPPED)}
    if requested == "age" and slots.get("consent_parents") is None:
        updates["consent_parents"] = "onbekend"  # the rule depends on the age: staff ask
    return updates, ["utter_intake_skipped"]


def _yes_with_an_appointment(requested: str | None, typed: str | None, intent: str | None) -> bool:
    """"ja graag een afspraak" to a yes-or-no question: a yes (the model reads an appointment request)."""
    return (requested in _YES_NO_QUESTIONS and bool(typed) and intent in ("request_appointment", "afspraak")
            and consent.parse_answer(typed) == "ja")


def advance(
    slots: dict[str, Any],
    *,
    requested: str | None,
    text: str | None,
    value: Any = None,
    intent: str | None = None,
    history: list[str] | None = None,
    practices: list[P.PracticeInfo] | None = None,
    appointment_asked: bool = False,
    answers: int = 1,
    unreadable: bool = False,
) -> Step:
    """One turn of the form.

    ``slots``: the current slot values (the requested slot still holds its old value);
    ``requested``: the question that was asked (None at activation);
    ``text``: what the person typed (None or a "/payload" for a button);
    ``value``: the value Rasa extracted for the requested slot (entity or typed text), if any;
    ``history``: earlier typed messages, read once at activation to pre-fill answers;
    ``practices``: the practices a typed practice is looked up in;
    ``intent``: a theme intent only when the model was sure of it (the action decides);
    ``appointment_asked``: the person asked for an appointment in this conversation;
    ``answers``: how many messages were sent to the requested question so far, this one included;
    ``unreadable``: the message holds not one word the model knows ("blabla qwerty"; the NLU's
    unknown-words guard): no answer to a question that wants words (:data:`WANTS_WORDS`).
    """
    step = Step()
    typed = text if text and not text.startswith("/") else None

    if not slots.get("intake_started"):
        step.updates["intake_started"] = True
        if slots.get("handover_id") and requested is None:
            # This conversation already handed over an intake: go straight to the next step.
            step.updates["intake_outcome"] = "already_done"
            step.responses.append("utter_intake_already_done")
            return step
        step.responses.append("utter_intake_start")
        for earlier in history or []:
            if earlier.strip().isdigit():
                continue  # a bare number from an earlier, stopped intake says nothing by itself
            _apply_facts(parsing.extract_facts(earlier), slots, step, overwrite=False, skip=None)
        noted = [k for k in _FACT_SLOTS if k in step.updates and k != "role"]
        if noted and not step.merged(slots).get("intake_outcome"):
            step.responses.append("utter_intake_prefilled")
        if requested is None:
            return step

    if typed and (parsing.is_stop(typed) or intent == "stop_intake"):
        step.updates.update({"intake_outcome": "stopped"})
        if requested:
            step.updates[requested] = None
        step.responses.append("utter_intake_stopped")
        return step

    if typed and (parsing.is_go_back(typed) or intent == "go_back"):
        order = plan(slots)
        before = order[: order.index(requested)] if requested in order else order
        previous = next((q for q in reversed(before) if slots.get(q) is not None and q not in ("role", "practice_code")),
                        None)
        if requested:
            step.updates[requested] = None
        if previous:
            step.updates[previous] = None
            step.responses.append("utter_intake_go_back")
        else:
            step.responses.append("utter_intake_no_previous")
        return step

    if (requested and intent == "request_appointment" and not (requested == "hope" and typed)
            and not _yes_with_an_appointment(requested, typed, intent)):
        # "ik wil een afspraak" during the questions: that is where they lead; go on here.
        # ("een gesprek" answers "Wat hoop je …?", and "ja graag een afspraak" says yes to a
        # consent question: read below as that answer.)
        step.updates["intake_started"] = True  # a slot event keeps the form in charge of this turn
        step.responses.append("utter_intake_appointment_after")
        return step

    if typed and requested and requested != "practice_code" and (parsing.is_skip(typed) or intent == "skip"):
        updates, responses = skip(requested, slots)
        step.updates.update(updates)
        step.responses += responses
        return step

    if typed and (intent == "correct" or parsing.looks_like_correction(typed)):
        facts = parsing.extract_facts(typed)
        changed = _apply_facts(facts, slots, step, overwrite=True, skip=requested)
        if changed:
            if requested and requested not in changed:
                step.updates[requested] = None  # the text was a correction, not this answer
            if not step.merged(slots).get("intake_outcome"):
                step.responses.append("utter_intake_corrected")
            return step
        if intent == "correct" and value is None and requested:
            # "nee, nog niemand" can look like a correction but answers the question.
            updates, responses = validate(requested, typed, step.merged(slots), practices)
            if updates.get(requested) is not None:
                step.updates.update(updates)
                step.responses += responses
                return step
        if intent == "correct" and value is None:
            # A correction we cannot read: say how, and ask the current question again.
            step.responses.append("utter_intake_correct_how")
            step.updates["intake_started"] = True  # a slot event keeps the form in charge of this turn
            return step

    if requested is None:
        return step

    if requested == "practice_code" and typed and not P.find(typed, practices or []).found_any:
        # No practice in the text: a worry, or an answer to a question still to come ("ze is 9"),
        # is not a practice name ("Die praktijk kon ik niet vinden" three times ended the intake).
        if (worry := _worry_instead_of_practice(typed, slots, intent, appointment_asked)) is not None:
            step.updates.update(worry.updates)
            step.theme, step.offer = worry.theme, worry.offer
            step.responses += worry.responses
            return step
        if _noted_instead(typed, slots, step, requested):
            return step

    if requested not in ("contact", "practice_code") and typed and parsing.only_a_phone(typed):
        # A phone number alone is no answer to this question ("06 12345678" at "Wat merk je er in het
        # dagelijks leven van?" became the answer; at the age question "06" was an age): it is kept for
        # the phone question, said so, and this question comes again.
        known = step.merged(slots).get("contact")
        _apply_facts(parsing.extract_facts(typed), step.merged(slots), step, overwrite=False, skip=requested)
        step.updates[requested] = None
        step.responses.append("utter_intake_phone_noted" if known is None else "utter_intake_prefilled")
        return step

    # Only what Rasa extracted for this question counts as its answer: its slot mappings leave
    # out intents such as faq and crisis, so "wat kost het?" is answered, not stored.
    answer = value
    if answer is None and typed and intent == "faq" and not parsing.looks_like_question(typed):
        # Not a question after all ("iemand om mee te praten"): it answers what was asked,
        # if it reads as an answer to it.
        updates, responses = validate(requested, typed, step.merged(slots), practices)
        if updates.get(requested) is not None:
            answer = typed
    if answer is None and typed and requested == "hope" and intent == "request_appointment":
        answer = typed  # "praten", "een gesprek": what they hope for
    if answer is None and typed and _yes_with_an_appointment(requested, typed, intent):
        answer = typed  # "ja graag een afspraak": Rasa's mapping leaves an appointment request out
    if answer is None and typed and requested != "practice_code" and intent in ("dont_know", "prefer_not_say"):
        answer = typed  # "weet ik niet" is an answer too (read below)
    if answer is None:
        return step
    if unreadable and typed and requested in WANTS_WORDS:
        # Any text is a topic ("anders"), but gibberish is none: the intake went on as if
        # "blabla qwerty" were what it is about. Asked again; a second one skips the question.
        updates, responses = {requested: None}, [f"utter_intake_invalid_{requested}"]
    else:
        updates, responses = validate(requested, answer, step.merged(slots), practices)
    if requested == "topic" and typed and updates.get("topic") == "baby_jgz" and _jgz_answers(typed, slots):
        # A vaccination or baby question is the consultatiebureau's (JGZ), not the POH's: its answer
        # (where to go, with a way on) instead of the intake's questions, as for a worry at the practice.
        updates["intake_outcome"] = "theme_answered"
        step.theme, step.offer = "baby_jgz", True
    if updates.get(requested) is None and typed and answer != typed and not updates.get("intake_outcome"):
        # The entity was too short to read ("zomervakantie"); the whole message may do.
        retry_updates, retry_responses = validate(requested, typed, step.merged(slots), practices)
        if retry_updates.get(requested) is not None:
            updates, responses = retry_updates, retry_responses
    not_read = updates.get(requested) is None and not updates.get("intake_outcome") and requested != "practice_code"
    if not_read and typed and (parsing.is_dont_know(typed) or parsing.is_prefer_not(typed)
                               or intent in ("dont_know", "prefer_not_say")):
        updates, responses = skip(requested, step.merged(slots))
        not_read = updates.get(requested) is None
    if not_read and typed and parsing.looks_like_question(typed):
        # A question we have no answer for ("moet ik de leerplichtambtenaar bellen?"): the
        # support worker gets it with the handover; the same question comes again.
        asked = list(step.merged(slots).get("open_questions") or [])
        updates = {requested: None, "open_questions": (asked + [typed[:300]])[-5:]}
        responses = ["utter_intake_question_noted"]
    step.updates.update(updates)
    step.responses += responses
    # Extra facts in the same message fill later questions ("drie weken, en hij is 13"), and a
    # phone number given at any point is kept for the contact question.
    if typed and not step.merged(slots).get("intake_outcome"):
        before = step.merged(slots).get("contact")
        changed = _apply_facts(parsing.extract_facts(typed), step.merged(slots), step, overwrite=False, skip=requested)
        if changed and not_read:
            # Not this question's answer, but one to a question still to come ("hij is 13" at
            # "Waar gaat het over?"): say it is noted, not "Dat begreep ik niet", and ask again.
            step.responses = [r for r in step.responses if not r.startswith("utter_intake_invalid")]
            if not step.merged(slots).get("intake_outcome"):
                step.responses.append("utter_intake_phone_noted" if "contact" in changed and before is None
                                      else "utter_intake_prefilled")
        elif (not_read and requested in _SKIP_WHEN_UNCLEAR and answers >= UNCLEAR_ANSWERS_BEFORE_SKIP
              and any(r.startswith("utter_intake_invalid") for r in step.responses)):
            updates, _said = skip(requested, step.merged(slots))
            step.updates.update(updates)
            step.responses = [r for r in step.responses if not r.startswith("utter_intake_invalid")]
            step.responses.append("utter_intake_skipped_unclear")
    return step


def _jgz_answers(typed: str, slots: dict[str, Any]) -> bool:
    """The JGZ's answer fits: a vaccination or baby question, for a child of 4 or younger (or of an
    age not known); for an older child the intake goes on with the topic (the triage notes the JGZ)."""
    from bot.content.themes import baby_answer_fits

    return parsing.parse_themes(typed) == ["baby_jgz"] and baby_answer_fits(typed, slots.get("age"))


def _noted_instead(typed: str, slots: dict[str, Any], step: Step, requested: str) -> bool:
    """Facts for later questions in a text that names no practice: noted, and the practice is
    asked again without counting a try. False when the text holds nothing to note."""
    noted = Step()
    changed = _apply_facts(parsing.extract_facts(typed), step.merged(slots), noted, overwrite=False, skip=requested)
    if not changed:
        return False
    step.updates.update(noted.updates)
    step.updates.setdefault(requested, None)
    step.responses += noted.responses
    if not step.merged(slots).get("intake_outcome"):
        step.responses.append("utter_intake_prefilled")
    return True


def _worry_instead_of_practice(typed: str, slots: dict[str, Any], intent: str | None,
                               appointment_asked: bool) -> Step | None:
    """A worry typed at the practice question ("ze durft niet naar school"), when the model is sure
    of its theme and the role is known: the theme's answer for that role. When the person had not
    asked for an appointment (the intake began with "Voor wie schrijf je?"), the offer of a talk
    follows and the intake ends here (its yes starts it again, at the practice); after an
    appointment request the practice is simply asked again. The theme becomes the topic."""
    from bot.content.themes import ROLES as THEME_ROLES
    from bot.content.themes import theme_of

    theme = theme_of(intent)
    role = slots.get("role")
    if theme is None or role not in THEME_ROLES or role == "professional":
        return None
    themes = [theme, *[t for t in (slots.get("themes") or []) if t != theme]]
    step = Step(updates={"practice_code": None, "topic": theme if theme in TOPICS else "anders", "themes": themes},
                theme=theme, offer=not appointment_asked)
    if step.offer:
        step.updates["intake_outcome"] = "theme_answered"
    return step

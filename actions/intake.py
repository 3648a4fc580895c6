"""Intake form actions: the form validator, role-dependent questions, and the submit action.

The logic lives in ``bot.intake`` (flow, triage, handover); these classes only translate
between Rasa's tracker and plain values. Logs carry ids and slot names, never answers.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

log = logging.getLogger("actions.intake")

BOOKING_ACTION = "action_offer_slots"


def _slots(tracker: Tracker) -> dict[str, Any]:
    from bot.intake.flow import INTAKE_SLOTS

    names = (*INTAKE_SLOTS, "crisis_category", "handover_id")
    return {name: tracker.get_slot(name) for name in names}


def _typed_history(tracker: Tracker) -> list[str]:
    return [e.get("text") or "" for e in tracker.events
            if e.get("event") == "user" and (e.get("text") or "") and not (e.get("text") or "").startswith("/")]


class ValidateIntakeForm(FormValidationAction):
    """Reads each answer with :func:`bot.intake.flow.advance` and picks the next question.

    Returning no slot events on purpose lets Rasa reject the form for this turn, so an FAQ,
    a crisis payload or "ben je een robot?" is handled by its own rule and the form resumes.
    """

    def name(self) -> str:
        return "validate_intake_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.intake.flow import QUESTIONS, advance, next_question, validate

        requested = tracker.get_slot("requested_slot")
        extracted = {k: v for k, v in tracker.slots_to_validate().items() if k in QUESTIONS}
        slots = _slots(tracker)
        for name in extracted:
            slots[name] = None  # not yet accepted: read it below
        text = tracker.latest_message.get("text") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        step = advance(slots, requested=requested, text=text, value=extracted.get(requested), intent=intent,
                       history=_typed_history(tracker))
        # Entities for other questions in the same message (e.g. an age said in passing).
        for name, value in extracted.items():
            if name == requested or name in step.updates:
                continue
            updates, responses = validate(name, value, step.merged(slots))
            step.updates.update(updates)
            step.responses += responses
        if not step.updates and not step.responses:
            # Nothing for the form in this message: Rasa rejects the form for this turn (an
            # FAQ, a crisis payload...). When the form resumes afterwards, the same call must
            # still name the next question, or Rasa would pick one in the domain's fixed order.
            log.info("intake turn without answer sender=%s requested=%s intent=%s", tracker.sender_id, requested, intent)
            return [SlotSet("requested_slot", next_question(slots))]
        for response in step.responses:
            _send(dispatcher, tracker, response)
        merged = step.merged(slots)
        nxt = next_question(merged)
        log.info("intake turn sender=%s requested=%s next=%s filled=%s", tracker.sender_id, requested, nxt,
                 ",".join(sorted(k for k, v in step.updates.items() if v is not None)))
        return [SlotSet(k, v) for k, v in step.updates.items()] + [SlotSet("requested_slot", nxt)]


def _send(dispatcher: CollectingDispatcher, tracker: Tracker, name: str) -> None:
    """Send one message from :mod:`bot.intake.texts` in the person's language."""
    from bot.i18n import normalise_language
    from bot.intake.texts import render

    language = normalise_language(tracker.get_slot("language"))
    text, buttons = render(
        name, language,
        worker_title=tracker.get_slot("worker_title") or "POH-Jeugd",
        practice_name=tracker.get_slot("practice_name") or "de huisartsenpraktijk",
    )
    dispatcher.utter_message(text=text, buttons=buttons or None)


class _Ask(Action, ABC):
    """Ask one question; the words depend on who writes and (for consent) the age band.

    Abstract, so the action server registers only the subclasses."""

    @property
    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.intake.record import _int
        from bot.intake.texts import question_name

        _send(dispatcher, tracker, question_name(self.slot, tracker.get_slot("role"), _int(tracker.get_slot("age"))))
        return []


class ActionAskAge(_Ask):
    slot = "age"


class ActionAskConsentParents(_Ask):
    slot = "consent_parents"


class ActionAskDurationDays(_Ask):
    slot = "duration_days"


class ActionAskSchoolAttendance(_Ask):
    slot = "school_attendance"


class ActionAskImpact(_Ask):
    slot = "impact"


class ActionAskHeaviness(_Ask):
    slot = "heaviness"


class ActionAskHelp(_Ask):
    slot = "help"


class ActionAskHope(_Ask):
    slot = "hope"


class ActionAskName(_Ask):
    slot = "name"


class ActionAskContact(_Ask):
    slot = "contact"


class ActionAskConsentHuisarts(_Ask):
    slot = "consent_huisarts"


def _reset_events(keep: tuple[str, ...] = ()) -> list[EventType]:
    """Clear the intake so a later request starts a fresh one (what was said is kept in the
    transcript, and pre-fills the next intake)."""
    from bot.intake.flow import INTAKE_SLOTS

    return [SlotSet(name, None) for name in INTAKE_SLOTS if name not in keep] + [SlotSet("requested_slot", None)]


class ActionIntakeSubmit(Action):
    """Store the handover when the form completes, or close quietly after a redirect/stop."""

    def name(self) -> str:
        return "action_intake_submit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        from bot.intake.flow import DONE_OUTCOMES

        slots = _slots(tracker)
        outcome = slots.get("intake_outcome")
        if outcome == "already_done":
            events = _reset_events(keep=("role", "age", "topic"))
            if BOOKING_ACTION in (domain.get("actions") or []):
                return [*events, FollowupAction(BOOKING_ACTION)]
            _send(dispatcher, tracker, "utter_intake_contact_follows")
            return events
        if outcome in DONE_OUTCOMES:
            log.info("intake ended without handover sender=%s outcome=%s", tracker.sender_id, outcome)
            return _reset_events()
        try:
            handover_id, urgency = await asyncio.to_thread(self._store, tracker.sender_id, slots)
        except Exception as exc:
            log.error("handover could not be stored sender=%s error=%s", tracker.sender_id, type(exc).__name__)
            dispatcher.utter_message(json_message={"error": True})
            return []
        done = {"urgent": "utter_intake_done_urgent", "crisis": "utter_intake_done_urgent",
                "advice": "utter_intake_done_advice"}.get(urgency, "utter_intake_done")
        _send(dispatcher, tracker, done)
        # role, age and topic stay for the booking step; the rest is cleared so that a second
        # request starts a new intake instead of submitting this one twice.
        events: list[EventType] = [*_reset_events(keep=("role", "age", "topic")), SlotSet("handover_id", handover_id)]
        if BOOKING_ACTION in (domain.get("actions") or []):
            events.append(FollowupAction(BOOKING_ACTION))
        else:
            _send(dispatcher, tracker, "utter_intake_contact_follows")
        return events

    @staticmethod
    def _store(sender_id: str, slots: dict[str, Any]) -> tuple[int, str]:
        from sqlalchemy import select

        from actions.common import store
        from bot.intake.handover import submit_intake
        from bot.intake.record import IntakeRecord
        from bot.store.models import Conversation

        st = store()
        with st.session() as s:
            conv = s.execute(select(Conversation).where(Conversation.sender_id == sender_id)).scalar_one_or_none()
            if conv is None:
                raise LookupError("no conversation for this sender")
            h = submit_intake(s, conversation_id=conv.id, record=IntakeRecord.from_slots(slots), cipher=st.cipher)
            return h.id, h.urgency

"""The waiting feature's part in the conversation (registered in bot.features).

- ``/veiligheidsplan`` and Rasa's ``safety_plan`` intent open the safety plan;
- turn handler 30: the open safety-plan step takes the typed answer and the plan's buttons; a
  yes, no, "verder", a title or a number typed to the plan's last menu counts as that button;
- turn handler 40: the check-in's buttons, a button's word typed ("Slechter, …"), and typed
  answers to its follow-up questions; other phrasings go to Rasa, whose ``checkin_*`` intents
  come back as the custom payload ``{"checkin": …}``;
- after a crisis, an open plan step pauses and an open check-in dialogue ends;
- after "Ja, ik ben nu veilig", a young person is offered the plan (or to go on with it);
- the plan's step about means: an answer that names means gets no check-in for those words
  alone (:mod:`bot.waiting.plan_means`); a crisis still gets the card first;
- a question in between at a plan step that the plan cannot answer itself goes to Rasa; after
  its answer the same step comes again (or, when Rasa asked something of its own, the plan waits).

The core screens every message before any of this runs; crisis turns never get here.
"""

from __future__ import annotations

import asyncio
import logging

from bot.conversation import Hooks, Turn
from bot.i18n import _
from bot.replies import Reply

log = logging.getLogger("bot.waiting")


def register(hooks: Hooks, *, store, **_deps) -> None:
    from bot.waiting.checkin_dialogue import CheckinDialogue
    from bot.waiting.plan_dialogue import PlanDialogue

    Feature(PlanDialogue(store), CheckinDialogue(store), store).register(hooks)


class Feature:
    def __init__(self, plans, checkins, store):
        self.plans = plans
        self.checkins = checkins
        self.store = store

    def register(self, hooks: Hooks) -> None:
        hooks.command("veiligheidsplan", self.plan_command, description=_("Je veiligheidsplan maken of bekijken"))
        hooks.turn_handler("safety_plan", self.plan_turn, order=30)
        hooks.turn_handler("waiting_checkin", self.checkin_turn, order=40)
        hooks.payload("safety_plan", self.plan_payload)
        hooks.payload("checkin", self.checkin_payload)
        hooks.on_crisis(self.after_crisis)
        hooks.reply_filter(self.after_safe_button)
        hooks.reply_filter(self.after_question_at_step)
        hooks.check_in_waiver("safety_plan_means", self.means_answer)

    # -- the safety plan -----------------------------------------------------------------------

    async def plan_command(self, turn: Turn, _argument: str) -> None:
        for reply in await asyncio.to_thread(self.plans.menu, turn.conversation):
            await turn.say(reply)
        return None

    async def plan_payload(self, turn: Turn, _custom: dict, replies: list[Reply]) -> None:
        replies.extend(await asyncio.to_thread(self.plans.menu, turn.conversation))

    async def plan_turn(self, turn: Turn, message: str) -> bool:
        if turn.pressed:
            if not message.startswith("/plan_"):
                return False
            replies = await asyncio.to_thread(self.plans.pressed, turn.conversation, message)
        else:
            replies = await asyncio.to_thread(self.plans.typed, turn.conversation, turn.text)
            if replies is None:  # no step waits: perhaps a typed choice in the plan's last menu
                replies = await asyncio.to_thread(self.plans.typed_menu, turn.conversation, turn.text)
        if replies is None:
            return False
        for reply in replies:
            await turn.say(reply)
        return True

    async def after_question_at_step(self, turn: Turn, replies: list[Reply]) -> list[Reply]:
        from bot.waiting.plan_questions import OTHER, question_kind

        if turn.pressed or turn.conversation is None or question_kind(turn.text) != OTHER:
            return replies
        dialogue_asks = any(reply.buttons for reply in replies)
        return replies + await asyncio.to_thread(self.plans.after_dialogue_answer, turn.conversation, dialogue_asks)

    async def means_answer(self, turn: Turn) -> bool:
        if turn.pressed or turn.conversation is None or not turn.verdict.check_in:
            return False
        return await asyncio.to_thread(self.plans.answers_means_step, turn.conversation, turn.text)

    # -- the check-in --------------------------------------------------------------------------

    async def checkin_turn(self, turn: Turn, message: str) -> bool:
        conv = turn.conversation
        if turn.pressed:
            if not message.startswith("/checkin_"):
                return False
            replies = await asyncio.to_thread(self.checkins.pressed, conv.id, message)
        else:
            replies = await asyncio.to_thread(self.checkins.typed, conv.id, turn.text)
        if replies is None:
            return False
        for reply in replies:
            await turn.say(reply)
        return True

    async def checkin_payload(self, turn: Turn, custom: dict, replies: list[Reply]) -> None:
        answer = custom.get("checkin")
        if answer not in ("better", "same", "worse"):
            return
        replies.extend(await asyncio.to_thread(self.checkins.understood, turn.conversation.id, answer,
                                               "" if turn.pressed else turn.text))

    # -- safety --------------------------------------------------------------------------------

    def after_crisis(self, session, *, conversation_id: int, category: str, cipher) -> None:
        from bot.waiting.checkin_dialogue import end_after_crisis
        from bot.waiting.plan import pause_after_crisis

        pause_after_crisis(session, conversation_id=conversation_id, cipher=cipher)
        end_after_crisis(session, conversation_id=conversation_id)

    async def after_safe_button(self, turn: Turn, replies: list[Reply]) -> list[Reply]:
        """"Ja, ik ben nu veilig" is answered by Rasa's safety dialogue: the offer of the plan (or
        to go on with a paused one) follows that answer, for someone safe about themselves."""
        # Typed ("ja, ik ben nu veilig") the safety feature sends it to Rasa as the button and
        # names the route (bot.conversation.crisis).
        typed_safe = turn.route == "safe_typed"
        if not (typed_safe or (turn.pressed and turn.text.startswith("/affirm_safe"))):
            return replies
        return replies + await asyncio.to_thread(self.plans.offer_after_safe, turn.conversation)

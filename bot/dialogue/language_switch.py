"""After a language switch, the question that was open is asked again in the new language.

"/taal en" (or "English please", or the English button) right after "Voor wie schrijf je?" got "Okay,
we'll continue in English." and the menu: the role question was gone, and a stranger who then typed
who they are got a did-you-mean. Inside a form Rasa asks the form's question again after the switch
(rules/dialogue.yml); the role question is no form question, so this reply filter asks it again, in
the new language, with its buttons (the domain's ``utter_ask_role``, rendered as the NLG endpoint does).
"""

from __future__ import annotations

import asyncio
import logging
import re

from bot.conversation.commands import LANGUAGE_ARGUMENTS, typed_language_choice
from bot.conversation.transcript import last_bot_text
from bot.replies import Button, Reply, t

log = logging.getLogger("bot.dialogue.language_switch")

_SET_LANGUAGE = re.compile(r'^/set_language\{"language":\s*"\w+"\}$')
_TAAL = re.compile(r"^/taal\s+(\S+)", re.IGNORECASE)


def chose_a_language(text: str) -> bool:
    """The message chose a language: the button, "/taal en", or "English please"."""
    text = (text or "").strip()
    taal = _TAAL.match(text)
    return bool(_SET_LANGUAGE.match(text) or (taal and LANGUAGE_ARGUMENTS.get(taal.group(1).lower().strip(" ."))) or
                typed_language_choice(text))


def asks_something(replies: list[Reply]) -> bool:
    return any((r.text or "").rstrip().endswith("?") for r in replies)


class AskAgainAfterTheSwitch:
    def __init__(self, store, renderer):
        self.store = store
        self.renderer = renderer  # bot.nlg.ResponseRenderer over the domain

    async def __call__(self, turn, replies: list[Reply]) -> list[Reply]:
        from bot.intake.conversation import ROLE_QUESTION

        if turn.conversation is None or not replies or asks_something(replies) or not chose_a_language(turn.text):
            return replies
        try:
            last = await asyncio.to_thread(last_bot_text, self.store, turn.conversation.id)
        except Exception as exc:  # a filter must never cost a reply
            log.warning("language switch: no transcript error=%s", type(exc).__name__)
            return replies
        # The question was asked in the language before the switch (the conversation already has the new one).
        if not last or not any(last.startswith(t(lang, ROLE_QUESTION)) for lang in {*LANGUAGE_ARGUMENTS.values(), "nl"}):
            return replies
        asked = self.renderer.render({"response": "utter_ask_role", "tracker": {},
                                      "arguments": {"language": turn.language}})
        if not asked.get("text"):
            return replies
        log.info("role question again after the language switch conversation=%s language=%s",
                 turn.conversation.reference, turn.language)
        buttons = tuple(Button(b["title"], b["payload"]) for b in asked.get("buttons") or [])
        return [*replies, Reply(asked["text"], buttons)]

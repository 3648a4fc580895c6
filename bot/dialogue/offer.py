"""A typed yes or no to the offer of a talk ("Wil je hierover praten met de POH-Jeugd?") counts as
its button ("Ja, graag een gesprek" / "Nee, dit helpt me al").

The offer follows a theme's answer; a rule takes a typed yes after ``action_theme_followup`` to the
intake, but when the offer comes from elsewhere (a worry answered at the intake's practice
question) a typed "ja" would get "Vertel maar waar ik je mee kan helpen" and the topic buttons
again. Read here, only as the first words of a short answer, and only when the offer was the bot's
last message.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata

from bot.conversation.transcript import last_bot_text
from bot.i18n import _
from bot.replies import t

OFFER = _("Wil je hierover praten met de {worker_title}? Dat is gratis.")
YES, NO = "/request_appointment", "/deny"
MAX_WORDS = 5
_YES = frozenset({"ja", "jawel", "jep", "ok", "oke", "okay", "prima", "graag", "zeker", "yes", "sure", "please"})
_NO = frozenset({"nee", "neen", "nope", "no", "liever", "nah"})


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text or "").lower()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^\w\s]", " ", text).split()


def answer_to_offer(text: str) -> str | None:
    """The offer's button a short typed yes or no means, or None."""
    words = _words(text)
    if not words or len(words) > MAX_WORDS or text.strip().startswith("/"):
        return None
    if words[0] in _NO or (words[0] in _YES and ({"niet", "geen", "not"} & set(words))):
        return NO if words[0] in _NO else None
    return YES if words[0] in _YES else None


def offer_prefixes(language: str) -> set[str]:
    """The offer's words before the worker's title, in the conversation's language and Dutch."""
    return {t(lang, OFFER).split("{worker_title}")[0] for lang in {language, "nl"}}


def register(hooks, *, store) -> None:
    async def typed_offer_answer(turn, message: str) -> str | None:
        payload = answer_to_offer(turn.text)
        if payload is None:
            return None
        last = await asyncio.to_thread(last_bot_text, store, turn.conversation.id)
        return payload if last and any(last.startswith(p) for p in offer_prefixes(turn.language)) else None

    hooks.typed_answer(typed_offer_answer)

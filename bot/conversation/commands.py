"""Command routing: what a typed or pressed message becomes before Rasa sees it.

- A pressed button (``Inbound.button``) is an intent payload; the service has already checked
  that the bot offered it in this conversation. It goes to Rasa as it is.
- A typed ``/command`` is a channel command: built in here (``/start``, ``/stop``), registered by
  a feature (:class:`bot.conversation.hooks.Hooks`), or one of the menu commands that are Rasa
  intents (``/help``). Any other typed text that starts with a slash is just text: typing
  ``/crisis{…}`` or ``/inform_age{…}`` can never set an intent or a slot.
- Text without a letter or digit (only emoji or punctuation) becomes Rasa's ``/nlu_fallback``:
  a trained model can be confidently wrong on it, the fallback asks a clarifying question.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re

from bot import replies as R
from bot.conversation.hooks import Hooks
from bot.conversation.model import Turn
from bot.conversation.transcript import TranscriptStore
from bot.i18n import _

log = logging.getLogger("bot.conversation")

# Rasa gets at most this much of one message; the transcript keeps everything.
MAX_NLU_CHARS = 2000

_HAS_WORD_RE = re.compile(r"[^\W_]")  # a letter or digit in any script
_COMMAND_RE = re.compile(r"^/([A-Za-z][A-Za-z0-9_]*)(?:@\w+)?(?:\s+(.*))?$", re.S)
_PRACTICE_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_LANGUAGE_PAYLOAD_RE = re.compile(r'^/set_language\{"language":\s*"(\w+)"\}$')

# What may follow /taal to choose a language at once ("/taal nl", "/taal english").
LANGUAGE_ARGUMENTS = {
    "nl": "nl", "nederlands": "nl", "dutch": "nl", "ned": "nl",
    "en": "en", "engels": "en", "english": "en", "eng": "en",
}

# A short typed message that asks for a language by name ("Nederlands graag", "English please",
# "in het engels aub") chooses it as /taal does: Rasa's set_language intent only confirmed the
# language the conversation already had ("Okay, we'll continue in English" to "Nederlands graag").
# Only the names (never "nl" or "en", which is Dutch for "and") and words that ask nothing else.
LANGUAGE_NAMES = {"nederlands": "nl", "dutch": "nl", "engels": "en", "english": "en"}
_ASKING_WORDS = frozenset((
    "graag", "aub", "alsjeblieft", "alstublieft", "svp", "please", "pls", "plz", "in", "het", "ik", "wil", "willen",
    "doe", "maar", "terug", "naar", "liever", "kan", "kunnen", "we", "wij", "spreken", "praten", "verder", "ook",
    "taal", "toch", "ok", "oke", "oké", "can", "could", "i", "want", "would", "like", "prefer", "speak", "talk", "switch",
    "to", "back", "continue", "language", "do", "you", "let's", "lets", "us", "the",
))
_MAX_ASKING_WORDS = 10


def typed_language_choice(text: str) -> str | None:
    """The language a short typed message asks for by name, or None (anything else in it: the
    message says more than which language, and goes on as it is)."""
    words = re.findall(r"[\w'’]+", (text or "").lower().replace("’", "'"))
    if not words or len(words) > _MAX_ASKING_WORDS:
        return None
    named = {LANGUAGE_NAMES[w] for w in words if w in LANGUAGE_NAMES}
    if len(named) != 1 or any(w not in LANGUAGE_NAMES and w not in _ASKING_WORDS for w in words):
        return None
    return named.pop()


# Menu commands that are Rasa intents (their answers live in the domain).
RASA_INTENT_COMMANDS = {"help": "/help", "privacy": "/privacy", "taal": "/taal"}

BUILTIN_MENU = (
    ("start", _("Begin een gesprek")),
    ("help", _("Wat kan deze assistent?")),
    ("stop", _("Stop en begin opnieuw")),
    ("privacy", _("Wat gebeurt er met je gegevens?")),
    ("taal", _("Kies een andere taal")),
)


class CommandRouter:
    def __init__(self, transcript: TranscriptStore, hooks: Hooks):
        self.transcript = transcript
        self.hooks = hooks

    def menu(self) -> list[tuple[str, str]]:
        """The channel's command menu: the built-in commands, then the features' ones."""
        return [*BUILTIN_MENU, *self.hooks.menu()]

    def command_names(self) -> list[str]:
        return ["start", "stop", *RASA_INTENT_COMMANDS, *self.hooks.commands]

    def language_chosen(self, conv) -> bool:
        """Whether the person chose a language in this conversation: pressed a language button
        or typed /taal with a language (synchronous: reads the transcript)."""
        for text in self.transcript.recent_inbound(conv):
            if _LANGUAGE_PAYLOAD_RE.match(text.strip()) or typed_language_choice(text):
                return True
            command = _COMMAND_RE.match(text.strip())
            if command and command.group(1).lower() == "taal" and \
                    LANGUAGE_ARGUMENTS.get((command.group(2) or "").lower().strip(" .")):
                return True
        return False

    async def route(self, turn: Turn) -> str | None:
        """The message Rasa should get for this turn, or None when it was answered here."""
        text = turn.text.strip()
        if turn.pressed:
            language = _LANGUAGE_PAYLOAD_RE.match(text)
            if language:
                turn.language = await asyncio.to_thread(self.transcript.set_language, turn.conversation, language.group(1))
            return text
        command = _COMMAND_RE.match(text)
        if command:
            name, argument = command.group(1).lower(), (command.group(2) or "").strip()
            if name == "stop" and not argument:
                await asyncio.to_thread(self.transcript.reset, turn.conversation)
                for listener in self.hooks.reset_listeners:
                    try:
                        await listener(turn)
                    except Exception as exc:  # a feature's trouble must not stop /stop
                        log.error("reset listener failed conversation=%s error=%s",
                                  turn.conversation.reference, type(exc).__name__)
                await turn.say(R.conversation_reset(turn.language))
                return None
            if name == "start":
                return await self._start(turn, argument)
            if name in self.hooks.commands:
                return await self.hooks.commands[name].handler(turn, argument)
            if name == "taal" and argument:
                chosen = LANGUAGE_ARGUMENTS.get(argument.lower().strip(" ."))
                if chosen is None:
                    return RASA_INTENT_COMMANDS[name]  # not a language the chat speaks: the buttons
                # As if its /taal button was pressed: stored now, and Rasa confirms it (in a form,
                # the form's question follows).
                turn.language = await asyncio.to_thread(self.transcript.set_language, turn.conversation, chosen)
                return "/set_language" + json.dumps({"language": chosen})
            if name in RASA_INTENT_COMMANDS and not argument:
                return RASA_INTENT_COMMANDS[name]
        chosen = typed_language_choice(text)
        if chosen:
            turn.language = await asyncio.to_thread(self.transcript.set_language, turn.conversation, chosen)
            return "/set_language" + json.dumps({"language": chosen})
        if text.startswith("/"):
            # Typed, not pressed: never an intent payload.
            text = text.lstrip("/").strip()
        if not _HAS_WORD_RE.search(text):
            return "/nlu_fallback"
        return text[:MAX_NLU_CHARS]

    async def _start(self, turn: Turn, code: str) -> str:
        entities: dict[str, str] = {}
        if code and _PRACTICE_CODE_RE.match(code):
            practice = await asyncio.to_thread(self.transcript.select_practice, turn.conversation, code)
            if practice is None:
                await turn.say(R.unknown_practice(turn.language, code))
            else:
                if practice.pop("started_over"):
                    await turn.say(R.started_over(turn.language, practice["practice_name"]))
                entities = practice
        elif code:
            await turn.say(R.unknown_practice(turn.language, code[:32]))
        if not entities and turn.conversation.practice_id:
            # A bare /start (or after /stop): the practice this person chose before still holds.
            entities = await asyncio.to_thread(self.transcript.practice_of, turn.conversation) or {}
        return "/start" + (json.dumps(entities) if entities else "")

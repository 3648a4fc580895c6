"""The dialogue's part in the conversation core, as reply filters (bot.conversation.hooks) that
see a turn's replies before the person does, in this order:

1. recovery after a failure inside this conversation (bot.dialogue.recovery);
2. the repeat guard: no reply a third time, no sentence twice (bot.dialogue.guard);
3. the role question again after a language switch, when it was the open question
   (bot.dialogue.language_switch);
4. a next step: a turn that ends without buttons or a question gets the usual ways on.

It also reads the bot's own words for asking for a person, typed, as that request
(bot.dialogue.asking_for_a_person), a typed yes or no to the offer of a talk as its button
(bot.dialogue.offer), answers an age typed when no question asks for one (bot.dialogue.bare_answer),
and explains "Voor wie schrijf je?" once when a yes or no is typed to it (bot.dialogue.role_question).
"""

from __future__ import annotations

from bot.conversation import Hooks, RasaClient
from bot.conversation.transcript import TranscriptStore
from bot.dialogue import bare_answer, offer, role_question
from bot.dialogue.asking_for_a_person import read_typed_request
from bot.dialogue.guard import RepeatGuard, next_step_filter
from bot.dialogue.language_switch import AskAgainAfterTheSwitch
from bot.dialogue.rasa_admin import RasaAdmin
from bot.dialogue.recovery import Recovery
from bot.nlg import ResponseRenderer


def register(hooks: Hooks, *, settings, store, **_deps) -> None:
    from bot.runtime import rasa_api_token

    admin = RasaAdmin(settings.rasa_url, rasa_api_token(settings), action_health_url=_action_health(settings))
    rasa = RasaClient(settings.rasa_urls or settings.rasa_url, timeout=settings.rasa_timeout)
    hooks.reply_filter(Recovery(admin, rasa, TranscriptStore(store, settings.default_language)))
    hooks.reply_filter(RepeatGuard(store, admin))
    renderer = ResponseRenderer(settings.nlu_dir / "domain", settings.default_language)
    hooks.reply_filter(AskAgainAfterTheSwitch(store, renderer))
    hooks.reply_filter(next_step_filter)
    hooks.typed_request(read_typed_request)
    offer.register(hooks, store=store)
    bare_answer.register(hooks, store=store, admin=admin)
    role_question.register(hooks, store=store, renderer=renderer)


def _action_health(settings) -> str:
    return f"http://127.0.0.1:{settings.action_port}/health"

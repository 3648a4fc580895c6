"""The composition root: one conversation service with every feature registered.

The conversation core (:mod:`bot.conversation`) imports no feature; each feature module has a
``register(hooks, *, settings, store)`` that adds its commands and handlers. Channels (Telegram,
terminal) and tools build their service here, so every channel gets the same features.
"""

from __future__ import annotations

from bot.config import Settings
from bot.conversation import AlertSink, ConversationService, Hooks, RasaClient

# Order matters only where two features would handle the same turn; turn handlers carry their
# own explicit ``order`` (see bot.conversation.hooks).
FEATURES = (
    "bot.intake.conversation",
    "bot.booking.conversation",
    "bot.privacy.conversation",  # /mijngegevens, /vergeet
    "bot.content.conversation",  # first contact in Arabic, Turkish, Polish, Ukrainian
    "bot.scale.waiting",  # messages kept while Rasa is away ("één moment")
    # Before the dialogue: reply filters run in this order, and the safety plan's offer after
    # "Ja, ik ben nu veilig" must pass the dialogue's repeat guard and next-step filter.
    "bot.waiting.conversation",  # the waiting-time check-in, the safety plan
    "bot.dialogue.conversation",
    "bot.staffchat.conversation",  # the support worker in the chat: takeover, call-back
)


def build_hooks(settings: Settings, store) -> Hooks:
    import importlib

    hooks = Hooks()
    for name in FEATURES:
        importlib.import_module(name).register(hooks, settings=settings, store=store)
    return hooks


def build_service(settings: Settings, store, rasa: RasaClient, alerts: AlertSink | None = None) -> ConversationService:
    return ConversationService(settings, store, rasa, alerts=alerts, hooks=build_hooks(settings, store))

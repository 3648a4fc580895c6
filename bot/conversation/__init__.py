"""The channel-agnostic conversation core.

    ConversationService   one turn: safety screen, transcript, commands, features, Rasa
    Inbound               what a channel hands in
    Turn, ConversationRef what a turn passes to the features' hooks
    Hooks                 where features register commands and handlers (bot.features wires them)
    RasaClient            Rasa's REST channel
    AlertSink             where staff crisis alerts go

Importing this package has no side effects.
"""

from bot.conversation.crisis import AlertSink
from bot.conversation.hooks import Hooks
from bot.conversation.model import ConversationRef, Emit, Inbound, Turn
from bot.conversation.rasa import RasaClient, RasaUnavailable, rasa_to_replies
from bot.conversation.service import ConversationService

__all__ = [
    "AlertSink", "ConversationRef", "ConversationService", "Emit", "Hooks", "Inbound", "RasaClient",
    "RasaUnavailable", "Turn", "rasa_to_replies",
]

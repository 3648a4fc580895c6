"""Safety net: screens every inbound message for danger before anything else runs.

Public interface (used by bot.conversation and bot.cli classify):

    screen(text) -> Verdict      pure function: no network, no database, no Rasa
    CATEGORIES                   the crisis categories, in priority order
"""

from bot.safety.screen import CATEGORIES, Verdict, screen

__all__ = ["CATEGORIES", "Verdict", "screen"]

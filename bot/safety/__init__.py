"""Safety net: screens every inbound message for danger before anything else runs.

Public interface (used by bot.conversation and bot.cli classify):

    screen(text) -> Verdict      pure function: no network, no database, no Rasa
    screen_many(texts)           the same verdicts for many messages, one classifier call
    CATEGORIES                   the crisis categories
    warm_up()                    compile the lexicon now, so the first message does not pay for it

Importing this package has no side effects and does no I/O.
"""

from bot.safety.screen import CATEGORIES, Verdict, screen, screen_many, warm_up

__all__ = ["CATEGORIES", "Verdict", "screen", "screen_many", "warm_up"]

"""The dialogue: off-script turns, typed answers, no loops (docs/dialogue.md)."""

# The key in a message's parse when the NLU found not one word it knows (bot.dialogue.unknown_words
# sets it; the intake's topic question reads it). Here, so the action server need not import Rasa.
UNKNOWN_WORDS = "unknown_words"

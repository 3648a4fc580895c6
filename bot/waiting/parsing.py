"""Typed text in the waiting feature's questions: an answer, or a question in between?"""

from __future__ import annotations

MAX_QUESTION_WORDS = 8


def asks_something(text: str) -> bool:
    """A short message ending in "?" is a question in between ("wat is 113?"), not an answer:
    it goes to the dialogue, and the open question keeps waiting. A longer one with a question
    mark is still someone's own words ("als ik denk: waarom ik eigenlijk?" can be a warning sign)."""
    words = text.strip().split()
    return text.strip().endswith("?") and 0 < len(words) <= MAX_QUESTION_WORDS

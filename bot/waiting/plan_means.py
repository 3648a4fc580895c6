"""The plan's step "Mijn omgeving veiliger maken" asks about means: "spullen waarmee je jezelf
pijn kunt doen aan iemand geven of wegleggen". Its answers name them ("de mesjes geef ik aan
mijn moeder", "touw weggooien"), and the safety screen reacts to those words with its direct
question (the check-in). Here the words answer the bot's own question; they are no new sign.

The decision (docs/safety.md, "The safety plan"): the screen's verdict on the whole message
stands when it is a crisis (the card goes out at once, before any feature sees the message).
A check-in is left out only when the same message *without the means it names* screens as
nothing; any other sign in it (hopelessness, a plan, a time, self-harm done) still gets the
question. Pure, no I/O.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The screen's concepts that name means or objects (bot.safety.vocab), blanked out of the answer.
MEANS_CONCEPTS = ("suicide_means", "self_harm_sign", "weapon")
# Means the step's question is about that the screen's classifier reads as a sign on its own
# (pills and medicines are no concept: "pillen" alone is ordinary).
MEANS_WORDS = (
    r"(?:slaap|pijn)?pil(?:len|letjes)?", r"tablet(?:ten|jes)?", r"medicijn(?:en)?", r"medicatie", r"paracetamol",
    r"(?:scheer)?mes(?:jes|sen|je)?", r"keukenmes(?:sen)?", r"touw(?:en|tje)?", r"riem(?:en)?", r"schaar", r"naald(?:en)?",
    r"snoer(?:en)?", r"kabel(?:s)?", r"pills?", r"meds", r"knife", r"knives", r"razors?", r"blades?", r"rope",
)


@lru_cache(maxsize=1)
def _means_words() -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(MEANS_WORDS) + r")(?!\w)")


def without_means(text: str) -> str:
    """The answer (folded, as the screen reads it) with every means it names blanked out."""
    from bot.safety.concepts import MAX_CHARS, compiled
    from bot.safety.fold import fold

    folded = fold((text or "")[:MAX_CHARS])
    patterns = compiled()
    for concept in MEANS_CONCEPTS:
        folded = patterns[concept].sub(lambda m: " " * len(m.group(0)), folded)
    return _means_words().sub(lambda m: " " * len(m.group(0)), folded)


def only_names_means(text: str) -> bool:
    """Whether the screen's check-in on this answer came from the means it names alone: the
    answer without them screens as nothing."""
    from bot.safety import screen

    return screen(without_means(text)).outcome == "none"

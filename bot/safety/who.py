"""Who a message is about, for the voice of the reply (never its outcome). Pure, no I/O.

The rules tell "mijn dochter", "mijn vriendin", "een leerling" (bot.safety.rules.about). A message
told in the third person with no word of the writer's own in it is about someone else too: "ze
zegt dat ze er niet meer wil zijn", "ik maak me zorgen, hij praat over doodgaan" (a teacher,
a friend) gets "denkt hij of zij aan zelfdoding?"
and the card for who is worried, not "denk je aan zelfdoding?". Kept out of the rules, so the
risk model and its thresholds do not depend on it.
"""

from __future__ import annotations

THIRD_PERSON = frozenset({"hij", "zij", "ze", "hem", "haar", "he", "she", "him", "her", "hes", "shes", "they", "them"})
FIRST_PERSON = frozenset({"ik", "me", "mij", "mijn", "mezelf", "i", "im", "ive", "my", "myself", "we", "wij",
                          "ons", "onze", "us", "our"})


# The writer's worry about someone else: "ik maak me zorgen, ze zegt ...", "I'm worried about him".
WORRIED = frozenset({"zorgen", "zorg", "bezorgd", "ongerust", "worried", "worry", "concerned"})


def told_about_someone_else(folded: str) -> bool:
    """Whether a folded message speaks of him/her/them and not of the writer at all, or of the
    writer only as the one who worries."""
    words = {w.strip(".,!?;:") for w in folded.split()}
    if not words & THIRD_PERSON or words & {"mezelf", "myself"}:
        return False
    return not words & FIRST_PERSON or bool(words & WORRIED)


def names_nobody(folded: str) -> bool:
    """Whether a folded message speaks of no person at all ("soms", "vannacht", "weet niet"):
    who it is about comes from the conversation, not from the message."""
    words = {w.strip(".,!?;:") for w in folded.split()}
    return not words & (THIRD_PERSON | FIRST_PERSON | {"mezelf", "myself", "je", "jij", "you", "u"})


def about(rules_about: str, folded: str) -> str:
    """The rules' answer, or ``other`` for a message told in the third person only."""
    if rules_about == "self" and told_about_someone_else(folded):
        return "other"
    return rules_about

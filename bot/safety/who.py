"""Who a message is about, for the voice of the reply (never its outcome). Pure, no I/O.

The rules tell "mijn dochter", "mijn vriendin", "een leerling" (bot.safety.rules.about). A message
told in the third person with no word of the writer's own in it is about someone else too: "ze
zegt dat ze er niet meer wil zijn", "ik maak me zorgen, hij praat over doodgaan" (a teacher,
a friend) gets "denkt hij of zij aan zelfdoding?"
and the card for who is worried, not "denk je aan zelfdoding?". Kept out of the rules, so the
risk model and its thresholds do not depend on it.

So is a message that names a person without the writer being the one it happens to: "dochter
slaapt bij onbekende man" and "Son vomiting blood" (a child without "mijn"/"my": the parent's
card), "my little sister's been scratching her wrists", "the older one cuts herself", "ik vond
mesjes in haar etui" (the writer only finds, sees or hears). The writer as the one it happens to
("mijn broer slaat mij", "my dad said he'll kill me", "ik wil dood") keeps the young person's card.
On the risk corpus's crisis and concern messages about someone else, the young person's card went
to 3,024 of 6,497 before this; ``scripts/who_eval.py`` prints the figure now.
"""

from __future__ import annotations

import re

THIRD_PERSON = frozenset({"hij", "zij", "ze", "hem", "haar", "he", "she", "him", "her", "hes", "shes", "they", "them",
                          "zichzelf", "zich", "zn", "herself", "himself", "themselves", "themself", "hun", "his", "their"})
FIRST_PERSON = frozenset({"ik", "me", "mij", "mijn", "mezelf", "i", "im", "ive", "my", "myself", "we", "wij",
                          "ons", "onze", "us", "our"})
# The writer as the one it happens to (a subject, an object): possessives ("mijn", "my", "onze")
# and "we" (the parents telling together) are not.
_SELF = frozenset({"ik", "mij", "mezelf", "i", "im", "ive", "id", "ill", "myself", "me", "us", "kheb", "ikke"})
# The writer as the subject only ("ik vond …"): then finding, seeing or worrying is all the writer does.
_SUBJECT = frozenset({"ik", "i", "im", "ive", "kheb"})
_MY = frozenset({"mijn", "my", "mn", "m"})
# The writer's parents and carers: "mijn vader", "my mum" is said by a child.
PARENT_NOUNS = frozenset({"vader", "moeder", "pa", "ma", "papa", "mama", "mam", "pap", "stiefvader", "stiefmoeder",
                          "dad", "mum", "mom", "mummy", "mommy", "daddy", "stepdad", "stepmum", "stepmom", "ouders",
                          "parents", "oom", "opa", "uncle"})
# "ons" as the writer and the family ("hij maakt ons dood"), not the possessive ("ons kind").
_US = re.compile(r"\bons\b(?! (kind|kindje|huis|gezin|dochter|zoon|zoontje|meisje|jongetje|mam|pa|ma)\b)")
# A child of the writer's, said without "mijn"/"my" (the rules take those): the parent's card.
CHILD_NOUNS = frozenset({
    "dochter", "dochtertje", "dogter", "zoon", "zoontje", "kind", "kindje", "baby", "babytje", "puber", "tiener", "peuter",
    "dreumes", "kleuter", "stiefdochter", "stiefzoon", "pleegkind", "pleegdochter", "pleegzoon", "oudste", "jongste",
    "daughter", "son", "kid", "child", "toddler", "stepdaughter", "stepson", "eldest", "youngest", "teenager",
})
# Anyone else the writer tells about: a worried sibling, friend, housemate or professional's card.
OTHER_NOUNS = frozenset({
    "broer", "broertje", "zus", "zusje", "vriend", "vriendin", "vriendje", "vriendinnetje", "maat", "mattie",
    "klasgenoot", "klasgenote", "huisgenoot", "huisgenote", "neef", "nicht", "nichtje", "neefje", "buurjongen",
    "buurmeisje", "leerling", "leerlinge", "collega", "brother", "sister", "sis", "friend", "bestie", "bff",
    "roommate", "flatmate", "housemate", "cousin", "classmate", "pupil", "niece", "nephew", "girlfriend",
    "boyfriend", "vriendinnen", "vrienden", "friends",
})
_NOUNS = CHILD_NOUNS | OTHER_NOUNS | PARENT_NOUNS
# "me" before a person is the spoken possessive ("me dochter", "me zoon"), not the writer.
_ME_POSSESSIVE = re.compile(r"\bme (?=(" + "|".join(sorted(CHILD_NOUNS | OTHER_NOUNS)) + r")\b)")
# The writer as the one told: "she told me she wants to die", "hij appte mij".
_TOLD_ME = re.compile(r"\b(told|tells|texted|messaged|sent|called|rang|asked|said to|zei tegen|zegt tegen|vertelde|"
                      r"vertelt|appte|appt|stuurde|belde|vroeg|liet) (me|mij)\b")
# The writer who worries, or who only finds, sees or hears.
WORRIED = frozenset({"zorgen", "zorg", "bezorgd", "ongerust", "worried", "worry", "concerned"})
_WITNESS = frozenset({"vond", "gevonden", "zag", "gezien", "hoorde", "gehoord", "merkte", "gemerkt", "ontdekte",
                      "ontdekt", "found", "saw", "seen", "noticed", "heard", "discovered", "caught", "betrapt"})


def _words(folded: str) -> set[str]:
    words = {w.strip(".,!?;:'\"()") for w in folded.split()}
    # "sisters", "sister's" (folded without the apostrophe), "broers": the person nouns' plain form.
    return words | {w[:-1] for w in words if w.endswith("s") and w[:-1] in _NOUNS}


def told_about_someone_else(folded: str) -> bool:
    """Whether a folded message speaks of him/her/them and not of the writer at all, or of the
    writer only as the one who worries."""
    words = _words(folded)
    if not words & THIRD_PERSON or words & {"mezelf", "myself"}:
        return False
    return not words & FIRST_PERSON or bool(words & WORRIED)


def names_nobody(folded: str) -> bool:
    """Whether a folded message speaks of no person at all ("soms", "vannacht", "weet niet"):
    who it is about comes from the conversation, not from the message."""
    words = _words(folded)
    return not words & (THIRD_PERSON | FIRST_PERSON | {"mezelf", "myself", "je", "jij", "you", "u"})


def about(rules_about: str, folded: str) -> str:
    """The rules' answer, or who the message names when the writer is not the one it happens to."""
    words = _words(_TOLD_ME.sub(" ", _ME_POSSESSIVE.sub("mijn ", folded)))
    if rules_about == "other":
        # "mijn broer slaat mij", "my friend hit me": the writer is the one it happens to.
        hurt = words & {"mij", "me", "us", "mezelf", "myself"} and not words & WORRIED
        return "self" if hurt else rules_about
    if rules_about != "self":
        return rules_about
    if told_about_someone_else(folded):
        return _child_or_other(words)
    named = words & (CHILD_NOUNS | OTHER_NOUNS | THIRD_PERSON)
    if words & _WITNESS and words & {"zijn"}:
        named = named | {"zijn"}  # "ik vond een mesje in zijn broekzak" ("zijn" is "to be" too)
    if not named or words & {"mezelf", "myself"}:
        return "self"
    if words & _MY and (words & PARENT_NOUNS or not named & (CHILD_NOUNS | OTHER_NOUNS)):
        return "self"  # "mn vader heeft een mes", "hij zet mn fotos online": the writer's own
    writer = words & _SELF
    if _US.search(folded):
        writer = writer | {"ons"}
    if writer and not (writer <= _SUBJECT and words & (_WITNESS | WORRIED)):
        return "self"  # "ze slaan me thuis", "my dad said he'll kill me"
    return _child_or_other(words)


def _child_or_other(words: set[str]) -> str:
    return "child" if words & CHILD_NOUNS and not words & OTHER_NOUNS else "other"

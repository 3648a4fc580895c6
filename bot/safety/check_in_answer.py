"""Reading a typed answer to the check-in question ("Denk je aan zelfdoding?", "Is je kind nu in
gevaar?"). Pure, no I/O.

An answer is not only its first word. 113 advises to take a hesitant or half answer as a reason
to keep asking, never as a no:

- ``yes``: "ja", and a "no" that takes itself back with how often it does happen ("nee niet nu,
  maar wel vaak", "no but sometimes", "soms wel", "af en toe denk ik er wel aan", "hij zegt het
  wel vaak"): the thoughts are there, only not at this moment;
- ``unsure``: a "no" that holds back ("nee, nu even niet", "niet echt", "nee denk het niet",
  "weet ik niet", "misschien"): the gentle follow-up with the lines, not "Dank je, dan gaan we
  verder";
- ``no``: any other "no" ("nee hoor", "nee, maar ik slaap wel slecht": the rest of the message is
  about something else, and the caller still checks it for a risk sign);
- None: not an answer to the question.

A "but" clause counts as a yes only when it says how often and nothing of its own ("maar soms
slaap ik slecht" is about sleep, not about the question), and never with "nooit"/"never" in it.
"""

from __future__ import annotations

from bot.safety.fold import fold

YES = frozenset({"ja", "jaa", "jawel", "jazeker", "jep", "yes", "yeah", "yep", "ya", "evet", "tak", "так", "да",
                 "نعم", "اي", "ايوه", "اه", "aha"})
NO = frozenset({"nee", "neen", "nope", "no", "nah", "hayir", "nie", "niet", "ні", "нет", "لا", "nein"})

_CONTRASTS = frozenset({"maar", "but", "alleen", "though", "wel"})
# How often: one word, or a phrase (folded, space separated).
_OFTEN_WORDS = frozenset({"soms", "vaak", "weleens", "regelmatig", "vroeger", "meestal", "telkens", "steeds",
                          "dikwijls", "geregeld", "sometimes", "often", "usually", "lately", "laatst", "laatste",
                          "tijd", "nachts", "avonds", "night", "nights"})
_OFTEN_PHRASES = ("af en toe", "wel eens", "elke dag", "iedere dag", "every day", "at times", "now and then",
                  "from time to time", "s nachts", "s avonds", "at night", "de laatste tijd", "nog steeds",
                  "still do")
# Words that say nothing of their own in such a clause: the clause is about the question asked.
_FILLER = frozenset({
    "wel", "hoor", "eigenlijk", "ja", "er", "aan", "eraan", "erover", "over", "denk", "denkt", "denken", "dacht",
    "ik", "hij", "zij", "ze", "het", "dat", "dit", "zegt", "zeggen", "zei", "praat", "praten", "heb", "heeft",
    "had", "gedachten", "doe", "doet", "nou", "echt", "best", "ook", "nog", "en", "de", "een", "dan", "zo",
    "do", "does", "did", "i", "he", "she", "they", "it", "think", "thinks", "about", "that", "says", "say",
    "yes", "well", "actually", "the", "a", "and", "them", "thoughts", "have", "has", "really", "quite", "pretty",
    "though", "maar", "but", "still", "too", "also",
    # the question's own subject
    "zelfdoding", "zelfmoord", "doodgaan", "dood", "suicide", "dying", "die", "mezelf", "myself",
})
# English "-n't" forms as fold leaves them ("don't" -> "dont"): each says "not".
ENGLISH_NOT = frozenset({"dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "cannot", "wont",
                         "aint", "havent", "hasnt", "wouldnt", "couldnt", "shouldnt"})
_NEVER = frozenset({"nooit", "never", "geen", "niet", "not", "no", "nee"}) | ENGLISH_NOT
# A "no" that holds back.
_HOLDING_BACK = ("nu niet", "niet nu", "nu even niet", "op dit moment niet", "nu nog niet", "nog niet",
                 "niet echt", "niet zo", "denk het niet", "weet niet", "weet ik niet", "geen idee",
                 "misschien", "twijfel", "kweenie", "weetnie", "not now", "not right now", "not at the moment",
                 "not really", "dont think so", "dont know", "not sure", "maybe", "idk", "dunno", "kind of",
                 "sort of", "soort van", "beetje", "a bit", "niet vaak", "not often", "zelden", "rarely",
                 "not much", "niet veel", "heel soms")
_UNSURE_FIRST = ("misschien", "weet niet", "weet ik niet", "geen idee", "twijfel", "kweenie", "weetnie",
                 "maybe", "idk", "dunno", "dont know", "not sure", "i dont know", "ik weet het niet",
                 "ik weet niet", "ik twijfel", "soort van", "kind of", "sort of", "beetje", "een beetje")


def answer_words(text: str) -> list[str]:
    """The words of a typed answer: folded (``bot.safety.fold``), punctuation off. Shared by the
    check-in answer and the "Ben je nu veilig?" answer (``bot.conversation.crisis``)."""
    return [w for w in (w.strip(".,!?;:؟،") for w in fold(text).split()) if w]


def _has(phrase: str, joined: str) -> bool:
    return f" {phrase} " in f" {joined} "


def _says_how_often(clause: list[str]) -> bool:
    """A clause that only says how often it happens ("wel vaak", "soms denk ik er wel aan")."""
    if not clause or any(w in _NEVER for w in clause):
        return False
    joined = " ".join(clause)
    rest = joined
    for phrase in _OFTEN_PHRASES:
        rest = f" {rest} ".replace(f" {phrase} ", " ")
    rest_words = rest.split()
    often = any(w in _OFTEN_WORDS for w in clause) or any(_has(p, joined) for p in _OFTEN_PHRASES)
    return often and all(w in _OFTEN_WORDS or w in _FILLER for w in rest_words)


def typed_answer(text: str) -> str | None:
    """'yes', 'unsure', 'no' or None for a typed answer to the check-in question."""
    if not text or text.startswith("/"):
        return None
    words = answer_words(text)
    if not words:
        return None
    joined = " ".join(words)
    first = words[0]
    if first in YES:
        return "yes"
    if _says_how_often(words):  # "soms", "af en toe wel", "vaak eigenlijk"
        return "yes"
    if first in NO:
        for i, word in enumerate(words[1:], start=1):
            if (i == 1 or word in _CONTRASTS) and _says_how_often(words[i if i == 1 else i + 1:]):
                return "yes"  # "nee niet nu, maar wel vaak"
        if any(_has(p, joined) for p in _HOLDING_BACK):
            return "unsure"
        return "no"
    if any(joined.startswith(p + " ") or joined == p for p in _UNSURE_FIRST):
        return "unsure"
    return None

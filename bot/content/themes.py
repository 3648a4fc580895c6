"""Which first-line answer a person gets: the theme from the intent, the role from the
conversation, and what the conversation remembers afterwards. Pure functions, no Rasa.

The answer texts are the domain responses ``utter_theme_<theme>`` (nlu_data/domain/themes.yml),
one variation per role; the NLG endpoint picks the variation. ``actions/themes.py`` only moves
values between Rasa's tracker and these functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.intake import parsing

# The theme ids of the first-line answers (also `intake classify`'s "theme" field).
THEMES = (
    "opvoeding", "angst", "school", "somberheid", "slaap", "scheiding", "driftbuien", "pesten",
    "adhd_autisme", "examenstress", "zelfbeschadiging", "middelen_gamen", "rouw", "eten",
    "eenzaamheid", "overbelast_ouder", "gender_seksualiteit", "baby_jgz",
)
ROLES = ("ouder", "jongere", "professional")

# Themes whose answer is followed by the safety check-in ("denk je aan zelfdoding?"): low mood
# gently asks about thoughts of suicide. The safety feature registers the payload's handler.
CHECK_IN_PAYLOAD = "safety_check_in"
CHECK_IN_THEMES = {"somberheid": "suicide"}
# Who the check-in is about, by who writes (the voices of bot.safety.replies).
ABOUT = {"ouder": "child", "jongere": "self", "professional": "other"}
# Themes whose answer sends the person elsewhere, without the offer of the support worker: babies
# and toddlers belong at the consultatiebureau (JGZ), not with the huisarts or the POH.
NO_OFFER_THEMES = frozenset({"baby_jgz"})


# The consultatiebureau (JGZ) sees children from birth to 4 years old. A message about an older
# child ("mijn kind van 7 ... slaapt slecht") that the model reads as a baby question must not be
# sent there, nor be offered "Een baby of peuter": the message is read as the model would read it
# without that guess (:func:`without_the_baby_guess`), so its next theme answers, or the did-you-mean
# asks with the other likely themes.
JGZ_MAX_AGE = 4
BABY_THEME = "baby_jgz"
BABY_INTENT = f"ask_{BABY_THEME}"
# Rasa's FallbackClassifier threshold (nlu_data/config.yml): below it the did-you-mean asks.
FALLBACK_THRESHOLD = 0.5
# Without the baby guess, the other guesses are the model's confidences given that it is not a baby
# question (softmax: divided by what is left), but raised at most this many times: a guess the
# model barely made ("0.03") stays unlikely after a baby guess of 0.99.
MAX_RAISE = 5.0
# Words that name a baby or toddler: then an age the writer gives of themselves ("ik ben 17 en mijn
# baby huilt de hele nacht": a young parent) says nothing about the child.
_BABY_WORDS = re.compile(
    r"\b(?:baby\w*|babietje|peuter\w*|dreumes\w*|zuigeling\w*|pasgeboren\w*|newborn\w*|infant\w*|toddler\w*"
    r"|borstvoeding|flesvoeding|luier\w*|kraamtijd|consultatiebureau)\b"
    # an age in months or weeks: "mijn zoontje van 8 maanden", "6 weeks old"
    r"|\b(?:van|is|wordt|is nu)\s+\d{1,2}\s*(?:maanden|maand|weken|weekjes)\b"
    r"|\b\d{1,2}\s*(?:maanden|maand|weken|months?|weeks?)[- ](?:oud|old)\b")
_OWN_AGE = re.compile(r"\b(?:ik ben|ben ik|i am|i'm|im)\s+(?:nu\s+|net\s+|bijna\s+|only\s+|just\s+)?\d{1,2}\b")


def names_a_baby(text: str | None) -> bool:
    return bool(_BABY_WORDS.search(parsing.normalise(text or "")))


def _as_age(value: Any) -> int | None:
    try:
        age = int(float(value))
    except (TypeError, ValueError):
        return None  # "onbekend", None
    return age if 0 <= age <= 120 else None


def child_age(text: str | None, known_age: Any = None) -> int | None:
    """The age of the one the message is about: the age the message gives (not the writer's own
    age next to a baby), else the age the conversation already knows (the intake's ``age``)."""
    if text and not text.startswith("/"):
        age = parsing.parse_age(text)
        baby = names_a_baby(text)
        if age is not None and not (baby and _OWN_AGE.search(parsing.normalise(text))):
            return age
        if baby:
            return None  # a baby or toddler, named: no older age from earlier counts
    return _as_age(known_age)


def baby_answer_fits(text: str | None, known_age: Any = None) -> bool:
    """False when the message or the conversation gives an age of 5 or older for the child."""
    age = child_age(text, known_age)
    return age is None or age <= JGZ_MAX_AGE


def without_the_baby_guess(parse: dict[str, Any], known_age: Any = None) -> dict[str, Any] | None:
    """The message's parse as the model would give it without the baby question, when the message
    (or the age the conversation knows) is about a child of 5 or older and the model guessed a baby
    question anywhere in its ranking; None when the parse stands (no baby guess, a young child, no
    age, or a pressed button: a choice).

    The one rule for the baby answer's age: the NLU pipeline applies it to every message
    (bot.dialogue.unknown_words.UnknownWordsGuard, before the FallbackClassifier, so the did-you-mean
    never offers "Een baby of peuter" for a 9-year-old), and the actions apply it again only with the
    age the conversation knows, which the pipeline cannot see. The intent is the model's next guess
    with its raised confidence; the FallbackClassifier (or :func:`intent_after`) decides whether it
    is sure enough.
    """
    text = parse.get("text")
    if not isinstance(text, str) or text.startswith("/"):
        return None
    ranking = list(parse.get("intent_ranking") or [])
    intent = parse.get("intent") or {}
    baby = next((float(i.get("confidence") or 0.0) for i in ranking if i.get("name") == BABY_INTENT), None)
    if baby is None and intent.get("name") == BABY_INTENT:
        baby = float(intent.get("confidence") or 0.0)
    if baby is None or baby_answer_fits(text, known_age):
        return None
    factor = min(MAX_RAISE, 1.0 / max(1.0 - baby, 1e-9))
    # The fallback's own entry (when the FallbackClassifier ran already) is no guess of the model.
    kept = [{**item, "confidence": min(1.0, float(item.get("confidence") or 0.0) * factor)}
            for item in ranking if item.get("name") not in (BABY_INTENT, "nlu_fallback")]
    if intent.get("name") in (BABY_INTENT, "nlu_fallback", None, ""):
        top = dict(kept[0]) if kept else {"name": None, "confidence": 0.0}
    else:
        top = next((dict(i) for i in kept if i.get("name") == intent.get("name")), dict(intent))
    return {**parse, "intent": top, "intent_ranking": kept}


def intent_after(parse: dict[str, Any]) -> dict[str, Any]:
    """The intent Rasa's FallbackClassifier leaves for this parse: ``nlu_fallback`` below its threshold."""
    intent = parse.get("intent") or {}
    if not intent.get("name") or float(intent.get("confidence") or 0.0) < FALLBACK_THRESHOLD:
        return {"name": "nlu_fallback", "confidence": FALLBACK_THRESHOLD}
    return intent


def theme_of(intent: str | None) -> str | None:
    """``ask_somberheid`` -> ``somberheid``; None for anything that is not a theme question."""
    if intent and intent.startswith("ask_") and intent[4:] in THEMES:
        return intent[4:]
    return None


# Intake answers that tell the situation ("she has been home for weeks", "he can't sleep from it").
# Typed while their question was not asked, they are a worry told in answer form: outside the intake
# the intake used to start and skip the theme's first-line answer, and at the practice question the
# worry was taken for the first answers. Then the model's best theme question reads the message,
# when it is at least UNASKED_THEME_FLOOR. And when the model was torn only between a theme question
# and such an answer (the FallbackClassifier's near tie: "ze durft niet naar school, ze zit al weken
# thuis", 0.51 the school worry, 0.43 the school question's answer), both readings say the same
# worry: the theme question, not "Bedoel je een van deze?".
SITUATION_ANSWERS = frozenset({"inform_school", "inform_impact", "inform_duration"})
UNASKED_THEME_FLOOR = 0.25


def unasked_answer_theme(parse: dict[str, Any]) -> dict[str, Any] | None:
    """The theme question a message means that the model read as a situation answer (or as a near
    tie of a theme question and a situation answer), as an intent ``{"name": "ask_<theme>",
    "confidence"}``. None for any other message, and when no theme comes near. Only for a message
    typed while that answer's question is not open (the callers know)."""
    ranking = [i for i in parse.get("intent_ranking") or [] if i.get("name") != "nlu_fallback"]
    if not ranking:
        return None
    first = ranking[0].get("name")
    if first in SITUATION_ANSWERS:
        theme = next((i for i in ranking if theme_of(i.get("name")) is not None), None)
    elif theme_of(first) is not None and len(ranking) > 1 and ranking[1].get("name") in SITUATION_ANSWERS:
        theme = ranking[0]
    else:
        return None
    if theme is None or float(theme.get("confidence") or 0.0) < UNASKED_THEME_FLOOR:
        return None
    return {"name": theme["name"], "confidence": float(theme["confidence"])}


def response_name(theme: str) -> str:
    return f"utter_theme_{theme}"


# Words that answer "Voor wie schrijf je?" when typed. Only used for a short answer to that
# question: in a longer message "ik ben bang" or "mijn moeder" says nothing about who writes.
_ANSWER_WORDS = {
    "professional": ("leerkracht", "docent", "leraar", "lerares", "mentor", "juf", "meester", "jeugdarts",
                     "wijkteam", "hulpverlener", "begeleider", "zorgcoördinator", "zorgcoordinator",
                     "ik werk", "beroepsmatig", "professional", "teacher", "social worker", "school nurse",
                     "i work with"),
    "ouder": parsing.PARENT_NOUNS + ("mijn kind", "mijn zoon", "mijn dochter", "my son", "my daughter",
                                     "my child", "my kid"),
    "jongere": ("mezelf", "mijzelf", "ikzelf", "ik zelf", "over mij", "voor mij", "myself", "about me", "for me"),
}
# A bare "ik" or "zelf" answers the question; inside "weet ik niet" it does not.
_WHOLE_ANSWERS = {"ik": "jongere", "mij": "jongere", "zelf": "jongere", "me": "jongere", "ik ben het": "jongere",
                  "ouder": "ouder", "ouders": "ouder"}
_OWN_AGE_RE = re.compile(r"\b(?:i'm|i am|im)\s+(?:only\s+|just\s+)?\d{1,2}\b")
_SHORT_ANSWER_WORDS = 6
# Someone else's parent or teacher ("mijn moeder is ziek") says nothing about who is writing.
_SOMEONE_ELSES = re.compile(
    r" (?:mijn|m'n|mn|onze|my|our|zijn|haar|his|her) "
    rf"(?:{parsing.any_of(parsing.PARENT_NOUNS + ('mentor', 'juf', 'meester', 'docent', 'leraar', 'lerares', 'teacher', 'begeleider'))})(?= )")


# Someone typing about a child in the third person ("hij wil niet naar school", "ze is 14", "he
# refuses to go to school") in answer to "Voor wie schrijf je?" writes about their child, not about
# themselves. "ze" counts when a singular verb follows ("ze durft", "ze is"); "ze pesten me" is not it.
_THIRD_PERSON = re.compile(r"\b(?:hij|zij|he|she)\b|\bze (?:is|was|wil|kan|mag|zal|moet|had|heeft|\w+t)\b")
# ...and never when the writer speaks of themselves at all ("hij pest mij", "hij is er niet meer en
# ik mis hem", "mijn vriendin"): a young person may be writing about someone else. A parent who
# also says "ik weet niet wat ik moet doen" is not read this way either (asked as before).
_FIRST_PERSON_ABOUT_ME = re.compile(
    r"\b(?:ik|i|me|mij|mezelf|mijzelf|myself|i'm|im|mine)\b"
    rf"|\b(?:mijn|m'n|mn|my)\b(?! (?:{parsing.any_of(parsing.RELATION_WORDS['zoon'] + parsing.RELATION_WORDS['dochter'] + parsing.RELATION_WORDS['kind'] + ('kids', 'children', 'kinderen', 'jongen', 'meisje', 'boy', 'girl', 'teenager', 'tiener', 'puber'))})\b)")


def about_a_child(text: str) -> bool:
    """True when an answer to "Voor wie schrijf je?" speaks of a child in the third person and not
    of the writer as the one it is about: a parent (or carer) is writing."""
    joined = " " + " ".join(re.findall(r"[\w'’]+", (text or "").lower().replace("’", "'"))) + " "
    return bool(_THIRD_PERSON.search(joined)) and not _FIRST_PERSON_ABOUT_ME.search(joined)


def read_role(text: str | None, *, answering: bool = False) -> str | None:
    """Who is writing, from a typed message.

    Any message: only strong signals ("mijn zoon", "ik ben 15", "ik ben leerkracht").
    ``answering`` (the message answers "Voor wie schrijf je?"): also a short answer in plain
    words ("moeder", "over mezelf", "I'm his dad", "teacher"), and a statement about a child in
    the third person ("hij wil niet naar school"): the parent.
    """
    if not text or text.startswith("/"):
        return None
    facts = parsing.extract_facts(text)
    if facts.role:
        return facts.role
    if not answering:
        return None
    if about_a_child(text):
        return "ouder"
    words = re.findall(r"[\w'’]+", text.lower().replace("’", "'"))
    if not words or len(words) > _SHORT_ANSWER_WORDS:
        return None
    joined = " " + " ".join(words) + " "
    if joined.strip() in _WHOLE_ANSWERS:
        return _WHOLE_ANSWERS[joined.strip()]
    if _OWN_AGE_RE.search(joined):
        return "jongere"
    # "mijn moeder is ziek": someone else's parent is not who is writing.
    joined = _SOMEONE_ELSES.sub(" ", joined)
    for role in ("professional", "ouder", "jongere"):  # "ik ben moeder": the parent, not "ik"
        if any(f" {w} " in joined for w in _ANSWER_WORDS[role]):
            return role
    return None


@dataclass
class Answered:
    """What the conversation remembers once a theme's answer was given."""

    slots: dict[str, Any] = field(default_factory=dict)
    payloads: list[dict[str, Any]] = field(default_factory=list)
    offer: bool = True  # the offer of the support worker follows the answer


def answered(theme: str, role: str, themes: list[str] | None) -> Answered:
    """The theme becomes the intake's topic (so the intake does not ask it again), low mood asks
    the safety check-in, and the offer follows unless the answer sends the person elsewhere."""
    known = [t for t in (themes or []) if t != theme]
    result = Answered(slots={"topic": theme, "themes": [theme, *known], "pending_theme": None,
                             "theme_waits_for_role": False}, offer=theme not in NO_OFFER_THEMES)
    if theme in CHECK_IN_THEMES:
        result.payloads.append({CHECK_IN_PAYLOAD: {"category": CHECK_IN_THEMES[theme],
                                                   "about": ABOUT.get(role, "self"), "theme": theme}})
    return result


def waiting_for_role(theme: str) -> dict[str, Any]:
    return {"pending_theme": theme, "theme_waits_for_role": True}

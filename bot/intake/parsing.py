"""Parse free-text answers into values: "dertien" -> 13, "drie weken" -> 21 days.

Dutch first; the English a conversation in English brings ("thirteen", "three weeks", "my son",
"I don't know") is read too, so an answer in either language takes the same path.

Pure functions, no I/O. Each returns ``None`` when it finds nothing, so a caller can ask again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_UNITS = {
    "nul": 0, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
    "negentien": 19,
}
_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
         "tachtig": 80, "negentig": 90}
# "een" only counts inside a compound ("eenentwintig"); alone it is usually the article.
_COMPOUND_UNITS = {**_UNITS, "een": 1}
_WORD_NUMBER_RE = re.compile(
    r"\b(?:(" + "|".join(sorted(_COMPOUND_UNITS, key=len, reverse=True)) + r")(?:en|ën))?("
    + "|".join(_TENS) + r")\b|\b(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b"
)


def _word_numbers(text: str) -> str:
    """Replace Dutch number words by digits: "drieëntwintig" -> "23", "anderhalf" -> "1.5"."""

    def repl(m: re.Match) -> str:
        if m.group(2):
            return str(_TENS[m.group(2)] + (_COMPOUND_UNITS[m.group(1)] if m.group(1) else 0))
        return str(_UNITS[m.group(3)])

    text = re.sub(r"\banderhal(?:f|ve)\b", "1.5", text)
    text = re.sub(r"\bhal(?:f|ve)\b", "0.5", text)
    return _WORD_NUMBER_RE.sub(repl, text)


_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_NUMBER_RE = re.compile(
    r"\b(" + "|".join(_EN_TENS) + r")(?:[- ](" + "|".join(k for k in _EN_UNITS if _EN_UNITS[k] < 10) + r"))?\b"
    r"|\b(" + "|".join(sorted(_EN_UNITS, key=len, reverse=True)) + r")\b"
)
# "ten" is also Dutch ("ten slotte"): a number only alone or before a unit.
_EN_TEN_RE = re.compile(r"^\s*ten\s*$|\bten(?=\s+(?:years?|months?|weeks?|days?|y/?o)\b)")


def _english_numbers(text: str) -> str:
    def repl(m: re.Match) -> str:
        if m.group(1):
            return str(_EN_TENS[m.group(1)] + (_EN_UNITS[m.group(2)] if m.group(2) else 0))
        return str(_EN_UNITS[m.group(3)])

    text = re.sub(r"\b(?:a|one) and a half\b", "1.5", text)
    return _EN_TEN_RE.sub("10", _EN_NUMBER_RE.sub(repl, text))


def normalise(text: str) -> str:
    return _english_numbers(_word_numbers(" ".join((text or "").lower().split())))


# The child a parent writes about, in the words of both languages (an age may follow it).
_CHILD_WORDS = ("zoon", "zoontje", "dochter", "dochtertje", "kind", "kindje", "jongen", "meisje", "pleegzoon",
                "pleegdochter", "pleegkind", "son", "daughter", "child", "kid", "boy", "girl", "stepson",
                "stepdaughter")
_AGE_PATTERNS = [
    re.compile(r"\b(\d{1,2})\s*-?\s*(?:jaar|jr|jarig|jarige|years?(?:[- ]old)?|yrs|y/?o)\b"),
    # "my daughter (13)", "mijn zoon, 14, wil ...": a number right after a child, in brackets or commas.
    re.compile(r"\b(?:" + "|".join(_CHILD_WORDS) + r")\s*[(,]\s*(\d{1,2})\s*(?:jaar|jr|j|years?|yrs|y/?o)?\s*[),]"),
    re.compile(r"\b(?:i am|i'm|im|he is|he's|she is|she's|they are|they're|is aged|aged)\s+(?:now\s+|almost\s+|just\s+)?"
               r"(\d{1,2})\b(?!\s*(?:days?|weeks?|months?|hours?|times|dagen|weken|maanden|keer|uur))"),
    re.compile(r"\bvan\s+(\d{1,2})\b(?!\s*(?:dagen|weken|maanden|mnd|jaar|uur|keer|op|tot|x|days?|weeks?|months?))"),
    re.compile(r"\b(?:is|ben|wordt|word)\s+(?:nu\s+|net\s+|bijna\s+)?(\d{1,2})\b"
               r"(?!\s*(?:dagen|weken|maanden|mnd|keer|uur|days?|weeks?|months?|hours?|times))"),
    re.compile(r"^\s*(\d{1,2})\s*$"),
]


# A baby's age in months or weeks, said as an age: "9 maanden" as the whole answer, "is 9 months",
# "mijn zoon van 14 maanden", "18 months old" (not "het speelt al 3 maanden" or "een periode van 3
# maanden": that is how long).
_MONTHS_AGE = re.compile(
    r"^\s*(\d{1,2})\s*(maand|maanden|mnd|months?)\s*(?:oud|old)?\s*$"
    r"|\b(?:is|ben|aged|i'm|im|he's|she's|(?:baby|babietje|zoon|zoontje|dochter|dochtertje|kind|kindje|son|daughter|child)"
    r"\s+(?:van|of))\s+(?:nu\s+|net\s+|bijna\s+|now\s+|almost\s+|just\s+)?"
    r"(\d{1,2})\s*(maand|maanden|mnd|months?|weken|week|weeks?)\b(?!\s*(?:geleden|ago))"
    r"|\b(\d{1,2})\s*(maand|maanden|mnd|months?|weken|week|weeks?)\s+(?:oud|old)\b"
)


def _months_age(t: str) -> int | None:
    m = _MONTHS_AGE.search(t)
    if not m:
        return None
    number, unit = next((m.group(i), m.group(i + 1)) for i in (1, 3, 5) if m.group(i))
    return int(number) // 12 if unit.startswith(("maand", "mnd", "month")) else 0


def parse_age(text: str) -> int | None:
    """An age in years from an answer or a sentence ("9 maanden" is 0); ``None`` if there is none."""
    t = normalise(text)
    months = _months_age(t)
    if months is not None:
        return months
    for pattern in _AGE_PATTERNS:
        m = pattern.search(t)
        if m:
            age = int(m.group(1))
            if 0 <= age <= 99:
                return age
    return None


_DURATION_RE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(dag|dagen|week|weken|weekje|weekjes|maand|maanden|jaar|jaren"
    r"|day|days|weeks|month|months|year|years)\b"
)
# "N jaar" that says how old someone is: after "ben", "is", "van", "wordt", "am" … or before "oud".
_AGE_BEFORE = re.compile(r"\b(?:ben|bent|is|zijn|van|word|wordt|worden|am|i'm|im|are|aged)\s*$")
# A baby's age in months or weeks ("hij is 9 maanden"); "van" is left out here ("een periode van 3 maanden").
_BABY_AGE_BEFORE = re.compile(r"\b(?:ben|bent|is|am|i'm|im|aged|(?:baby|babietje|zoon|zoontje|dochter|dochtertje|kind|kindje"
                              r"|son|daughter|child)\s+(?:van|of))\s*$")
_AGE_AFTER = re.compile(r"\s*(?:oud|old)\b")
_UNIT_DAYS = {"dag": 1, "dagen": 1, "week": 7, "weken": 7, "weekje": 7, "weekjes": 7,
              "maand": 30, "maanden": 30, "jaar": 365, "jaren": 365,
              "day": 1, "days": 1, "weeks": 7, "month": 30, "months": 30, "year": 365, "years": 365}
_DURATION_WORDS = [
    (re.compile(r"\bpaar dagen\b"), 3),
    (re.compile(r"\b(?:een )?paar weken\b"), 21),
    (re.compile(r"\b(?:een )?paar maanden\b"), 60),
    (re.compile(r"\bsinds gisteren\b|\bgisteren\b"), 1),
    (re.compile(r"\bvandaag\b"), 0),
    (re.compile(r"\bvorige week\b|\bsinds een week\b"), 7),
    (re.compile(r"\bvorige maand\b"), 30),
    # "sinds de zomer" is the bot's own example when it does not understand a duration
    (re.compile(r"\b(?:zomer|herfst|kerst|voorjaars|mei)vakantie\b|\bsinds (?:de )?(?:zomer|herfst|kerst)\b"), 60),
    (re.compile(r"\bal (?:heel )?lang\b|\bal jaren\b|\baltijd al\b"), 365),
    (re.compile(r"\bnet\b|\bpas\b"), 3),
    (re.compile(r"\b(?:a )?few days\b|\ba couple of days\b"), 3),
    (re.compile(r"\b(?:a )?few weeks\b|\ba couple of weeks\b"), 21),
    (re.compile(r"\b(?:a )?few months\b|\ba couple of months\b"), 60),
    (re.compile(r"\byesterday\b"), 1),
    (re.compile(r"\btoday\b"), 0),
    (re.compile(r"\blast week\b"), 7),
    (re.compile(r"\blast month\b"), 30),
    (re.compile(r"\b(?:summer|christmas|autumn|spring) (?:holiday|break)\b|\bsince the summer\b"), 60),
    (re.compile(r"\bfor (?:a )?long time\b|\bfor years\b|\bfor ages\b|\balways\b"), 365),
]


def parse_duration_days(text: str) -> int | None:
    """How long something has been going on, in days: "drie weken" -> 21."""
    t = normalise(text)
    for m in _DURATION_RE.finditer(t):
        years = m.group(2) in ("jaar", "year", "years")
        if (_AGE_BEFORE if years else _BABY_AGE_BEFORE).search(t[: m.start()]) or _AGE_AFTER.match(t[m.end():]):
            continue  # an age ("ik ben 15 jaar", "mijn zoon van 13 jaar", "9 years old"), not how long
        number = float(m.group(1).replace(",", "."))
        return int(round(number * _UNIT_DAYS[m.group(2)]))
    m = re.search(r"\b(?:een|1|a|an)\s+(dag|week|maand|jaar|day|month|year)\b", t)
    if m:
        return _UNIT_DAYS[m.group(1)]
    for pattern, days in _DURATION_WORDS:
        if pattern.search(t):
            return days
    return None


def parse_heaviness(text: str) -> int | None:
    """A score from 1 to 10 ("een 8", "acht", "8/10"); ``None`` if out of range or absent."""
    t = normalise(text)
    m = re.search(r"(?<![\d.,])(\d{1,2})(?![\d.,]\d)(?:\s*/\s*10|\s*van de 10|\s*uit 10)?\b", t)
    if not m:
        return None
    value = int(m.group(1))
    return value if 1 <= value <= 10 else None


ROLE_WORDS = {
    "ouder": ("mijn zoon", "mijn dochter", "mijn kind", "onze zoon", "onze dochter", "ons kind",
              "my son", "my daughter", "my child", "my kid", "i am a parent", "i'm a parent",
              "i am the mother", "i am the father", "as a parent",
              "mijn pleegzoon", "mijn pleegdochter", "mijn pleegkind", "ik ben moeder", "ik ben vader",
              "ik ben ouder", "als ouder", "als moeder", "als vader", "verzorger", "pleegouder",
              "mijn stiefzoon", "mijn stiefdochter"),
    "professional": ("ik ben leerkracht", "ik ben docent", "ik ben mentor", "ik ben juf",
                     "ik ben meester", "ik werk in het wijkteam", "ik ben jeugdarts", "een leerling van",
                     "van een gezin", "mijn leerling", "mijn cliënt", "mijn client", "ik werk met",
                     "i am a teacher", "i'm a teacher", "my student", "my pupil", "my client",
                     "i work with"),
    # Only strong signals: a parent also writes "ik ben bang dat ...".
    "jongere": ("ik ben zelf", "over mezelf", "voor mezelf", "over mijzelf", "het gaat om mij",
                "het gaat over mij", "about myself", "for myself", "it's about me", "it is about me"),
}
# One word that answers "Voor wie schrijf je?" on its own.
ROLE_SINGLE_WORDS = {
    "ouder": ("ouder", "moeder", "vader", "mama", "papa", "mam", "pap", "moeder van", "vader van",
              "verzorger", "pleegouder", "opa", "oma", "parent", "mother", "father", "mum", "mom", "dad"),
    "jongere": ("ik", "mezelf", "mijzelf", "zelf", "ikzelf", "ik zelf", "voor mij", "over mij", "mij",
                "jongere", "myself", "me", "me myself"),
    "professional": ("leerkracht", "docent", "mentor", "juf", "meester", "hulpverlener",
                     "professional", "jeugdarts", "wijkteam", "teacher", "social worker"),
}
RELATION_WORDS = {
    "zoon": ("zoon", "pleegzoon", "stiefzoon", "son"),
    "dochter": ("dochter", "pleegdochter", "stiefdochter", "daughter"),
    "kind": ("kind", "pleegkind", "kindje", "child", "kid"),
}


# Who a parent (or a carer in a parent's place) calls themselves: "ik ben de moeder", "I'm his dad".
# The one list behind the parent's statement here and the typed answer to "Voor wie schrijf je?"
# (bot.content.themes), where "mijn moeder" is someone else's parent.
PARENT_NOUNS = (
    "moeder", "vader", "mama", "papa", "mam", "pap", "ouder", "ouders", "oma", "opa", "verzorger",
    "pleegouder", "pleegouders", "pleegmoeder", "pleegvader", "stiefmoeder", "stiefvader", "voogd",
    "mother", "father", "mum", "mom", "dad", "parent", "parents", "carer", "guardian", "grandmother",
    "grandfather", "grandma", "grandpa", "foster parent", "foster parents",
    "stiefpa", "stiefma", "stepdad", "step-dad", "stepfather", "stepmum", "step-mum", "stepmom", "step-mom",
    "stepmother", "stepparent", "step-parent", "foster mum", "foster mom", "foster mother", "foster dad",
    "foster father", "granny", "nan",
)


def any_of(words) -> str:
    """A regex alternation of ``words``, longest first (so "ouders" is tried before "ouder")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_PARENT_STATEMENT = re.compile(
    r"\b(?:ik ben|wij zijn|we zijn|i am|i'm|we are|we're) (?:de |een |zijn |haar |hun |the |a |his |her |their )?"
    rf"(?:{any_of(PARENT_NOUNS)})\b")


# A message that says who is writing and nothing else ("ik ben de moeder van een jongen", "I'm the
# dad of two boys", "over mezelf", "ik ben mentor"): every word is accounted for by these patterns,
# so it can hold no worry and no risk. Used where the answer to "Voor wie schrijf je?" meets a
# safety check-in raised by the risk classifier alone.
_CHILD_NOUNS = ("jongen", "jongens", "meisje", "meisjes", "meid", "meiden", "zoon", "zoons", "zonen", "dochter", "dochters", "kind",
                "kinderen", "kindje", "tiener", "puber", "tweeling", "pleegkind", "pleegzoon", "pleegdochter",
                "boy", "boys", "girl", "girls", "son", "sons", "daughter", "daughters", "child", "children", "kid",
                "kids", "teenager", "teen", "twins", "toddler", "baby", "peuter")
_A_CHILD = (r"(?:(?:een|mijn|onze|ons|\d{1,2}|a|an|my|our) )?"
            rf"(?:{any_of(_CHILD_NOUNS)})"
            r"(?: (?:van|of|aged) \d{1,2}(?: jaar| years?(?: old)?)?| \(\d{1,2}\)| \d{1,2}(?: jaar| years?(?: old)?)?)?")
_PROFESSIONS = ("leerkracht", "docent", "leraar", "lerares", "mentor", "juf", "meester", "jeugdarts",
                "hulpverlener", "begeleider", "zorgcoördinator", "zorgcoordinator", "intern begeleider",
                "teacher", "social worker", "school nurse", "youth worker", "counsellor", "counselor")
# Whose professional: "van een leerling (uit mijn klas)", "of a pupil", "van een meisje van 12".
_PUPIL_NOUNS = ("leerling", "leerlinge", "leerlingen", "cliënt", "client", "cliënte", "gezin", "pupil", "pupils",
                "student", "students")
_A_PUPIL = rf"(?:(?:een|mijn|a|an|my) )?(?:{any_of(_PUPIL_NOUNS)})"
_IN_CLASS = r" (?:uit|in|van|op|from|in|at) (?:mijn|onze|my|our|de|the) (?:klas|groep|class|school)"
# "ik ben (de|zijn) mentor (van een leerling)", "I'm her teacher": a professional saying who they are.
_PROFESSIONAL_STATEMENT = re.compile(
    r"\b(?:ik ben|i am|i'm|im) (?:de |een |zijn |haar |hun |a |the |his |her |their )?"
    rf"(?:{any_of(_PROFESSIONS)})\b")
_WHO_ONLY = re.compile(
    r"^(?:(?:hoi|hallo|hai|hey|hi|hello|dag|goedemorgen|goedemiddag|goedenavond),? )?(?:"
    # a parent or carer: "ik ben de moeder van een jongen (van 14)", "moeder van 2 kinderen"
    r"(?:(?:ik ben|wij zijn|we zijn|i am|i'm|im|we are|we're) )?(?:de |een |zijn |haar |hun |the |a |his |her |their )?"
    rf"(?P<parent>{any_of(PARENT_NOUNS)})(?: (?:van|of) {_A_CHILD}(?:(?:,| en| and| &) {_A_CHILD})?)?"
    # a young person about themselves: "over mezelf", "het gaat om mij", "ik ben 15", "myself"
    r"|(?P<young>(?:het gaat |it's |it is )?(?:over|om|voor|about|for) (?:mezelf|mijzelf|mij|myself|me)|mezelf|mijzelf"
    r"|myself|(?:ik ben|i am|i'm|im) \d{1,2}(?: jaar(?: oud)?| years? old)?)"
    # a professional: "ik ben leerkracht", "I'm a teacher"
    rf"|(?:(?:ik ben|i am|i'm|im) )?(?:de |een |zijn |haar |hun |a |the |his |her |their )?"
    rf"(?P<professional>{any_of(_PROFESSIONS)})(?: (?:van|of|bij) (?:{_A_PUPIL}|{_A_CHILD})(?:{_IN_CLASS})?)?"
    # "zijn stiefvader hier", "moeder hier", "mum here": the person saying who is here
    r")(?: hier| here)?$")


def says_only_who_writes(text: str) -> str | None:
    """The role when the whole message only says who is writing; None when it says anything more."""
    if not text or text.startswith("/"):
        return None
    t = normalise(text).replace("’", "'").strip(" .!?")
    m = _WHO_ONLY.match(t)
    if not m:
        return None
    return "ouder" if m.group("parent") else "jongere" if m.group("young") else "professional"


# "me dochter", "mn zoon", "m'n kind": spoken Dutch for "mijn", common in parents' messages; before
# "ik ben zelf" (a parent's "ik ben zelf ook heel angstig" is not a young person writing).
_COLLOQUIAL_OWN_CHILD = re.compile(
    r"\b(?:me|mn|m'n|m’n)\s+(?:zoon|zoontje|dochter|dochtertje|kind|kindje|kinderen|pleegzoon|pleegdochter|"
    r"pleegkind|stiefzoon|stiefdochter)\b")
# English "me kind of" is no child ("it makes me kind of sad"); Dutch "mijn zoon of niet" keeps its "of".
_ENGLISH_KIND_OF = re.compile(r"\bme kind of\b")


def parse_role(text: str) -> str | None:
    t = normalise(text)
    bare = t.strip(" .!?")
    bare = re.sub(r"^(?:ik ben |ik ben de |ik ben een |i am |i'm |i am a |i'm a |als |een |de )", "", bare)
    for role, words in ROLE_SINGLE_WORDS.items():
        if bare in words:
            return role
    for role in ("professional", "ouder", "jongere"):
        if any(w in t for w in ROLE_WORDS[role]) or (
                role == "ouder" and _COLLOQUIAL_OWN_CHILD.search(_ENGLISH_KIND_OF.sub(" ", t))):
            return role
    if _PARENT_STATEMENT.search(t):
        return "ouder"  # "ik ben de moeder van een jongen", "I'm the dad of two"
    if _PROFESSIONAL_STATEMENT.search(t):
        return "professional"  # "ik ben de mentor van een leerling", "I'm his teacher"
    if re.search(r"\b(?:ik ben|i am|i'm) (?:net |bijna )?\d{1,2}\b(?!\s*(?:dagen|weken|maanden|uur|keer|days|weeks))", t):
        return "jongere"  # "ik ben 16": someone writing about themselves
    return None


def parse_relation(text: str) -> str | None:
    t = _ENGLISH_KIND_OF.sub(" ", normalise(text))
    for relation, words in RELATION_WORDS.items():
        if re.search(r"\b(?:mijn|onze|ons|my|our|me|mn|m'n|m’n)\s+(?:" + "|".join(words) + r")\b", t):
            return relation
    return None


THEME_WORDS = {
    "school": ("school", "thuiszit", "verzuim", "spijbel", "klas", "leerplicht", "huiswerk"),
    "angst": ("angst", "bang", "piekeren", "pieker", "paniek", "somber", "zorgen", "verdrietig",
              "stress", "gespannen", "onzeker", "durft niet", "durf niet", "niet durven"),
    "opvoeding": ("opvoeding", "opvoed", "driftbui", "boos", "ruzie", "luistert niet", "grenzen",
                  "woedeaanval", "gedrag", "brutaal", "scheiding"),
}


# Vaccinations are the JGZ's (the consultatiebureau, later the GGD's jeugdgezondheidszorg), not the
# huisarts's: at "Waar gaat het over?" they were a physical complaint ("bel de huisarts"). Whole
# words: "prikkelbaar" and "overprikkeld" are no vaccination.
VACCINATION_RE = re.compile(
    r"\bvaccin\w*|\binent\w*|\bingeent\b|\bprik(?:ken|je|jes)?\b|\bhielprik|\bprikdag"
    r"|\b(?:bmr|dtp|hpv|bcg|mmr)\b|\bjabs?\b|\bimmuni[sz]ation\w*"
)


def parse_themes(text: str) -> list[str]:
    """All themes a sentence mentions, in a fixed order (school, angst, opvoeding, then baby_jgz for a
    vaccination)."""
    t = normalise(text)
    themes = [theme for theme, words in THEME_WORDS.items() if any(w in t for w in words)]
    return themes + ["baby_jgz"] if VACCINATION_RE.search(t) else themes


PHYSICAL_WORDS = ("koorts", "griep", "verkouden", "hoest", "oorpijn", "keelpijn", "uitslag",
                  "eczeem", "gebroken", "wondje", "wond", "bloed bij",
                  "diarree", "overgeven", "braken", "astma", "allergie", "jeuk", "wratten", "hoofdluis")


def is_physical_complaint(text: str) -> bool:
    """A physical complaint without a worry this service is for (those go to the huisarts)."""
    t = normalise(text)
    return any(w in t for w in PHYSICAL_WORDS) and not parse_themes(t)


SCHOOL_ABSENT_RE = re.compile(
    r"\b(?:niet|nauwelijks|amper|nooit)\s+(?:meer\s+)?(?:naar|op)\s+school\b|\bthuiszit|\bzit\s+(?:al\s+)?\S*\s*thuis\b"
    r"|\bdurft\s+(?:al\s+\S+\s+\S+\s+)?niet\s+(?:meer\s+)?naar\s+school\b|\bgaat\s+niet\s+naar\s+school\b"
)
SCHOOL_SOMETIMES_RE = re.compile(r"\b(?:soms|vaak|regelmatig|af en toe)\s+(?:niet|ziek)\b|\bspijbel")


def parse_school_attendance(text: str) -> str | None:
    """'geen' (not going), 'soms' (missing days) or 'gewoon' (attending), from free text."""
    t = normalise(text)
    if re.search(r"\bniet\b.*\bnaar school\b|\bnaar school\b.*\bniet\b", t) or SCHOOL_ABSENT_RE.search(t):
        if SCHOOL_SOMETIMES_RE.search(t):
            return "soms"
        return "geen"
    if SCHOOL_SOMETIMES_RE.search(t):
        return "soms"
    if re.search(r"\b(?:gaat|ga)\s+(?:gewoon\s+)?(?:wel\s+)?naar\s+school\b|\bgewoon\b|\bja\b", t):
        return "gewoon"
    return None


IMPACT_WORDS = {
    "school": ("school", "les", "klas", "huiswerk", "cijfers"),
    "thuis": ("thuis", "ruzie", "gezin", "broer", "zus", "ouders"),
    "vrienden": ("vriend", "sociaal", "sport", "club", "alleen op", "eenzaam"),
    "slaap": ("slaap", "slapen", "sliep", "nachtmerrie", "wakker", "moe"),
}
SEVERE_WORDS = ("helemaal", "heel erg", "enorm", "niks meer", "niets meer", "totaal", "ernstig",
                "zwaar", "alles", "de hele dag", "elke nacht", "elke dag")


def parse_impact(text: str) -> tuple[list[str], bool]:
    """Areas of daily life that are affected, and whether the words say it is severe."""
    t = normalise(text)
    areas = [area for area, words in IMPACT_WORDS.items() if any(w in t for w in words)]
    if re.search(r"\b(?:niks|niets|nergens|geen)\b", t) and not areas:
        return ["geen"], False
    return areas, any(w in t for w in SEVERE_WORDS)


HELP_WORDS = {
    "wijkteam": ("wijkteam", "buurtteam", "sociaal team", "gebiedsteam", "jeugdteam", "cjg", "centrum voor jeugd"),
    "jeugdhulp": ("jeugdhulp", "jeugdzorg", "gezinscoach", "hulpverlener", "ambulant"),
    "ggz": ("ggz", "psycholoog", "psychiater", "therapeut", "therapie", "accare", "karakter"),
    "school": ("school", "mentor", "zorgcoördinator", "zorgcoordinator", "intern begeleider", "leerplicht"),
    "jeugdbescherming": ("jeugdbescherming", "ots", "ondertoezichtstelling", "onder toezicht", "gezinsvoogd",
                         "voogd", "raad voor de kinderbescherming", "kinderbescherming", "maatregel",
                         "veilig thuis", "uithuisplaatsing"),
}


def parse_help(text: str) -> list[str]:
    """Help already involved; ``["geen"]`` for "nee, niemand"; ``[]`` when unclear."""
    t = normalise(text)
    found = [kind for kind, words in HELP_WORDS.items()
             if any(re.search(r"\b" + re.escape(w) + r"\b", t) for w in words)]
    if found:
        return found
    if re.search(r"\b(?:nee|niemand|geen|niks|niets|nog niet|nog niemand)\b", t):
        return ["geen"]
    return []


def parse_yes_no(text: str) -> bool | None:
    t = normalise(text)
    if re.search(r"\b(?:nee|neen|nope|liever niet|niet|geen|no|not)\b", t):
        return False
    if re.search(r"\b(?:ja|jawel|jep|ok|oké|okee|prima|goed|akkoord|mag|zeker|yes|graag)\b", t):
        return True
    return None


CORRECTION_RE = re.compile(r"^\s*(?:nee|neen|nee,|oeps|sorry|correctie|ik bedoel|foutje|niet\b)")


def looks_like_correction(text: str) -> bool:
    """'nee, hij is 14' or 'ik bedoel 14 jaar': the person corrects an earlier answer."""
    return bool(CORRECTION_RE.search(normalise(text)))


BACK_RE = re.compile(r"^\s*(?:terug|ga terug|vorige(?: vraag)?|een vraag terug|stap terug|back|go back"
                     r"|previous(?: question)?)\s*[.!]?\s*$")
STOP_RE = re.compile(r"^\s*(?:stop|stoppen|ik wil stoppen|laat maar|annuleer|annuleren|afbreken|ik stop|quit"
                     r"|cancel|i want to stop|stop the questions|stoppen met de vragen)\s*[.!]?\s*$")
SKIP_RE = re.compile(r"^\s*(?:overslaan|sla (?:maar |deze |die |deze vraag |die vraag )?over|vraag overslaan"
                     r"|volgende(?: vraag)?|skip(?: it| this| this question)?|next(?: question)?|pass)\s*[.!]?\s*$")
DONT_KNOW_RE = re.compile(
    r"\b(?:weet (?:ik )?(?:het )?niet|ik weet (?:het )?niet|geen idee|geen flauw idee|weet ik veel|idk|onbekend"
    r"|(?:i )?(?:don't|dont|do not) know|not sure|no idea|dunno|(?:ben ik |ik ben |weet ik )?niet zeker(?: van)?(?=\W*$))\b")
PREFER_NOT_RE = re.compile(
    r"\b(?:liever niet|zeg ik liever niet|(?:dat )?wil ik (?:liever )?niet zeggen|gaat je niks aan"
    r"|(?:i'd |i would )?(?:prefer not|rather not)(?: to say)?)\b")


QUESTION_START_RE = re.compile(
    r"^\s*(?:wat|hoe|hoeveel|wie|waar|waarom|wanneer|welke|welk|kan|kun|kunnen|mag|mogen|moet|moeten|"
    r"is|zijn|ben|heb|hebben|krijg|krijgt|weet|weten|kost|komt|gaat|doen|doe|wordt|worden)\b"
)


def looks_like_question(text: str) -> bool:
    """'wat kost het?' is a question; 'iemand om mee te praten' is an answer."""
    t = (text or "").strip().lower()
    if t.endswith("?"):
        return True
    # "weet ik niet", "ben ik niet zeker van": verb first like a Dutch question, but an answer.
    return bool(QUESTION_START_RE.match(t)) and not (is_dont_know(t) or is_prefer_not(t))


def is_go_back(text: str) -> bool:
    return bool(BACK_RE.match(normalise(text)))


def is_stop(text: str) -> bool:
    return bool(STOP_RE.match(normalise(text)))


def is_skip(text: str) -> bool:
    """'overslaan', 'volgende vraag', 'skip': leave this question open and go on."""
    return bool(SKIP_RE.match(normalise(text)))


def _short(text: str, words: int = 8) -> bool:
    return len((text or "").split()) <= words


def is_dont_know(text: str) -> bool:
    """'weet ik niet', 'geen idee', "I don't know" (a short answer, not a sentence about it)."""
    return _short(text) and bool(DONT_KNOW_RE.search(normalise(text)))


def is_prefer_not(text: str) -> bool:
    """'liever niet', 'zeg ik liever niet', 'prefer not to say'."""
    return _short(text) and bool(PREFER_NOT_RE.search(normalise(text)))


def find_phone(text: str) -> str | None:
    """A phone number anywhere in a message ("bel me op 06 12345678"), in E.164; else None."""
    import phonenumbers

    if not re.search(r"\d{2}", text or ""):
        return None
    for match in phonenumbers.PhoneNumberMatcher(text, "NL"):
        if phonenumbers.is_valid_number(match.number):
            return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


# Digits and + ( ) - . / : , are taken out before the words are compared.
_AROUND_A_PHONE = frozenset({"mijn", "m'n", "mn", "nummer", "telefoonnummer", "telefoon", "tel", "mobiel", "is", "bel",
                             "me", "mij", "op", "graag", "maar", "dit", "hier", "my", "number", "phone", "call", "on",
                             "at", "here", "nr"})


def only_a_phone(text: str) -> bool:
    """The message gives a phone number and nothing else ("06 12345678", "mijn nummer is +31 6 …",
    "bel me op 06-…"): no answer to any question but the phone question."""
    phone = find_phone(text)
    if not phone:
        return False
    rest = re.sub(r"[+()\d\-./:,]", " ", normalise(text)).split()
    return set(rest) <= _AROUND_A_PHONE


@dataclass
class Facts:
    """What one message already tells us, for pre-filling the intake."""

    role: str | None = None
    relation: str | None = None
    age: int | None = None
    duration_days: int | None = None
    themes: list[str] = field(default_factory=list)
    school_attendance: str | None = None
    contact: str | None = None  # a phone number in E.164

    def as_slots(self) -> dict[str, object]:
        slots: dict[str, object] = {}
        if self.role:
            slots["role"] = self.role
        if self.relation:
            slots["relation"] = self.relation
        if self.age is not None:
            slots["age"] = float(self.age)
        if self.duration_days is not None:
            slots["duration_days"] = float(self.duration_days)
        if self.themes:
            slots["topic"] = self.themes[0]
            slots["themes"] = list(self.themes)
        if self.school_attendance in ("geen", "soms"):
            slots["school_attendance"] = self.school_attendance
        if self.contact:
            slots["contact"] = self.contact
        return slots


def extract_facts(text: str) -> Facts:
    """Facts from a free sentence: "mijn zoon van 13 durft al drie weken niet naar school"."""
    if not text or text.startswith("/"):
        return Facts()
    relation = parse_relation(text)
    role = parse_role(text) or ("ouder" if relation else None)
    themes = parse_themes(text)
    school = parse_school_attendance(text) if "school" in normalise(text) else None
    if school in ("geen", "soms") and "school" not in themes:
        themes.insert(0, "school")
    return Facts(
        role=role,
        relation=relation,
        age=parse_age(text),
        duration_days=parse_duration_days(text),
        themes=themes,
        school_attendance=school,
        contact=find_phone(text),
    )

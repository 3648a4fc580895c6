"""Text normalisation for the crisis screen: from how people type to one canonical form.

"Ik wil er NIET meer zijn!!!", "k wil dr nie meer zijn", "ik wil er niet meeeer zijn" and
"z e l f m o o r d" / "z3lfm00rd" / "zelfmoort" all end up as the same words, so the lexicon
can be written once, in plain Dutch. Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne

# Emoji that carry meaning for the screen become words before symbols are dropped.
EMOJI = {
    "\U0001F52A": " emoji_mes ",  # kitchen knife
    "\U0001F5E1": " emoji_mes ",  # dagger
    "\U0001FA92": " emoji_mes ",  # razor
    "\u2702": " emoji_mes ",  # scissors
    "\U0001FA78": " emoji_bloed ",  # drop of blood
    "\U0001FA79": " emoji_pleister ",  # adhesive bandage
    "\u26B0": " emoji_graf ",  # coffin
    "\U0001FAA6": " emoji_graf ",  # headstone
    "\U0001FAA2": " emoji_touw ",  # knot
    "\U0001F48A": " emoji_pil ",  # pill
    "\U0001F602": " emoji_lach ",  # face with tears of joy
    "\U0001F923": " emoji_lach ",  # rolling on the floor laughing
    "\U0001F480": " emoji_lach ",  # skull: "I'm dead" = laughing, in chat
    "\u2620": " emoji_lach ",  # skull and crossbones, same use
}
_EMOJI_RE = re.compile("|".join(map(re.escape, EMOJI)))

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "€": "e"})
# A token that mixes letters with look-alike digits or symbols ("z3lfm00rd"), but not a number
# with a unit ("3dagen", "14jarige").
_LEET_TOKEN = re.compile(r"(?<!\S)(?![0-9]+[a-z]+(?!\S))(?=\S*[a-z])(?=\S*[013457@$€][a-z]|\S*[a-z][013457@$€])\S+")
_BANG_IN_WORD = re.compile(r"(?<=[a-z])!(?=[a-z])")  # "su!cide"
_APOSTROPHE = re.compile(r"[’'`´]")
_PUNCT = re.compile(r"([.,!?;:])")
_NON_WORD = re.compile(r"[^a-z0-9_.,!?;: ]+")
_REPEATS = re.compile(r"([a-z])\1{2,}")  # "dooood" -> "dood"; 2 stays (doodd is a typo for fuzzy)
_HAS_DOUBLE = re.compile(r"([a-z])\1")
_REPEAT_PUNCT = re.compile(r"([.,!?;:])(?: ?[.,!?;:])+")
# "z e l f m o o r d" and "z.e.l.f.m.o.o.r.d": three or more single letters in a row.
_SPACED = re.compile(r"\b(?:[a-z][ .\-_*]){2,}[a-z]\b")

# Chat spellings and common misspellings, per token. Values may be two words.
SPELLING = {
    "k": "ik", "ic": "ik", "ikke": "ik", "ick": "ik",
    "kwil": "ik wil", "kben": "ik ben", "kheb": "ik heb", "kga": "ik ga", "kzie": "ik zie",
    "kdenk": "ik denk", "kkan": "ik kan", "ksnij": "ik snij", "kwou": "ik wou", "kweet": "ik weet",
    "mn": "mijn", "myn": "mijn", "mijne": "mijn", "m": "mijn",
    "nie": "niet", "ni": "niet", "nt": "niet", "neit": "niet", "nit": "niet",
    "mr": "meer", "mer": "meer", "meej": "meer",
    "dr": "er", "der": "er", "d'r": "er",
    "zn": "zijn", "zyn": "zijn", "zijm": "zijn",
    "wl": "wil", "wll": "wil", "will": "wil", "wilt": "wilt",
    "dod": "dood", "doot": "dood", "doodt": "dood", "doodd": "dood", "dooie": "dood", "ded": "dood",
    "leve": "leven", "lefe": "leven", "lven": "leven", "leefe": "leven", "leuven": "leven",
    "mzelf": "mezelf", "mezelluf": "mezelf", "mezelv": "mezelf", "mezlf": "mezelf", "mijzelluf": "mijzelf",
    "mijzelv": "mijzelf", "mzlf": "mezelf", "mezef": "mezelf", "mijzef": "mijzelf",
    "zelfmoort": "zelfmoord", "zelfmoordt": "zelfmoord", "selfmoord": "zelfmoord", "zelmoord": "zelfmoord",
    "sucide": "suicide", "suicde": "suicide", "suicidal": "suicidal",
    "suisidaal": "suicidaal", "suicidaal": "suicidaal", "sucidaal": "suicidaal", "suicidaaal": "suicidaal",
    "iedereeen": "iedereen", "iedreen": "iedereen", "iedereen": "iedereen", "ieder1": "iedereen",
    "niemant": "niemand", "niemad": "niemand",
    "wakkker": "wakker", "wakke": "wakker",
    "idd": "inderdaad", "ff": "even", "w8": "wacht",
    "teveel": "te veel", "zovéél": "zoveel",
    "dont": "dont", "don": "dont", "wanna": "wanna",
    "pilen": "pillen", "pillne": "pillen",
    "overdossis": "overdosis", "overdoses": "overdosis",
    "gesneeden": "gesneden", "gesnede": "gesneden", "snij": "snij", "snei": "snij", "snijt": "snijd",
    "misbruik": "misbruik", "misbruikd": "misbruikt", "mishandelt": "mishandelt", "mishandeld": "mishandeld",
    "verkragt": "verkracht", "verkracht": "verkracht",
    "slaapt": "slaapt", "slaad": "slaat", "slaatt": "slaat",
    "veillig": "veilig", "veilg": "veilig", "vijlig": "veilig", "feilig": "veilig",
    "tuis": "thuis", "thuiss": "thuis", "thijs": "thuis",
    "afscheidsbrieff": "afscheidsbrief",
    "killmyself": "kill myself",
}

# Two tokens that are one word ("zelf moord", "dood gaan").
JOINS = {
    ("zelf", "moord"): "zelfmoord", ("zelf", "moordgedachten"): "zelfmoordgedachten",
    ("zelfmoord", "gedachten"): "zelfmoordgedachten", ("zelf", "doding"): "zelfdoding",
    ("zelf", "beschadiging"): "zelfbeschadiging", ("zelf", "verwonding"): "zelfverwonding",
    ("self", "harm"): "selfharm", ("over", "dosis"): "overdosis", ("me", "zelf"): "mezelf",
    ("mij", "zelf"): "mijzelf", ("zich", "zelf"): "zichzelf", ("dood", "gaan"): "doodgaan",
    ("afscheids", "brief"): "afscheidsbrief", ("naakt", "foto"): "naaktfoto", ("naakt", "fotos"): "naaktfotos",
    ("slaap", "pillen"): "slaappillen", ("scheer", "mesje"): "scheermesje", ("scheer", "mesjes"): "scheermesjes",
}

# Long key words that typos are corrected to (one edit, two from ten letters). Short words are
# never fuzzy-matched: "leven"/"lezen" and "dood"/"door" are one letter apart.
FUZZY_VOCAB = (
    "zelfmoord", "zelfmoordgedachten", "zelfmoordplannen", "zelfmoordpoging", "zelfdoding", "suicidaal",
    "suicidale", "suicide", "zelfbeschadiging", "zelfbeschadigen", "zelfverwonding", "automutilatie",
    "overdosis", "paracetamol", "slaappillen", "bewusteloos", "mishandeld", "mishandelt", "mishandeling",
    "misbruikt", "verkracht", "verkrachting", "aangerand", "aanranding", "afscheidsbrief", "afscheidsbericht",
    "mezelf", "mijzelf", "zichzelf", "iedereen", "niemand", "sterven", "doodgaan", "verdwijnen",
    "gesneden", "gekrast", "ophangen", "scheermesje", "kindermishandeling", "uithongeren", "naaktfotos",
)
# Real words within one edit of a key word: never "corrected".
FUZZY_PROTECT = frozenset({
    "sterren", "sterker", "verkocht", "verkrachte", "misbruik", "iedere", "niemands", "mezelve",
    "gesneld", "gekraakt", "gekrast", "opgehangen", "ophalen", "ophangt", "verdwenen", "verdwijnt",
    "doodgaat", "mishandel", "zelfmoorden", "aangerend", "suiker", "doorgaan", "doorgaat", "opvangen",
    "omhangen", "verdienen", "verdiend", "gesmeden", "iedereens", "sterrren", "stervende", "mezelfs",
    "verkochte", "opgehaald", "overdoses", "zichtbaar", "suikers",
})
_FUZZY_SET = frozenset(FUZZY_VOCAB)


@lru_cache(maxsize=8192)
def fuzzy_word(token: str) -> str | None:
    """The key word a typo stands for, or None. Cached: chat vocabulary repeats a lot."""
    if len(token) < 6 or token in _FUZZY_SET or token in FUZZY_PROTECT or not token.isalpha():
        return None
    limit = 1 if len(token) < 8 else 2
    found = extractOne(token, FUZZY_VOCAB, scorer=OSA.distance, score_cutoff=limit)
    if found is None:
        return None
    word, distance = found[0], found[1]
    # Typos rarely hit the start of a word; two edits only when the first three letters agree.
    if word[0] != token[0] or (distance == 2 and word[:3] != token[:3]):
        return None
    return word


# Key words found inside a run of spaced letters ("w i l d o o d" -> "wildood" -> "wil dood").
SPACED_KEYS = ("zelfmoord", "mezelf", "mijzelf", "sterven", "dood", "leven", "snijden", "niet", "meer")


def _join_spaced(match: re.Match) -> str:
    joined = re.sub(r"[ .\-_*]", "", match.group(0))
    for key in SPACED_KEYS:
        if key in joined and joined != key:
            joined = joined.replace(key, f" {key} ")
            break
    return joined


def squeeze(token: str) -> str:
    return re.sub(r"([a-z])\1+", r"\1", token)


# Common words with their letters stretched ("nieeet", "leeeven", "wiiil"), found by their
# squeezed form. Only words whose squeezed form is not another common word.
STRETCHED = {squeeze(w): w for w in (
    "niet", "meer", "dood", "leven", "wil", "zelfmoord", "mezelf", "mijzelf", "iedereen", "veilig", "thuis",
    "sterven", "wakker", "niemand", "slaat", "pijn", "snijden", "zijn", "nooit", "help", "alsjeblieft",
)}


def canonical(text: str) -> tuple[str, bool]:
    """Return the canonical text and whether a fuzzy correction was needed."""
    text = text.lower()
    if not text.isascii():
        text = _EMOJI_RE.sub(lambda m: EMOJI[m.group(0)], text.replace("\ufe0f", ""))
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHE.sub("", text)
    text = _BANG_IN_WORD.sub("i", text)
    text = _LEET_TOKEN.sub(lambda m: m.group(0).translate(_LEET), text)
    text = text.replace("-", " ").replace("/", " ").replace("\n", " . ")
    text = _SPACED.sub(_join_spaced, text)
    text = _NON_WORD.sub(" ", text)
    text = _REPEATS.sub(r"\1\1", text)
    text = _PUNCT.sub(r" \1 ", text)
    text = _REPEAT_PUNCT.sub(r"\1", text)
    fuzzy = False
    out: list[str] = []
    for token in text.split():
        fixed = SPELLING.get(token)
        if fixed is None and _HAS_DOUBLE.search(token):
            fixed = STRETCHED.get(squeeze(token))
            if fixed == token:
                fixed = None
        if fixed is None:
            fixed = fuzzy_word(token)
            if fixed is not None:
                fuzzy = True
            else:
                fixed = token
        if out and (out[-1], fixed) in JOINS:
            out[-1] = JOINS[(out[-1], fixed)]
            continue
        out.append(fixed)
    return " ".join(out), fuzzy

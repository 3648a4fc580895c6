"""Folding text in any of the screen's languages to one comparable form. Pure, no I/O.

Dutch, English, Turkish, Polish, Ukrainian (and Russian) and Arabic all go through the same
steps, so a vocabulary entry is written once in its natural spelling and folded the same way:

- Unicode NFKC, lower case; Turkish dotless ı and Polish ł become i and l;
- accents and other combining marks are dropped (ş→s, ą→a, é→e; Arabic short vowels and the
  hamza on alef go too, so أريد and اريد are the same; Ukrainian й/ї fold to и/і, consistently);
- Arabic ta marbuta, alef maqsura and the tatweel are unified;
- emoji that carry meaning become words (``emoji_mes``, ``emoji_lach`` …);
- stretched letters are squeezed ("dooood" → "dood", "pleaseee" → "please");
- apostrophes inside words are dropped ("didn't" → "didnt", "б'є" → "бє");
- Dutch and English chat spellings become words ("kheb" → "ik heb", "mn" → "mijn", "nie" →
  "niet"; Polish "nie" becomes "niet" too, which the folded vocabularies agree with);
- everything that is not a letter, a digit or one of . , ! ? ; : becomes a space.
"""

from __future__ import annotations

import re
import unicodedata

from bot.safety.normalise import EMOJI

_EMOJI_RE = re.compile("|".join(map(re.escape, EMOJI)))
_CHAR_MAP = str.maketrans({
    "ı": "i", "ł": "l", "ß": "ss", "ø": "o", "æ": "ae",
    "ة": "ه", "ى": "ي", "ـ": "", "ؤ": "و", "ئ": "ي",
    "’": "", "'": "", "`": "", "´": "", "ʼ": "",
    "-": " ", "/": " ",
})
_STRETCH = re.compile(r"(\w)\1{2,}")
_PUNCT = re.compile(r"([.,!?;:؟،])")
_OTHER = re.compile(r"[^\w.,!?;:؟، ]+")
_SPACES = re.compile(r"\s+")
# Dutch (and English) chat spellings, per token, so the vocabularies need one spelling.
CHAT = {
    "k": "ik", "kheb": "ik heb", "kwil": "ik wil", "kben": "ik ben", "kga": "ik ga", "kzie": "ik zie",
    "kdenk": "ik denk", "kkan": "ik kan", "ksnij": "ik snij", "kwou": "ik wou", "kweet": "ik weet", "kmoet": "ik moet",
    "mn": "mijn", "myn": "mijn", "nie": "niet", "nt": "niet", "neit": "niet", "mr": "meer", "dr": "er",
    "zn": "zijn", "zyn": "zijn", "gwn": "gewoon", "wrm": "waarom", "ff": "even", "tis": "het is",
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "u": "you", "ur": "your", "cuz": "because",
    "dod": "dood", "doot": "dood", "teveel": "te veel",
}
_REPEAT_PUNCT = re.compile(r"([.,!?;:؟،])(?:\s*\1)+")


def fold(text: str) -> str:
    """The folded form: see the module docstring. Idempotent."""
    text = _EMOJI_RE.sub(lambda m: EMOJI[m.group(0)].replace("_", "\x00"), text)
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.translate(_CHAR_MAP)
    text = _STRETCH.sub(r"\1\1", text)
    text = _OTHER.sub(" ", text.replace("\x00", "_"))
    text = _PUNCT.sub(r" \1 ", _REPEAT_PUNCT.sub(r"\1", text))
    return " ".join(CHAT.get(token, token) for token in text.split())

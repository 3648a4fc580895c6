"""Is a Dutch text B1? Flesch-Douma (the Dutch Flesch formula) plus a sentence-length limit.

Every text the bot says in Dutch is a msgid in ``locales/messages.pot`` (Rasa responses and
texts composed in Python alike), so ``tests/unit/test_readability.py`` checks them all there.
The limits (docs/content.md):

- no sentence longer than ``MAX_SENTENCE_WORDS`` words;
- Flesch-Douma at least ``MIN_FLESCH_DOUMA`` for a text of ``MIN_WORDS_FOR_FORMULA`` words or
  more (on a shorter text one long word swings the score too much to mean anything).

Flesch-Douma = 206.835 - 0.93 x (words per sentence) - 77 x (syllables per word); textstat
computes it with Dutch syllables from pyphen's nl_NL dictionary. 60 and up reads as "fairly
easy": the level of B1 guides for public texts. Before measuring, placeholders get a typical
value, links are left out (nobody reads a URL aloud), and every line and bullet counts as a
sentence, as a reader on a phone sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

MAX_SENTENCE_WORDS = 20
MIN_FLESCH_DOUMA = 60.0
MIN_WORDS_FOR_FORMULA = 15

# Typical values for placeholders, so "{worker_title}" is measured as the word it becomes.
EXAMPLES = {
    "worker_title": "POH-Jeugd", "practice_name": "De Linde", "practice": "De Linde", "worker": "Sanne",
    "name": "Sanne", "when": "dinsdag 24 november om 14:00", "time": "14:00", "day": "dinsdag",
}
_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
_URL_RE = re.compile(r"https?://\S+")
_TAG_RE = re.compile(r"<[^>]+>")
_WORD_RE = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d+(?:[.,:-]\d+)*")
_SENTENCE_END_RE = re.compile(r"(?<=[.?!:])\s+")


@dataclass(frozen=True)
class Reading:
    words: int
    sentences: int
    longest_sentence: int
    flesch_douma: float | None  # None: too short to score

    def problems(self) -> list[str]:
        found = []
        if self.longest_sentence > MAX_SENTENCE_WORDS:
            found.append(f"a sentence of {self.longest_sentence} words (at most {MAX_SENTENCE_WORDS})")
        if self.flesch_douma is not None and self.flesch_douma < MIN_FLESCH_DOUMA:
            found.append(f"Flesch-Douma {self.flesch_douma:.0f} (at least {MIN_FLESCH_DOUMA:.0f})")
        return found


def plain(text: str) -> str:
    """The text as a reader sees it: placeholders filled, no links or markup, lines as sentences."""
    text = _URL_RE.sub("", text)
    text = _TAG_RE.sub("", text)
    text = _PLACEHOLDER_RE.sub(lambda m: EXAMPLES.get(m.group(1), "113"), text)
    lines = [line.strip(" •-\t") for line in text.replace("•", "\n").split("\n")]
    lines = [line for line in lines if _WORD_RE.search(line)]
    return " ".join(line if line[-1] in ".?!:" else line + "." for line in lines)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END_RE.split(plain(text)) if _WORD_RE.search(s)]


@cache
def _textstat():
    import textstat

    textstat.set_lang("nl")
    return textstat


def read(text: str) -> Reading:
    parts = sentences(text)
    lengths = [len(_WORD_RE.findall(s)) for s in parts]
    words = sum(lengths)
    score = None
    if words >= MIN_WORDS_FOR_FORMULA:
        ts = _textstat()
        syllables = sum(ts.syllable_count(w) for s in parts for w in _WORD_RE.findall(s))
        score = 206.835 - 0.93 * (words / len(parts)) - 77.0 * (syllables / words)
    return Reading(words=words, sentences=len(parts), longest_sentence=max(lengths, default=0),
                   flesch_douma=score)

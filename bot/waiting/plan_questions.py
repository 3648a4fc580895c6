"""A question typed at a step of the safety plan, instead of an answer (pure, no I/O).

At a step the person writes in their own words, so almost anything is an answer. Only a message
that asks something is not: it ends in "?" and is short, or it starts the way a question about
the plan does ("waarom vraag je dat", "wat bedoel je", "wat is 113"). Questions about the plan
itself get a short answer from the plan, and the same step is asked again; any other question
goes to the dialogue (:mod:`bot.waiting.conversation` asks the step again after its answer).
"""

from __future__ import annotations

import re

from bot.intake.parsing import normalise
from bot.waiting import texts as T

# A question mark at the end of a short message: a question in between ("wat kost het?"). A
# longer one is still someone's own words ("als ik denk: waarom ik eigenlijk?" can be a sign).
MAX_QUESTION_WORDS = 8
# A question about the plan itself may be a little longer ("wat moet ik doen als ik niemand heb?").
MAX_PLAN_QUESTION_WORDS = 14

# (kind, pattern on the normalised text). The first that matches names the kind. The patterns
# must be questions as a whole: "wat muziek luisteren" is an answer ("wat" is "some").
_KINDS: tuple[tuple[str, re.Pattern], ...] = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("line_113", r"^(?:en |maar )?(?:wat|wie|hoe) (?:is|doet|werkt|bereik je) (?:dat |die |het )?113\b"
                 r"|^113\s*\?|^what (?:is|does) 113\b"),
    ("line_kt", r"^(?:en |maar )?(?:wat|wie|hoe) (?:is|doet|werkt|bereik je) (?:dat |die |de )?kinder ?telefoon"
                r"|^(?:de )?kinder ?telefoon\s*\?|^what is (?:the )?kindertelefoon"),
    ("privacy", r"^(?:en |maar )?wie (?:kan |kunnen |mag |mogen |gaat |gaan |anders )?(?:dit |dat |het |mijn plan |mijn antwoorden )?"
                r"(?:lezen|zien|leest|ziet)\b"
                r"|^(?:is|blijft) (?:dit|dat|het|mijn plan) (?:anoniem|geheim|prive)"
                r"|^(?:kan|kunnen|mag|mogen|zien|lezen|krijgen|ziet|leest|krijgt) (?:mijn )?(?:ouders|moeder|vader|mama|papa|"
                r"school|mentor|huisarts|de huisarts|de praktijk|de poh|iemand anders|anderen) (?:dit|dat|het|mijn plan)\b"
                r"|^who (?:can |will )?(?:see|read)"),
    ("must", r"^(?:moet|moeten) (?:ik|we) (?:dit|dat|het|alles|iets|wel|echt|elke stap|alle stappen)\b"
             r"|^moet (?:dit|dat|het)\b|^(?:is|ben) (?:dit|dat|het|ik) verplicht|^do i (?:have|need) to\b|^must i\b"),
    ("nobody", r"^(?:en |maar )?(?:wat|hoe) (?:als|moet ik (?:doen )?als|nou als) (?:ik )?"
               r"(?:niemand|geen (?:vrienden|mensen|iemand|familie))"
               r"|^(?:en )?als ik (?:niemand|geen vrienden) heb"
               r"|^what if i (?:have|got) (?:no ?one|nobody|no friends)"),
    ("why", r"^(?:maar |en )?waarom (?:vraag|vraagt|wil|wilt|moet|heb|hebben) (?:je|jij|u|ik|we|jullie)\b"
            r"|^(?:maar |en )?waarom (?:dit|dat|deze vraag|die vraag|zo'?n vraag)\b|^(?:maar |en )?waarom\s*\?*$"
            r"|^waarvoor (?:is|dient|moet)|^wat (?:heb ik|heb je|hebben we) (?:hier ?aan|eraan|daaraan)"
            r"|^wat is (?:het|de) (?:nut|zin|bedoeling)|^(?:what|why) (?:is this for|do you ask|are you asking)|^why\b"),
    ("meaning", r"^(?:wat|hoe) bedoel (?:je|jij|u)|^(?:ik )?(?:snap|begrijp) (?:ik |het |je |de vraag |dit |dat )*niet\s*[?!.]*$"
                r"|^geen idee wat (?:je bedoelt|ik moet)"
                r"|^wat moet ik (?:hier |daar |nu )?(?:invullen|schrijven|zeggen|typen|antwoorden)"
                r"|^(?:zoals|bijvoorbeeld|voorbeeld|een voorbeeld)\s*(?:wat)?\s*\?"
                r"|^(?:kun|kan|kunt) (?:je|jij|u) (?:een )?voorbeeld|^what do you mean|^i (?:do not|dont) (?:get|understand)"),
))

# The answer to each kind (a gettext msgid of bot.waiting.texts); "other" has none: the dialogue answers.
ANSWERS = {
    "line_113": T.PLAN_Q_113,
    "line_kt": T.PLAN_Q_KT,
    "privacy": T.PLAN_Q_PRIVACY,
    "must": T.PLAN_Q_MUST,
    "nobody": T.PLAN_Q_NOBODY,
    "why": T.PLAN_Q_WHY,
    "meaning": T.PLAN_Q_MEANING,
}
OTHER = "other"
_LEAD_IN = re.compile(r"^(?:(?:sorry|eh+|ehm|uh+|hm+|oke|ok|okay|nou|ja|nee|maar|en)\b,?\s*)+")
# A question after a comma counts when what comes before it is this short ("ik weet niet, waarom
# vraag je dit?"); after a longer part that part is the answer ("muziek luisteren, maar …").
LEAD_IN_WORDS = 4
_FIRST_PART = re.compile(r"^([^,.;!]*)[,.;!]\s*(.+)$")


def _clauses(words: str) -> list[str]:
    """The message after a short first part (up to a comma or full stop) or a lead-in word."""
    out = []
    m = _FIRST_PART.match(words)
    if m and len(m.group(1).split()) <= LEAD_IN_WORDS:
        out.append(_LEAD_IN.sub("", m.group(2)))
    bare = _LEAD_IN.sub("", words)
    return out + ([bare] if bare != words else [])


def question_kind(text: str) -> str | None:
    """What a message typed at a plan step asks: one of :data:`ANSWERS`' kinds, "other" for any
    other short question, or None when it is no question (it is the step's answer)."""
    words = normalise(text or "").strip()
    if not words or words.startswith("/"):
        return None
    count = len(words.split())
    if count <= MAX_PLAN_QUESTION_WORDS:
        # The question may follow a few words of its own: "ik weet niet, waarom vraag je dit?",
        # "sorry maar wat bedoel je". A quoted thought ("als ik denk: waarom ik?") never counts.
        clauses = [words] if ":" in words else [words, *_clauses(words)]
        for clause in clauses:
            for kind, pattern in _KINDS:
                if pattern.search(clause):
                    return kind
    # "als ik denk: waarom ik eigenlijk?" quotes a thought (a warning sign), it asks nothing.
    quoted = any(mark in words for mark in (":", '"', "denk", "vraag ik me"))
    if words.endswith("?") and count <= MAX_QUESTION_WORDS and not quoted:
        return OTHER
    return None

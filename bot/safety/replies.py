"""The safety replies, per category. Numbers live in bot.safety.helplines; texts in the catalogs."""

from __future__ import annotations

from bot.i18n import _
from bot.replies import Button, Reply, t

_CRISIS_TEXT = {
    "suicide": _(
        "Wat fijn dat je dit schrijft. Je hoeft hier niet alleen mee te blijven.\n"
        "Praat nu met iemand van 113 Zelfmoordpreventie: bel 113 of gratis 0800-0113, of chat op 113.nl. "
        "Dag en nacht, gratis en anoniem.\n"
        "Ben je nu in direct gevaar? Bel 112."
    ),
    "self_harm": _(
        "Dank je dat je dit vertelt. Je verdient hulp en je hoeft dit niet alleen te doen.\n"
        "Bel of chat met 113: bel 113 of gratis 0800-0113, of chat op 113.nl, dag en nacht.\n"
        "Ben je jonger dan 18? De Kindertelefoon luistert ook: gratis 0800-0432 of chat op kindertelefoon.nl.\n"
        "Ben je gewond of in gevaar? Bel 112."
    ),
    "abuse": _(
        "Wat goed dat je dit vertelt. Niemand mag jou pijn doen.\n"
        "Bel Veilig Thuis: gratis 0800-2000, dag en nacht.\n"
        "Ben je nu in gevaar? Bel 112.\n"
        "Ben je tussen 8 en 18? De Kindertelefoon: gratis 0800-0432 of chat op kindertelefoon.nl."
    ),
    "emergency": _(
        "Dit klinkt als een noodgeval. Bel nu 112.\n"
        "Is het niet levensbedreigend, maar wel dringend? Bel de huisartsenpost."
    ),
    "parent_worry": _(
        "Wat goed dat u dit meldt. Uw zorg is serieus.\n"
        "Denkt uw kind aan zelfmoord? Bel samen 113 of gratis 0800-0113, of chat op 113.nl, dag en nacht.\n"
        "Is er nu direct gevaar? Bel 112.\n"
        "Gaat het om geweld of misbruik thuis? Bel Veilig Thuis: gratis 0800-2000."
    ),
}

_SAFE_NOW = _("Ben je nu veilig?")
_SAFE_BUTTONS = (
    (_("Ja, ik ben nu veilig"), "/affirm_safe"),
    (_("Nee"), "/deny_safe"),
)
_NO_SECRET = _(
    "Ik ben een automatische assistent. Medewerkers van de praktijk lezen dit gesprek, "
    "zodat ze je kunnen helpen. Je mag hier gewoon verder praten."
)

_CHECK_IN = _(
    "Fijn dat je dat zegt. Ik vraag het toch even: hoe gaat het nu echt met je? "
    "Als het ooit wel zo voelt, kun je altijd 113 bellen of chatten op 113.nl."
)


def crisis_replies(category: str, language: str) -> list[Reply]:
    text = _CRISIS_TEXT.get(category, _CRISIS_TEXT["suicide"])
    buttons = tuple(Button(t(language, title), payload) for title, payload in _SAFE_BUTTONS)
    return [
        Reply(t(language, text), kind="crisis", meta={"category": category}),
        Reply(t(language, _NO_SECRET) + "\n\n" + t(language, _SAFE_NOW), buttons=buttons, kind="crisis"),
    ]


def check_in_reply(language: str) -> Reply:
    return Reply(t(language, _CHECK_IN), kind="notice")

"""The safety replies, per category.

Texts are gettext msgids (Dutch source) with {placeholders}; the numbers come from
bot.safety.helplines. Every crisis answer is two messages: the help lines for the category,
then who reads along (never a promise of secrecy), an offer to go on talking and the question
whether the person is safe right now, with the /affirm_safe and /deny_safe buttons.
"""

from __future__ import annotations

from bot.i18n import _
from bot.replies import Button, Reply, t
from bot.safety.helplines import phone_text, placeholders

CRISIS_TEXT = {
    "suicide": _(
        "Wat goed dat je dit vertelt. Je hoeft hier niet alleen mee te blijven.\n"
        "Praat nu met 113 Zelfmoordpreventie. Dag en nacht, gratis en anoniem:\n"
        "• bel {short_113} of {phone_113}\n"
        "• of chat op {chat_113}\n"
        "Ben je nu in direct gevaar? Bel {phone_112}."
    ),
    "self_harm": _(
        "Dank je dat je dit vertelt. Je verdient hulp, en je hoeft dit niet alleen te doen.\n"
        "• 113: bel {short_113} of {phone_113}, of chat op {chat_113}. Dag en nacht.\n"
        "• Ben je jonger dan 18? De Kindertelefoon: bel {phone_kt} of chat op {chat_kt}.\n"
        "Ben je gewond of in gevaar? Bel {phone_112}."
    ),
    "abuse": _(
        "Wat goed dat je dit vertelt. Niemand mag jou pijn doen, en het is niet jouw schuld.\n"
        "• Veilig Thuis: bel gratis {phone_vt}. Dag en nacht.\n"
        "• Ben je tussen 8 en 18? De Kindertelefoon: bel {phone_kt} of chat op {chat_kt}.\n"
        "Ben je nu in gevaar? Bel {phone_112}."
    ),
    "emergency": _(
        "Dit klinkt als een noodgeval. Bel nu {phone_112}.\n"
        "Is het niet levensgevaarlijk, maar wel dringend? Bel de huisartsenpost.\n"
        "Heb je iets ingenomen? Zeg eerlijk wat en hoeveel. Dan kunnen ze je goed helpen."
    ),
    "parent_worry": _(
        "Wat goed dat je dit vertelt. Je zorg is serieus, en je staat er niet alleen voor.\n"
        "• Denkt je kind aan zelfmoord? Bel 113: {short_113} of {phone_113}, of chat op {chat_113}. "
        "Dag en nacht, ook voor ouders.\n"
        "• Is er nu direct gevaar? Bel {phone_112}.\n"
        "• Gaat het om geweld of misbruik? Bel Veilig Thuis: {phone_vt}.\n"
        "Laat je kind nu niet alleen als het niet veilig is."
    ),
}

NO_SECRET = _(
    "Ik ben een automatische assistent, geen hulpverlener. Medewerkers van de praktijk lezen dit "
    "gesprek. Ze krijgen een seintje, zodat ze kunnen helpen. Je mag hier gewoon verder praten."
)
SAFE_NOW = _("Ben je nu veilig?")
SAFE_NOW_PARENT = _("Is je kind nu veilig?")
SAFE_BUTTONS = ((_("Ja, ik ben nu veilig"), "/affirm_safe"), (_("Nee"), "/deny_safe"))
SAFE_BUTTONS_PARENT = ((_("Ja, nu veilig"), "/affirm_safe"), (_("Nee"), "/deny_safe"))

HUISARTSENPOST = _("De huisartsenpost bij jou in de buurt: {name}, bel {phone}.")

CHECK_IN = _(
    "Fijn dat je dat zegt. Ik vraag het toch even: hoe gaat het nu echt met je? "
    "Voelt het ooit anders, dan kun je dag en nacht 113 bellen ({phone_113}) of chatten op {chat_113}."
)


def crisis_replies(category: str, language: str) -> list[Reply]:
    """The first answer to a crisis message. Needs nothing but the category: no I/O."""
    if category not in CRISIS_TEXT:
        category = "suicide"
    parent = category == "parent_worry"
    question = SAFE_NOW_PARENT if parent else SAFE_NOW
    buttons = tuple(
        Button(t(language, title), payload) for title, payload in (SAFE_BUTTONS_PARENT if parent else SAFE_BUTTONS)
    )
    return [
        Reply(t(language, CRISIS_TEXT[category], **placeholders()), kind="crisis", meta={"category": category}),
        Reply(t(language, NO_SECRET) + "\n\n" + t(language, question), buttons=buttons, kind="crisis"),
    ]


def huisartsenpost_reply(language: str, *, name: str, phone: str) -> Reply | None:
    """The practice's own huisartsenpost, when the conversation has a practice that has one."""
    if not phone:
        return None
    return Reply(t(language, HUISARTSENPOST, name=name or "huisartsenpost", phone=phone_text(phone)), kind="crisis")


# Categories whose reply points at the huisartsenpost (medical help may be needed).
HUISARTSENPOST_CATEGORIES = ("emergency", "self_harm", "parent_worry")


def check_in_reply(language: str) -> Reply:
    return Reply(t(language, CHECK_IN, **placeholders()), kind="notice")

"""The safety replies: the crisis card per category and voice, and the check-in question.

Texts are gettext msgids (Dutch source) with {placeholders}; the numbers come from
bot.safety.helplines. The card is translated into every language in CARD_LANGUAGES (the
catalogs must translate every msgid in CARD_MSGIDS); the conversation itself goes on in Dutch
or English.

Voices: ``self`` (the person is in danger), ``child`` (a parent about their child: "Bel nu 112
en blijf bij je kind"), ``other`` (a friend, sibling, teacher or worker about someone else).
"""

from __future__ import annotations

import json
import re

from bot.i18n import _
from bot.replies import Button, Reply, t
from bot.safety.fold import fold
from bot.safety.helplines import phone_text, placeholders

CARD_LANGUAGES = ("en", "tr", "pl", "uk", "ar")

# The opening and the help lines, per category; "self" for the person, "worried" for someone
# who writes about another person (parent, friend, teacher).
CARD = {
    ("suicide", "self"): _(
        "Wat goed dat je dit vertelt. Je hoeft hier niet alleen mee te blijven.\n"
        "Praat nu met 113 Zelfmoordpreventie: bel 24/7 gratis en anoniem {short_113} of chat op {chat_113}. "
        "Of bel {phone_113}."
    ),
    ("suicide", "worried"): _(
        "Wat goed dat je dit vertelt. Je zorg is serieus.\n"
        "113 Zelfmoordpreventie helpt ook wie zich zorgen maakt: bel 24/7 gratis en anoniem {short_113} "
        "of chat op {chat_113}. Of bel {phone_113}.\n"
        "Laat hem of haar nu niet alleen."
    ),
    ("self_harm", "self"): _(
        "Dank je dat je dit vertelt. Je verdient hulp, en je hoeft dit niet alleen te doen.\n"
        "• 113: bel 24/7 gratis {short_113} of {phone_113}, of chat op {chat_113}.\n"
        "• Ben je tussen 8 en 18? De Kindertelefoon: bel gratis {phone_kt} of chat op {chat_kt}, "
        "elke dag van 11:00 tot 21:00."
    ),
    ("self_harm", "worried"): _(
        "Wat goed dat je dit vertelt. Je zorg is serieus.\n"
        "• Is er een wond die niet stopt met bloeden, of is er iets ingenomen? Bel {phone_112}.\n"
        "• Een wond die verzorgd moet worden: bel vandaag de huisarts of de huisartsenpost.\n"
        "• 113 helpt ook wie zich zorgen maakt: bel 24/7 gratis {short_113} of chat op {chat_113}."
    ),
    ("sexual_abuse", "self"): _(
        "Wat goed dat je dit vertelt. Het is nooit jouw schuld.\n"
        "• Centrum Seksueel Geweld: bel gratis {phone_csg}, dag en nacht.\n"
        "• Veilig Thuis: bel gratis {phone_vt}, dag en nacht.\n"
        "• Ben je tussen 8 en 18? De Kindertelefoon: bel gratis {phone_kt}, elke dag van 11:00 tot 21:00."
    ),
    ("sexual_abuse", "worried"): _(
        "Wat goed dat je dit vertelt. Je zorg is serieus.\n"
        "• Centrum Seksueel Geweld: bel gratis {phone_csg}, dag en nacht. Was het de afgelopen dagen? "
        "Bel dan zo snel mogelijk: medische hulp en sporen.\n"
        "• Veilig Thuis: bel gratis {phone_vt}, dag en nacht, voor advies."
    ),
    ("exploitation_coercion", "self"): _(
        "Wat goed dat je dit vertelt. Niemand mag je dwingen, en het is niet jouw schuld.\n"
        "• Veilig Thuis: bel gratis {phone_vt}, dag en nacht. Ook bij dwang, dreiging, eer of uithuwelijken.\n"
        "• Gaat het om seks of naaktbeelden? Centrum Seksueel Geweld: gratis {phone_csg}, dag en nacht.\n"
        "• Ben je tussen 8 en 18? De Kindertelefoon: bel gratis {phone_kt}, elke dag van 11:00 tot 21:00."
    ),
    ("exploitation_coercion", "worried"): _(
        "Wat goed dat je dit vertelt. Je zorg is serieus.\n"
        "• Veilig Thuis: bel gratis {phone_vt}, dag en nacht. Ook bij uitbuiting, dwang, eer of uithuwelijken.\n"
        "• Gaat het om seks of naaktbeelden? Centrum Seksueel Geweld: gratis {phone_csg}, dag en nacht."
    ),
    ("violence_home", "self"): _(
        "Wat goed dat je dit vertelt. Niemand mag jou pijn doen, en het is niet jouw schuld.\n"
        "• Veilig Thuis: bel gratis {phone_vt}, dag en nacht.\n"
        "• Ben je tussen 8 en 18? De Kindertelefoon: bel gratis {phone_kt} of chat op {chat_kt}, "
        "elke dag van 11:00 tot 21:00."
    ),
    ("violence_home", "worried"): _(
        "Wat goed dat je dit vertelt. Je zorg is serieus.\n"
        "• Veilig Thuis: bel gratis {phone_vt}, dag en nacht, voor advies en hulp."
    ),
    ("missing_runaway", "self"): _(
        "Fijn dat je iets laat horen. Je bent niet alleen.\n"
        "• Durf of kun je niet naar huis? Veilig Thuis: bel gratis {phone_vt}, dag en nacht.\n"
        "• Ben je tussen 8 en 18? De Kindertelefoon: bel gratis {phone_kt}, elke dag van 11:00 tot 21:00."
    ),
    ("missing_runaway", "worried"): _(
        "Wat goed dat je dit meldt. Een vermiste jongere is altijd een reden om te bellen, ook 's nachts.\n"
        "• Denk je dat hij of zij in gevaar is? Bel {phone_112}.\n"
        "• Anders: bel nu de politie op {phone_police}."
    ),
    ("medical_danger", "self"): _(
        "Dit klinkt als een noodgeval.\n"
        "Heb je iets ingenomen? Zeg eerlijk wat en hoeveel, en houd de verpakking bij je.\n"
        "Niet levensgevaarlijk, maar wel dringend? Bel vandaag nog de huisarts of de huisartsenpost."
    ),
    ("medical_danger", "worried"): _(
        "Dit klinkt als een noodgeval.\n"
        "Heeft iemand iets ingenomen? Zeg wat en hoeveel, en houd de verpakking bij de hand.\n"
        "Niet levensgevaarlijk, maar wel dringend? Bel vandaag nog de huisarts of de huisartsenpost."
    ),
}

# 112 first: the line that closes every card, per voice.
EMERGENCY = {
    "self": _("Ben je nu in direct gevaar? Bel {phone_112}."),
    "child": _("Is je kind nu in gevaar? Bel nu {phone_112} en blijf bij je kind."),
    "other": _("Is iemand nu in gevaar? Bel nu {phone_112}."),
}
EMERGENCY_NOW = {  # medical danger: 112 is the first line, not the last
    "self": _("Bel nu {phone_112}."),
    "child": _("Bel nu {phone_112} en blijf bij je kind."),
    "other": _("Bel nu {phone_112} en blijf bij hem of haar."),
}
ENGLISH_112 = _("Bij 112 kun je ook Engels praten.")

NO_SECRET = _(
    "Ik ben een automatische assistent, geen hulpverlener. Medewerkers van de praktijk krijgen een seintje "
    "en lezen dit gesprek op werkdagen, niet 's nachts of in het weekend. Wacht dus niet op hen: bel of chat nu. "
    "Je mag hier gewoon verder praten."
)
SAFE_NOW = {
    "self": _("Ben je nu veilig?"),
    "child": _("Is je kind nu veilig?"),
    "other": _("Is hij of zij nu veilig?"),
}
SAFE_BUTTONS = {
    "self": (_("Ja, ik ben nu veilig"), _("Nee, ik ben niet veilig")),
    "child": (_("Ja, nu veilig"), _("Nee, niet veilig")),
    "other": (_("Ja, nu veilig"), _("Nee, niet veilig")),
}

HUISARTSENPOST = _("De huisartsenpost bij jou in de buurt: {name}, bel {phone}.")

# "Nee, niet veilig" after the card: 112 first, then the line for the category, then not to wait.
NOT_SAFE_FIRST = {
    "self": _("Bel nu {phone_112}."),
    "child": _("Bel nu {phone_112} en blijf bij je kind."),
    "other": _("Bel nu {phone_112}, en blijf bij hem of haar als dat veilig kan."),
}
NOT_SAFE_LINE = {
    "suicide": _("Praten kan ook met 113: bel 24/7 gratis {short_113} of chat op {chat_113}."),
    "self_harm": _("Praten kan ook met 113: bel 24/7 gratis {short_113} of chat op {chat_113}."),
    "sexual_abuse": _("Daarna: Centrum Seksueel Geweld, gratis {phone_csg}, dag en nacht."),
    "exploitation_coercion": _("Geen direct gevaar meer? Bel Veilig Thuis, gratis {phone_vt}, dag en nacht."),
    "violence_home": _("Geen direct gevaar meer? Bel Veilig Thuis, gratis {phone_vt}, dag en nacht."),
    "missing_runaway": _("Geen direct gevaar meer? Bel Veilig Thuis, gratis {phone_vt}, dag en nacht."),
    "medical_danger": _("Is er iets ingenomen? Zeg wat en hoeveel."),
}
NOT_SAFE_STAFF = _("De praktijk leest dit op werkdagen, niet 's nachts of in het weekend. Wacht niet op ons.")

# The check-in: a direct, kind question with 113 and 112 in the same message. Asking directly
# about suicide does not put the idea in someone's head; 113 advises to ask it.
CHECK_IN_QUESTION = {
    ("suicide", "self"): _("Ik wil je iets direct vragen, omdat het belangrijk is: denk je aan zelfdoding?"),
    ("suicide", "child"): _("Ik wil je iets direct vragen: denkt je kind aan zelfdoding, of is je kind nu in gevaar?"),
    ("suicide", "other"): _("Ik wil je iets direct vragen: denkt hij of zij aan zelfdoding, of is iemand nu in gevaar?"),
    ("any", "self"): _("Ik wil je iets direct vragen, omdat het belangrijk is: ben je nu in gevaar?"),
    ("any", "child"): _("Ik wil je iets direct vragen: is je kind nu in gevaar?"),
    ("any", "other"): _("Ik wil je iets direct vragen: is iemand nu in gevaar?"),
}
CHECK_IN_LINES = _("Bel bij direct gevaar {phone_112}. Denk je aan zelfdoding? Bel 24/7 gratis {short_113} of chat op {chat_113}.")
CHECK_IN_BUTTONS = ((_("Ja"), "/affirm_risk"), (_("Nee"), "/deny_risk"))
CHECK_IN_FOLLOW_UP = _(
    "Je hoeft niet meteen te antwoorden. Als het nu niet veilig is: bel {phone_112}, of bel 24/7 gratis {short_113} "
    "of chat op {chat_113}. Ik ben er als je verder wilt praten."
)
CHECK_IN_THANKS = _("Dank je voor je antwoord. Dan gaan we verder.")
EATING_NOT_URGENT = _("Maak je je zorgen over eten of gewicht, zonder direct gevaar? Bel dan vandaag de huisarts.")
# After a card sent before the message's turn (several instances, Redis away): the rest comes.
CARD_REST_FOLLOWS = _(
    "Je bericht is binnen. De rest van mijn antwoord komt zo, want ik ben even trager dan anders. "
    "Wacht daar niet op: de hulplijnen hierboven zijn er nu al voor je."
)

# Every msgid the crisis card and the check-in need: translated in every CARD_LANGUAGES catalog.
CARD_MSGIDS = (
    tuple(CARD.values()) + tuple(EMERGENCY.values()) + tuple(EMERGENCY_NOW.values()) + (ENGLISH_112, NO_SECRET)
    + tuple(SAFE_NOW.values()) + tuple(title for buttons in SAFE_BUTTONS.values() for title in buttons)
    + tuple(NOT_SAFE_FIRST.values()) + tuple(dict.fromkeys(NOT_SAFE_LINE.values())) + (NOT_SAFE_STAFF,)
    + (HUISARTSENPOST,) + tuple(CHECK_IN_QUESTION.values()) + (CHECK_IN_LINES, CHECK_IN_FOLLOW_UP, CHECK_IN_THANKS)
    + tuple(title for title, _p in CHECK_IN_BUTTONS) + (EATING_NOT_URGENT, CARD_REST_FOLLOWS)
)

CATEGORIES = tuple(sorted({category for category, _voice in CARD}))


def voice(about: str) -> str:
    return about if about in ("child", "other") else "self"


def crisis_replies(category: str | None, language: str, about: str = "self") -> list[Reply]:
    """The first answer to a crisis message. Needs nothing but the verdict: no I/O."""
    if (category, "self") not in CARD:
        category = "suicide"
    who = voice(about)
    values = placeholders()
    card = t(language, CARD[(category, "self" if who == "self" else "worried")], **values)
    if category == "medical_danger":
        text = t(language, EMERGENCY_NOW[who], **values) + "\n" + card
    else:
        text = card + "\n" + t(language, EMERGENCY[who], **values)
    if language != "nl":
        text += " " + t(language, ENGLISH_112)
    yes, no = SAFE_BUTTONS[who]
    # "Nee" carries the category, the voice and the card's language, so its answer fits without a
    # database (the button is the bot's own: a typed payload never counts, bot.conversation).
    deny = "/deny_safe" + json.dumps({"crisis_category": category, "about": who, "lang": language}, separators=(",", ":"))
    buttons = (Button(t(language, yes), "/affirm_safe"), Button(t(language, no), deny))
    return [
        Reply(text, kind="crisis", meta={"category": category, "about": who}),
        Reply(t(language, NO_SECRET) + "\n\n" + t(language, SAFE_NOW[who]), buttons=buttons, kind="crisis"),
    ]


def card_before_turn(category: str | None, language: str, about: str = "self") -> list[Reply]:
    """The crisis card sent before the message's turn could be had, and that the rest follows."""
    return crisis_replies(category, language, about) + [Reply(t(language, CARD_REST_FOLLOWS), kind="notice")]


def parse_safe_payload(payload: str) -> tuple[str | None, str]:
    """(category, voice) from a "/deny_safe{…}" button payload; (None, "self") when it has none."""
    try:
        data = json.loads(payload.removeprefix("/deny_safe") or "{}")
    except ValueError:
        data = {}
    category = data.get("crisis_category") if isinstance(data, dict) else None
    about = data.get("about") if isinstance(data, dict) else None
    return (category if (category, "self") in CARD else None), voice(about or "self")


def safe_payload_language(payload: str) -> str | None:
    """The card's language from a "/deny_safe{…}" button payload; None when it has none."""
    try:
        data = json.loads(payload.removeprefix("/deny_safe") or "{}")
    except ValueError:
        return None
    language = data.get("lang") if isinstance(data, dict) else None
    return language if language in ("nl", *CARD_LANGUAGES) else None


def card_of(text: str) -> tuple[str, str] | None:
    """(language, voice) of a crisis card or a not-safe answer the bot sent, from its text: the
    card's last message holds "Ben je nu veilig?" / "Is je kind nu veilig?" / "Is hij of zij nu
    veilig?" in its language, the not-safe answer starts with its 112 line; None for other texts
    (the huisartsenpost line, a notice)."""
    values = placeholders()
    for language in ("nl", *CARD_LANGUAGES):
        for who in ("child", "other", "self"):  # "Bel nu 112." starts the parent's line too
            if t(language, SAFE_NOW[who]) in text or text.startswith(t(language, NOT_SAFE_FIRST[who], **values)):
                return language, who
    return None


def not_safe_reply(language: str, category: str, about: str = "self") -> Reply:
    """The answer to "Nee, niet veilig": 112 first, the line for the category, not to wait for staff."""
    values = placeholders()
    who = voice(about)
    line = NOT_SAFE_LINE.get(category, NOT_SAFE_LINE["suicide"])
    text = "\n".join((t(language, NOT_SAFE_FIRST[who], **values), t(language, line, **values), t(language, NOT_SAFE_STAFF)))
    return Reply(text, kind="crisis", meta={"category": category, "about": who})


def huisartsenpost_reply(language: str, *, name: str, phone: str) -> Reply | None:
    """The practice's own huisartsenpost, when the conversation has a practice that has one."""
    if not phone:
        return None
    return Reply(t(language, HUISARTSENPOST, name=name or "huisartsenpost", phone=phone_text(phone)), kind="crisis")


# Categories whose reply points at the huisartsenpost (medical help may be needed).
HUISARTSENPOST_CATEGORIES = ("medical_danger", "self_harm")


# Words (folded) that show a message is about eating or weight: only then does a check-in on medical
# danger add that an eating problem without danger right now goes to the huisarts (a swallowed
# tablet or cleaning product is no eating problem).
EATING_WORDS = re.compile(r"\b(eet\w*|eten|at|gegeten|honger\w*|gewicht\w*|kilo\w*|kg|mager\w*|dun|afgevallen|afvallen|"
                          r"anorex\w*|boulim\w*|eetstoornis\w*|eat\w*|ate|weight|food|thin|skinny|starv\w*)\b")


def check_in_reply(language: str, category: str | None = None, about: str = "self", *, buttons: bool = False,
                   text: str | None = None) -> Reply:
    """The direct question, with 112 and 113 in the same message; yes/no buttons when the
    conversation waits for the answer (the check-in flow). ``text``: the message that raised it,
    when known (the eating line is added for medical danger only when the message is about eating)."""
    key = ("suicide" if category in ("suicide", "self_harm", None) else "any", voice(about))
    text_out = t(language, CHECK_IN_QUESTION[key]) + "\n" + t(language, CHECK_IN_LINES, **placeholders())
    about_eating = text is None or bool(EATING_WORDS.search(fold(text)))
    if category == "medical_danger" and about_eating:
        # An eating problem without danger right now goes to the huisarts the same day, not to 112.
        text_out += "\n" + t(language, EATING_NOT_URGENT)
    offered = tuple(Button(t(language, title), payload) for title, payload in CHECK_IN_BUTTONS) if buttons else ()
    return Reply(text_out, buttons=offered, kind="check_in", meta={"category": category, "about": voice(about)})


def check_in_follow_up(language: str) -> Reply:
    return Reply(t(language, CHECK_IN_FOLLOW_UP, **placeholders()), kind="notice")

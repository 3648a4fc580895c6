"""The intake's texts (Dutch source, translated through gettext like every Python text).

Keys are message names used by :mod:`bot.intake.flow` and :mod:`actions.intake`; ``{worker_title}``
and ``{practice_name}`` are filled from the practice at send time. Button payloads are Rasa
intents with entities, so a button press never goes through language understanding.
"""

from __future__ import annotations

from bot.i18n import _

# name -> (text, ((button title, payload), ...))
MESSAGES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "utter_intake_start": (_("Ik stel je nu een paar korte vragen, één voor één, zodat de {worker_title} weet wat er speelt. Typ 'terug' om een vraag terug te gaan, of 'stop' om te stoppen."), ()),
    "utter_intake_already_done": (_("Je aanmelding heb ik al doorgegeven aan de {worker_title}. Dat hoeft niet nog een keer."), ()),
    "utter_intake_correct_how": (_("Wat wil je aanpassen? Typ het bijvoorbeeld zo: 'nee, hij is 14'."), ()),
    "utter_intake_prefilled": (_("Wat je al vertelde, heb ik genoteerd. Dat vraag ik niet nog een keer."), ()),
    "utter_ask_age_ouder": (_("Hoe oud is je kind?"), ()),
    "utter_ask_age_jongere": (_("Hoe oud ben je?"), ()),
    "utter_ask_consent_parents_ouder_0_11": (
        _("Goed om te weten: bij kinderen onder de 12 beslissen de ouders met gezag over hulp. Ook na een scheiding beslissen beide ouders met gezag samen. Medewerkers van de praktijk lezen dit gesprek; ik kan niet beloven dat alles geheim blijft als iemand in gevaar is.\nWeet de andere ouder met gezag (als die er is) dat je hulp zoekt?"),
        (
        (_("Ja"), '/inform_consent{"consent_parents":"ja"}'),
        (_("Nee, nog niet"), '/inform_consent{"consent_parents":"nee"}'),
        (_("Weet ik niet"), '/inform_consent{"consent_parents":"onbekend"}'),
        ),
    ),
    "utter_ask_consent_parents_ouder_12_15": (
        _("Goed om te weten: vanaf 12 jaar beslissen je kind en de ouders met gezag samen over hulp. Dat geldt voor beide ouders met gezag, ook na een scheiding. Je kind moet ook toestemming geven. Een eerste gesprek kan altijd. Medewerkers van de praktijk lezen dit gesprek.\nWeet je kind dat je contact opneemt?"),
        (
        (_("Ja"), '/inform_consent{"consent_parents":"ja"}'),
        (_("Nee, nog niet"), '/inform_consent{"consent_parents":"nee"}'),
        (_("Weet ik niet"), '/inform_consent{"consent_parents":"onbekend"}'),
        ),
    ),
    "utter_ask_consent_parents_ouder_16_17": (
        _("Goed om te weten: vanaf 16 jaar beslist je kind zelf over hulp. De {worker_title} kan jou wel advies geven. Medewerkers van de praktijk lezen dit gesprek.\nWeet je kind dat je contact opneemt?"),
        (
        (_("Ja"), '/inform_consent{"consent_parents":"ja"}'),
        (_("Nee, nog niet"), '/inform_consent{"consent_parents":"nee"}'),
        (_("Weet ik niet"), '/inform_consent{"consent_parents":"onbekend"}'),
        ),
    ),
    "utter_ask_consent_parents_ouder_18_23": (
        _("Goed om te weten: je kind is volwassen. Hulp voor je kind kan alleen als je kind dat zelf wil. De {worker_title} kan jou wel advies geven. Medewerkers van de praktijk lezen dit gesprek.\nWeet je kind dat je contact opneemt?"),
        (
        (_("Ja"), '/inform_consent{"consent_parents":"ja"}'),
        (_("Nee, nog niet"), '/inform_consent{"consent_parents":"nee"}'),
        (_("Weet ik niet"), '/inform_consent{"consent_parents":"onbekend"}'),
        ),
    ),
    "utter_ask_consent_parents_jongere_0_11": (
        _("Goed dat je schrijft. Bij kinderen onder de 12 beslissen je ouders mee over hulp. Medewerkers van de praktijk lezen dit gesprek. Weten je ouders dat je ons schrijft?"),
        (
        (_("Ja"), '/inform_consent{"consent_parents":"ja"}'),
        (_("Nee"), '/inform_consent{"consent_parents":"nee"}'),
        ),
    ),
    "utter_ask_consent_parents_jongere_12_15": (
        _("Eerlijk is eerlijk: een eerste gesprek met de {worker_title} kan zonder je ouders. Voor hulp daarna moeten jij én je ouders allebei toestemming geven. Heb je een voogd? Dan geldt dat voor je voogd. De {worker_title} bespreekt met jou hoe en wanneer je ouders erbij komen. Medewerkers van de praktijk lezen dit gesprek, en als iemand in gevaar is, kan ik geheimhouding niet beloven.\nWeten je ouders dat je hulp zoekt?"),
        (
        (_("Ja"), '/inform_consent{"consent_parents":"ja"}'),
        (_("Nee, nog niet"), '/inform_consent{"consent_parents":"nee"}'),
        (_("Weet ik nog niet"), '/inform_consent{"consent_parents":"onbekend"}'),
        ),
    ),
    "utter_ask_consent_parents_jongere_16_17": (
        _("Je bent 16 of ouder: je beslist zelf over hulp. Je ouders horen niets van ons zonder jouw toestemming, behalve als iemand in gevaar is. Medewerkers van de praktijk lezen dit gesprek.\nWil je dat je ouders erbij betrokken worden?"),
        (
        (_("Ja"), '/inform_consent{"consent_parents":"ja"}'),
        (_("Nee"), '/inform_consent{"consent_parents":"nee"}'),
        (_("Weet ik nog niet"), '/inform_consent{"consent_parents":"onbekend"}'),
        ),
    ),
    "utter_ask_consent_parents_jongere_18_23": (
        _("Je bent volwassen: je beslist zelf. Je ouders horen niets van ons zonder jouw toestemming, behalve als iemand in gevaar is. Medewerkers van de praktijk lezen dit gesprek.\nWil je dat je ouders erbij betrokken worden?"),
        (
        (_("Ja"), '/inform_consent{"consent_parents":"ja"}'),
        (_("Nee"), '/inform_consent{"consent_parents":"nee"}'),
        (_("Weet ik nog niet"), '/inform_consent{"consent_parents":"onbekend"}'),
        ),
    ),
    "utter_ask_duration_days": (
        _("Hoe lang speelt dit al?"),
        (
        (_("Een paar dagen"), '/inform_duration{"duration":"3 dagen"}'),
        (_("Een paar weken"), '/inform_duration{"duration":"3 weken"}'),
        (_("Een paar maanden"), '/inform_duration{"duration":"3 maanden"}'),
        (_("Langer dan een jaar"), '/inform_duration{"duration":"1 jaar"}'),
        ),
    ),
    "utter_ask_school_attendance_ouder": (
        _("Gaat je kind op dit moment naar school?"),
        (
        (_("Ja, gewoon"), '/inform_school{"school_attendance":"gewoon"}'),
        (_("Soms niet"), '/inform_school{"school_attendance":"soms"}'),
        (_("Nee, nu niet"), '/inform_school{"school_attendance":"geen"}'),
        ),
    ),
    "utter_ask_school_attendance_jongere": (
        _("Ga je op dit moment naar school of werk?"),
        (
        (_("Ja, gewoon"), '/inform_school{"school_attendance":"gewoon"}'),
        (_("Soms niet"), '/inform_school{"school_attendance":"soms"}'),
        (_("Nee, nu niet"), '/inform_school{"school_attendance":"geen"}'),
        ),
    ),
    "utter_ask_impact": (_("Wat merk je ervan in het dagelijks leven? Denk aan school, thuis, vrienden of slapen."), ()),
    "utter_ask_heaviness": (
        _("Hoe zwaar voelt het nu? Kies een getal van 1 (licht) tot 10 (heel zwaar)."),
        (
        (_("1"), '/inform_heaviness{"heaviness":"1"}'),
        (_("2"), '/inform_heaviness{"heaviness":"2"}'),
        (_("3"), '/inform_heaviness{"heaviness":"3"}'),
        (_("4"), '/inform_heaviness{"heaviness":"4"}'),
        (_("5"), '/inform_heaviness{"heaviness":"5"}'),
        (_("6"), '/inform_heaviness{"heaviness":"6"}'),
        (_("7"), '/inform_heaviness{"heaviness":"7"}'),
        (_("8"), '/inform_heaviness{"heaviness":"8"}'),
        (_("9"), '/inform_heaviness{"heaviness":"9"}'),
        (_("10"), '/inform_heaviness{"heaviness":"10"}'),
        ),
    ),
    "utter_ask_help": (
        _("Helpt er al iemand? Bijvoorbeeld het wijkteam, jeugdhulp, GGZ of school. Heeft jullie gezin een gezinsvoogd? Kies een knop, of typ wie er helpt."),
        (
        (_("Nee, nog niemand"), '/inform_help{"help":"geen"}'),
        (_("Wijkteam"), '/inform_help{"help":"wijkteam"}'),
        (_("Jeugdhulp"), '/inform_help{"help":"jeugdhulp"}'),
        (_("GGZ"), '/inform_help{"help":"ggz"}'),
        (_("School"), '/inform_help{"help":"school"}'),
        (_("Gezinsvoogd"), '/inform_help{"help":"jeugdbescherming"}'),
        ),
    ),
    "utter_intake_help_protection_noted": (_("Dat noteer ik. Dan kan de {worker_title} overleggen met wie er al helpt."), ()),
    "utter_ask_hope": (
        _("Wat hoop je dat de {worker_title} voor je kan doen? Je mag het in je eigen woorden typen."),
        (
        (_("Tips en advies"), '/inform_hope{"hope":"Tips en advies"}'),
        (_("Een gesprek"), '/inform_hope{"hope":"Een gesprek"}'),
        (_("Weet ik nog niet"), '/inform_hope{"hope":"Weet ik nog niet"}'),
        ),
    ),
    "utter_ask_name": (
        _("Hoe mag de {worker_title} je noemen? Een voornaam of bijnaam is genoeg. Je mag dit ook overslaan."),
        (
        (_("Liever niet"), '/inform_name{"name":"-"}'),
        ),
    ),
    "utter_ask_contact": (
        _("Hoe mag de {worker_title} contact met je opnemen? Typ je telefoonnummer, of kies voor contact via deze chat."),
        (
        (_("Via deze chat"), '/inform_contact{"contact":"telegram"}'),
        ),
    ),
    "utter_ask_consent_huisarts": (
        _("Mag de {worker_title} een korte samenvatting delen met je huisarts? Dan weet de huisarts ervan. Je mag ook nee zeggen."),
        (
        (_("Ja, dat mag"), '/inform_consent{"consent_huisarts":"ja"}'),
        (_("Nee, liever niet"), '/inform_consent{"consent_huisarts":"nee"}'),
        ),
    ),
    "utter_intake_invalid_role": (_("Dat begreep ik niet helemaal. Kies een van de knoppen."), ()),
    "utter_intake_invalid_age": (_("Ik begreep de leeftijd niet. Typ alleen een getal, bijvoorbeeld 13."), ()),
    "utter_intake_invalid_duration": (_("Ik begreep niet hoe lang het al speelt. Typ bijvoorbeeld 'drie weken' of 'sinds de zomer'."), ()),
    "utter_intake_invalid_heaviness": (_("Kies een getal van 1 tot 10."), ()),
    "utter_intake_invalid_phone": (_("Dat telefoonnummer klopt niet helemaal. Typ het zo: 06 12345678. Of kies voor contact via deze chat."), ()),
    "utter_intake_invalid_choice": (_("Dat begreep ik niet helemaal. Kies een van de knoppen, of typ ja of nee."), ()),
    "utter_intake_invalid_free_text": (_("Wil je het in een paar woorden typen?"), ()),
    "utter_intake_corrected": (_("Oké, ik heb het aangepast."), ()),
    "utter_intake_go_back": (_("Oké, we gaan een vraag terug."), ()),
    "utter_intake_no_previous": (_("Dit is de eerste vraag. Typ 'stop' als je wilt stoppen."), ()),
    "utter_intake_stopped": (_("Oké, ik stop met de vragen. Er is niets doorgegeven. Je kunt altijd opnieuw beginnen, of een vraag stellen."), ()),
    # After a call-back request in the same conversation "Er is niets doorgegeven" is not true: the
    # request stays, and the practice reads the conversation with it (bot.staffchat.callback).
    "utter_intake_stopped_call_back": (_("Oké, ik stop met de vragen. Je vraag om contact blijft staan. De praktijk neemt contact met je op en kan dit gesprek lezen. Je kunt altijd opnieuw beginnen, of een vraag stellen."), ()),
    "utter_intake_professional": (
        _("Fijn dat je meedenkt. Deze chat is voor ouders en jongeren zelf. Het gezin kan zelf contact opnemen: via deze chat, of door {practice_name} te bellen en te vragen naar de {worker_title}. De hulp is gratis. Wil je overleggen als professional? Bel dan de praktijk."),
        ((_("Ik wil met iemand praten"), "/request_human"),),
    ),
    "utter_intake_redirect_over_age": (_("De {worker_title} helpt kinderen en jongeren tot en met 23 jaar. Ben je 24 of ouder? Dan is de huisarts de beste eerste stap. De huisarts kan je ook doorsturen naar de POH-GGZ. Dat is de praktijkondersteuner voor psychische klachten. Bel {practice_name} voor een afspraak.\nVoel je je niet veilig? Bel 113 of gratis 0800-0113, of 112 bij direct gevaar."), ()),
    "utter_intake_redirect_physical": (_("Dit klinkt als een lichamelijke klacht. Daarvoor is de huisarts de juiste plek: bel {practice_name} voor een afspraak. Is het dringend buiten kantoortijd? Bel de huisartsenpost. Bij direct gevaar: 112.\nMaak je je ook zorgen over hoe het gaat met je kind of met jezelf? Vertel het me gerust."), ()),
    "utter_intake_done": (_("Klaar! Ik heb alles doorgegeven aan de {worker_title} van {practice_name}. Die leest ook dit gesprek."), ()),
    "utter_intake_done_urgent": (_("Ik heb alles doorgegeven aan de {worker_title} van {practice_name}. Omdat het nu zwaar is, kijkt de {worker_title} er zo snel mogelijk naar. Wordt het thuis onveilig of denkt iemand aan zelfmoord? Bel dan meteen 113 (of gratis 0800-0113) of 112."), ()),
    "utter_intake_done_advice": (_("Dat was de laatste vraag. Ik heb alles doorgegeven aan de {worker_title} van {practice_name}. Misschien is een tip of advies al genoeg; een afspraak blijft altijd mogelijk."), ()),
    "utter_intake_contact_follows": (_("De praktijk neemt contact met je op. Heb je intussen een vraag? Stel hem gerust hier."), ()),
    # Typed answers that are not the answer itself (bot.intake.flow).
    "utter_intake_appointment_after": (_("Dat regel ik: na deze vragen kies je een tijd."), ()),
    "utter_intake_skipped": (_("Oké, die vraag sla ik over."), ()),
    "utter_intake_skipped_unclear": (_("Dat begreep ik weer niet goed, sorry. Ik sla deze vraag over. De {worker_title} vraagt er later naar."), ()),
    "utter_intake_cannot_skip": (_("Deze vraag heb ik nodig om de goede vragen te stellen. Kies een van de knoppen, of typ het in je eigen woorden."), ()),
    "utter_intake_invalid_topic": (_("Dat begreep ik niet helemaal. Kies een van de knoppen, of vertel in een paar woorden waar het over gaat."), ()),
    "utter_intake_phone_noted": (_("Dank je, je telefoonnummer heb ik genoteerd. Dat vraag ik straks niet nog een keer."), ()),
    "utter_intake_question_noted": (_("Goede vraag. Die kan ik nu niet beantwoorden, maar ik geef hem door aan de {worker_title}. Eerst nog even deze vraag:"), ()),
    # The practice (bot.dialogue.practices; the question itself is action_ask_practice_code).
    "utter_practice_chosen": (_("Fijn, dan weet ik het: {practice_name}."), ()),
    "utter_practice_not_found": (_("Die praktijk kon ik niet vinden."), ()),
    "utter_practice_unknown": (_("Geen probleem. De naam van de praktijk staat vaak op de website van je huisarts of in een brief van de praktijk."), ()),
    "utter_intake_redirect_no_practice": (
        _("Zonder de praktijk van je huisarts kan ik je aanmelding niet doorgeven. Vraag je huisarts naar de hulp voor jongeren en gezinnen, of kom hier terug als je de praktijk weet.\nVoel je je niet veilig? Bel 113 of gratis 0800-0113, of 112 bij direct gevaar."),
        ((_("Toch een praktijk kiezen"), "/request_appointment"),),
    ),
}


def render(name: str, language: str, **values: str) -> tuple[str, list[dict[str, str]]]:
    """The text and buttons of one message, translated and filled in."""
    from bot.replies import t

    text, buttons = MESSAGES[name]
    filled = t(language, text, **values) if values else t(language, text)
    return filled, [{"title": t(language, title), "payload": payload} for title, payload in buttons]


def question_name(slot: str, role: str | None, age: int | None = None) -> str:
    """Which message asks this question, for a parent or for the young person."""
    if slot == "consent_parents":
        from bot.intake.consent import question_response

        return question_response(role, age)
    who = "ouder" if role == "ouder" else "jongere"
    specific = f"utter_ask_{slot}_{who}"
    return specific if specific in MESSAGES else f"utter_ask_{slot}"

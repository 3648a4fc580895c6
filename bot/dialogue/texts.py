"""Texts of the dialogue's mechanics: fallbacks, the way forward, the practice question,
recovery after a failure. Dutch source, translated through gettext like every Python text.

Navigation buttons carry the words a person would type ("overslaan", "terug", "stop"): the
intake and the booking read those words in every question, so a pressed button and a typed
word take the same path.
"""

from __future__ import annotations

from bot.i18n import _

# -- the way forward (fallbacks and the repeat guard) ----------------------------------------
HOW_CAN_I_HELP = _("Waar kan ik je mee helpen?")
NOT_UNDERSTOOD = _("Sorry, dat begreep ik niet goed. Waar kan ik je mee helpen?")
NOT_UNDERSTOOD_IN_QUESTION = _("Sorry, dat begreep ik niet goed. Je kunt de vraag hierboven beantwoorden, of kies hieronder wat je wilt doen.")
DID_YOU_MEAN = _("Ik weet niet zeker of ik je goed begrijp. Bedoel je een van deze?")
SAY_IT_DIFFERENTLY = _("Sorry, dat begreep ik niet goed. Kun je in een paar woorden vertellen waar het over gaat? Of kies hieronder.")
# Rasa gives up after a second message it could not read: not the same reply as the first time
# (a stranger who typed twice got "Kun je in een paar woorden …" twice), and a person comes first.
STILL_NOT_UNDERSTOOD = _("Sorry, ik begrijp je nog steeds niet goed. Iemand van de praktijk kan je verder helpen. Je kunt het ook in andere woorden proberen, of hieronder kiezen.")
STUCK = _("Ik merk dat we vastlopen. Sorry! Wat wil je doen?")
STUCK_IN_QUESTION_NO_SKIP = _("Ik merk dat we vastlopen bij deze vraag. Sorry! Je kunt een vraag teruggaan, stoppen of iemand van de praktijk spreken.")
STUCK_IN_QUESTION = _("Ik merk dat we vastlopen bij deze vraag. Sorry! Je kunt hem overslaan, een vraag teruggaan, stoppen met de vragen of iemand van de praktijk spreken.")

# Under an answer that sends the person elsewhere (a baby question: the consultatiebureau), where
# no offer of a talk follows: the way on.
ANYTHING_ELSE = _("Wil je nog iets anders vragen, of iemand van de praktijk spreken?")

SOMETHING_ELSE = _("Iets anders")
TALK_TO_SOMEONE = _("Ik wil iemand spreken")
TALK_WITH_SOMEONE = _("Ik wil met iemand praten")
MAKE_APPOINTMENT = _("Een afspraak maken")
ASK_A_QUESTION = _("Ik heb een vraag")
SKIP_QUESTION = _("Vraag overslaan")
PREVIOUS_QUESTION = _("Vorige vraag")
STOP_QUESTIONS = _("Stoppen met de vragen")

# Payloads: intents where they exist; the typed word where the forms read the word itself.
REQUEST_HUMAN = "/request_human"
REQUEST_APPOINTMENT = "/request_appointment"
HELP = "/help"
OUT_OF_SCOPE = "/out_of_scope"
SKIP_WORD = "overslaan"
BACK_WORD = "terug"
STOP_WORD = "stop"

# What a person may have meant, as a button title (the two-stage fallback's first step).
# Intents without a title here are never offered.
INTENT_TITLES = {
    "request_appointment": _("Een afspraak maken"),
    "request_human": _("Iemand van de praktijk spreken"),
    "help": _("Weten wat deze assistent kan"),
    "privacy": _("Wat er met mijn gegevens gebeurt"),
    "bot_challenge": _("Of ik met een mens praat"),
    "reschedule_appointment": _("Mijn afspraak verzetten"),
    "cancel_appointment": _("Mijn afspraak afzeggen"),
    "afspraak": _("Mijn afspraak bekijken"),
    "other_care": _("Hulp voor een volwassene of een lichamelijke klacht"),
    "ask_opvoeding": _("Een vraag over opvoeding"),
    "ask_angst": _("Angst, zorgen of piekeren"),
    "ask_school": _("School of thuiszitten"),
    "ask_somberheid": _("Somber of verdrietig zijn"),
    "ask_slaap": _("Slapen"),
    "ask_pesten": _("Pesten"),
    "ask_rouw": _("Verlies van iemand"),
    "ask_scheiding": _("Scheiding van ouders"),
    "ask_eenzaamheid": _("Je alleen voelen"),
    "ask_eten": _("Eten"),
    "ask_examenstress": _("Stress over toetsen of examens"),
    "ask_driftbuien": _("Driftbuien of boosheid"),
    "ask_middelen_gamen": _("Gamen, alcohol of drugs"),
    "ask_gender_seksualiteit": _("Gender of seksualiteit"),
    "ask_overbelast_ouder": _("Het als ouder niet meer aankunnen"),
    "ask_baby_jgz": _("Een baby of peuter"),
    "ask_adhd_autisme": _("Druk zijn, concentratie of prikkels"),
    "ask_zelfbeschadiging": _("Jezelf pijn doen"),
}

# -- the practice ----------------------------------------------------------------------------
# Asking for a person before the practice is known (call_back_form): why the practice is asked.
CALL_BACK_WHICH_PRACTICE = _("Dan vraag ik de praktijk om contact met je op te nemen. Eerst moet ik weten bij welke praktijk je hoort.")
ASK_PRACTICE = _("Bij welke huisartsenpraktijk ben je ingeschreven? Kies hieronder, of typ de naam, de plaats of de postcode.")
ASK_PRACTICE_TYPED = _("Bij welke huisartsenpraktijk ben je ingeschreven? Typ de naam, de plaats of de postcode.")
PRACTICE_WHICH = _("Welke praktijk bedoel je?")
PRACTICE_NOT_LISTED = _("Mijn praktijk staat er niet bij")
# The typed words the practice question reads as "not listed" (bot.intake.flow.practice_answer).
NOT_LISTED_WORD = "staat er niet bij"

# -- after a failure inside one conversation -------------------------------------------------
RECOVERED_CONTINUE = _("Sorry, ik raakte even de draad kwijt. Wat je al vertelde, heb ik bewaard. We gaan verder waar we waren.")
RECOVERED_CHOOSE = _("Sorry, ik raakte even de draad kwijt. Wat je al vertelde, heb ik bewaard. Waar wil je verder mee?")

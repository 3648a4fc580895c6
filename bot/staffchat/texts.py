"""What the person reads about the support worker (marked with _() for extraction)."""

from __future__ import annotations

from bot.i18n import _

TAKEN_OVER = _("Je praat nu met {name} ({worker_title}), een medewerker van de praktijk. Je kunt gewoon typen; {name} leest je berichten.")
# Said on a channel that cannot deliver on its own (the terminal): what is true there.
TAKEN_OVER_PULL = _("Je praat nu met {name} ({worker_title}), een medewerker van de praktijk. Je kunt gewoon typen. In dit kanaal zie je een antwoord pas als je zelf weer iets stuurt.")
FORWARDED_PULL = _("Je bericht is doorgestuurd naar {name}. Een antwoord zie je hier als je weer iets stuurt.")
RELEASED = _("{name} heeft het gesprek teruggegeven aan de assistent. Je praat nu weer met de automatische assistent. Wil je de praktijk nog spreken? Typ dan: ik wil iemand spreken.")
IDLE_RETURNED = _("{name} is nu niet meer in dit gesprek. Je praat weer met de automatische assistent. Wil je de praktijk nog spreken? Typ dan: ik wil iemand spreken.")

# Call-back requests.
# The first sentence says what happened; the second when to expect contact (the same for a
# new request and for one that is already waiting: never "as soon as possible" at 23:00).
CALL_BACK_ASKED = _("Ik heb de praktijk gevraagd om contact met je op te nemen.")
CALL_BACK_ALREADY = _("Je vraag staat al bij de praktijk.")
WHEN_OPEN = _("De praktijk is nu open: je hoort vandaag nog van ze, uiterlijk {until}.")
WHEN_LATER = _("De praktijk is nu dicht. Je hoort van ze vanaf {when}.")
WHEN_UNKNOWN = _("Ik weet niet precies wanneer ze open zijn; je kunt de praktijk ook zelf bellen: {phone}.")
CALL_BACK_PHONE_KNOWN = _("We bellen je op het nummer dat eindigt op {last_digits}.")
CALL_BACK_ASK_PHONE = _("Wil je gebeld worden? Stuur dan je telefoonnummer. Anders krijg je hier in de chat een bericht.")
CALL_BACK_PHONE_THANKS = _("Dank je. We bellen je op het nummer dat eindigt op {last_digits}.")
# Only when no practice could be found (stopped, or three answers without one): a stranger has no
# practice code, so the way on is the question again or the practice's own phone.
CALL_BACK_NO_PRACTICE = _("Ik weet niet bij welke praktijk je hoort. Dan kan ik niemand vragen je te bellen. Bel je huisartsenpraktijk zelf, of typ nog een keer: ik wil iemand spreken.")
# A deployment without any practice (the operator is told at start-up): asking again would give the
# same answer, so the way on is the person's own practice and the help lines below it.
CALL_BACK_NO_PRACTICES = _("Deze chat is nog aan geen enkele huisartsenpraktijk gekoppeld. Daarom kan ik niemand vragen je te bellen. Bel zelf je huisartsenpraktijk, zij helpen je verder.")
CANNOT_WAIT = _("Kan het niet wachten?")
HUISARTSENPOST = _("Dringende medische hulp terwijl de praktijk dicht is: bel {name}, {phone}.")

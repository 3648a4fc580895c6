"""The Dutch texts of the waiting-time check-in and the safety plan (gettext msgids).

Two voices: a parent (``je kind``) and a young person writing about themselves. Numbers of
the help lines come from bot.safety.helplines, never typed here.
"""

from __future__ import annotations

from bot.i18n import _

# -- the check-in ------------------------------------------------------------------------------

CHECKIN_QUESTION = {
    "parent": _("Hoi, hier is de digitale assistent van {practice}. De afspraak met de {worker_title} is op {when}. "
                "Hoe gaat het nu met je kind, vergeleken met toen je ons schreef?"),
    "young": _("Hoi, hier is de digitale assistent van {practice}. Je afspraak met de {worker_title} is op {when}. "
               "Hoe gaat het nu, vergeleken met toen je ons schreef?"),
}
CHECKIN_NO_NEED = _("Je hoeft niet te antwoorden. De afspraak blijft gewoon staan.")
CHECKIN_TIP = _("Iets om intussen te proberen: {step}")
CHECKIN_BUTTONS = ((_("Beter"), "/checkin_better"), (_("Hetzelfde"), "/checkin_same"), (_("Slechter"), "/checkin_worse"))

BETTER = _("Fijn om te horen dat het beter gaat! Wil je de afspraak op {when} houden? "
           "Dan kun je bespreken wat hielp. Of is de afspraak niet meer nodig?")
KEEP_BUTTON = _("Afspraak houden")
CANCEL_BUTTON = _("Afspraak afzeggen")
KEPT = _("Goed, de afspraak op {when} blijft staan. Tot dan!")
SAME = _("Dank je voor je antwoord. De afspraak op {when} blijft staan. Wordt het toch erger? "
         "Stuur me dan gewoon een bericht.")

WORSE_ASK_CHANGE = _("Wat naar dat het slechter gaat. Wat is er veranderd? Vertel het in een paar woorden.")
SKIP_BUTTON = _("Liever niet zeggen")
ASK_HEAVINESS = _("Hoe zwaar is het nu, van 1 (een beetje) tot 10 (heel erg zwaar)?")
ASK_HEAVINESS_BEFORE = _("Hoe zwaar is het nu, van 1 (een beetje) tot 10 (heel erg zwaar)? Toen je ons schreef, was het een {before}.")
ASK_HEAVINESS_AGAIN = _("Kies een getal van 1 tot 10, of typ het.")
ASK_SCHOOL = {
    "parent": _("Gaat je kind nu naar school?"),
    "young": _("Ga je nu naar school?"),
}
SCHOOL_BUTTONS = ((_("Ja, gewoon"), "gewoon"), (_("Soms niet"), "soms"), (_("Nee, helemaal niet"), "geen"))
ASK_SCHOOL_AGAIN = _("Kies een van de knoppen, of typ ja, soms of nee.")

WORSE_URGENT_SLOTS = _("Dank je. Dit kan beter niet wachten tot {when}. Er is eerder plek bij de {worker_title}. "
                       "Kies een tijd, dan verzet ik je afspraak:")
KEEP_OLD_BUTTON = _("Mijn afspraak houden")
WORSE_URGENT_NO_SLOT = _("Dank je. Dit kan beter niet wachten tot {when}. Ik heb de {worker_title} gevraagd "
                         "zo snel mogelijk contact met je op te nemen, op de eerstvolgende werkdag.")
WORSE_URGENT_ALREADY = _("Dank je. Ik heb dit doorgegeven aan de {worker_title}. Je afspraak op {when} is al zo vroeg mogelijk.")
WORSE_PASSED_ON = _("Dank je. Ik heb dit doorgegeven aan de {worker_title}. Die leest het vóór je afspraak op {when}. "
                    "Is het eerder nodig? Dan neemt die contact met je op.")
MOVED = _("Je afspraak is verzet naar {when}. De oude tijd vervalt. Tot dan!")
MOVE_FAILED = _("Die tijd is net door iemand anders gekozen. Kies een andere tijd:")
ALREADY_ANSWERED = _("Dank je, je hebt deze vraag al beantwoord.")
APPOINTMENT_PASSED = _("Je afspraak is al geweest of verzet. Wil je iets vragen? Stuur gewoon een bericht.")
STOPPED = _("Goed, dan laten we het hierbij. Je afspraak op {when} blijft staan.")

UNPROMPTED_WORSE = _("Wat naar dat het slechter gaat. Wil je vertellen wat er speelt? Je kunt ook een afspraak maken "
                     "met de {worker_title} van je huisartsenpraktijk.")
UNPROMPTED_BETTER = _("Fijn om te horen dat het beter gaat!")
UNPROMPTED_SAME = _("Dank je dat je het laat weten. Wil je vertellen wat er speelt?")
APPOINTMENT_BUTTON = _("Afspraak maken")

# The staff alert: a reference and what to look at, never health details.
STAFF_ALERT_WORSE = "Wachttijd-check in gesprek {reference}: het gaat slechter (urgentie nu: {urgency}). Zie de overdracht."
STAFF_ALERT_RAISED = "Wachttijd-check in gesprek {reference}: urgentie volgens de regels verhoogd naar {urgency}. Zie de overdracht."

# -- the safety plan ---------------------------------------------------------------------------

PLAN_INTRO = _(
    "Een veiligheidsplan is een kort plan voor als het even heel slecht gaat. Je schrijft het in je eigen woorden, "
    "in {count} korte stappen. Je kunt elke stap overslaan, teruggaan of stoppen.\n"
    "Ik bewaar je plan versleuteld. De {worker_title} ziet je plan alleen als jij het deelt. Maar meld je je aan "
    "voor hulp, of schrijf je dat je in gevaar bent? Dan kan de praktijk dit gesprek lezen, ook wat je hier typt.\n"
    "Zullen we beginnen?"
)
PLAN_INTRO_NO_PRACTICE = _(
    "Een veiligheidsplan is een kort plan voor als het even heel slecht gaat. Je schrijft het in je eigen woorden, "
    "in {count} korte stappen. Je kunt elke stap overslaan, teruggaan of stoppen.\n"
    "Ik bewaar je plan versleuteld. Zullen we beginnen?"
)
PLAN_OFFER_AFTER_SAFE = _(
    "Fijn dat je nu veilig bent. Wil je samen een veiligheidsplan maken? Dat is een kort plan voor een volgend "
    "moeilijk moment: wat je dan zelf kunt doen en wie je kunt bellen. Het duurt een paar minuten."
)
PLAN_OFFER_SHOW = _("Fijn dat je nu veilig bent. Je hebt een veiligheidsplan. Wil je het nog eens bekijken?")
PLAN_OFFER_CONTINUE = _("Wil je verder met je veiligheidsplan? We gaan verder waar je was.")
START_BUTTON = _("Ja, begin maar")
LATER_BUTTON = _("Nu niet")
SHOW_BUTTON = _("Laat mijn plan zien")
CONTINUE_BUTTON = _("Verder met mijn plan")
RESTART_BUTTON = _("Opnieuw beginnen")
PLAN_LATER = _("Goed. Je kunt altijd later een plan maken: typ /veiligheidsplan.")
PLAN_RESUME = _("Je was bezig met je veiligheidsplan. Wil je verder gaan?")

PLAN_STEP_HEADER = _("Stap {number} van {count}")
# (code, the heading in the plan, the question)
PLAN_STEPS = (
    ("warning_signs", _("Mijn waarschuwingssignalen"),
     _("Waaraan merk je dat het slechter met je gaat? Denk aan gedachten, gevoelens of dingen die je dan doet.")),
    ("self_help", _("Wat ik zelf kan doen"),
     _("Wat kun je zelf doen om je even wat beter te voelen of af te leiden? Bijvoorbeeld muziek, sporten, "
       "douchen of tekenen.")),
    ("people_places", _("Mensen en plekken die helpen"),
     _("Bij wie of waar voel je je wat beter? Denk aan vrienden, familie, een plek buiten of een club.")),
    ("contacts", _("Wie ik bel of app"),
     _("Wie kun je bellen of appen als het niet goed gaat? Bijvoorbeeld iemand thuis, een vriend of je mentor. "
       "Zet er een nummer bij als je wilt. 113 en De Kindertelefoon staan er al in.")),
    ("safe_surroundings", _("Mijn omgeving veiliger maken"),
     _("Wat kun je doen om je omgeving veiliger te maken? Bijvoorbeeld spullen waarmee je jezelf pijn kunt doen "
       "aan iemand geven of wegleggen.")),
    ("reasons", _("Wat het de moeite waard maakt"),
     _("Wat maakt het voor jou de moeite waard? Denk aan mensen, dieren, dingen waar je van houdt of naar uitkijkt.")),
)
PLAN_SKIP_BUTTON = _("Overslaan")
PLAN_BACK_BUTTON = _("Terug")
PLAN_STOP_BUTTON = _("Stoppen")
PLAN_KEEP_BUTTON = _("Zo laten")
PLAN_CURRENT = _("Nu staat er: {answer}")
PLAN_NOTED = _("Opgeschreven.")
PLAN_TOO_LONG = _("Je antwoord was erg lang. Ik heb het begin bewaard; je kunt het later aanpassen.")
PLAN_STOPPED = _("Goed, we stoppen. Wat je al schreef, is bewaard. Typ /veiligheidsplan om verder te gaan.")
PLAN_STOPPED_EDIT = _("Goed, we stoppen. Je plan is niet veranderd.")
PLAN_PAUSED = _("Je veiligheidsplan wacht op je. Typ /veiligheidsplan als je verder wilt.")
PLAN_EMPTY_ANSWER = _("(niets ingevuld)")

PLAN_TITLE = _("Mijn veiligheidsplan")
PLAN_HELP_LINES = _(
    "Altijd te bellen of te chatten:\n"
    "• 113 Zelfmoordpreventie: bel {short_113} of gratis {phone_113}, of chat op {chat_113}. Dag en nacht, anoniem.\n"
    "• De Kindertelefoon (8 tot 18 jaar): bel gratis {phone_kt} of chat op {chat_kt}, elke dag van 11:00 tot 21:00.\n"
    "• In direct gevaar: bel {phone_112}."
)
PLAN_DONE = _("Je veiligheidsplan is klaar. Goed gedaan! Je kunt het altijd terugzien met /veiligheidsplan.")
PLAN_CHANGED = _("Je veiligheidsplan is aangepast.")
PLAN_ASK_SHARE = _("Wil je dat de {worker_title} van {practice} je plan kan lezen? Dat kan helpen bij jullie gesprek. "
                   "Je kunt het later weer uitzetten.")
SHARE_YES_BUTTON = _("Ja, delen")
SHARE_NO_BUTTON = _("Nee, alleen voor mij")
PLAN_SHARED = _("Je plan is gedeeld met de {worker_title} van {practice}. Uitzetten kan altijd met /veiligheidsplan.")
PLAN_SHARED_NO_HANDOVER = _("Je plan is gedeeld. De {worker_title} ziet het zodra je je aanmeldt voor een gesprek.")
PLAN_NOT_SHARED = _("Goed, je plan is alleen voor jou.")
PLAN_UNSHARED = _("Je plan wordt niet meer gedeeld. De {worker_title} kan het niet meer lezen.")
PLAN_MENU = _("Wat wil je doen?")
EDIT_BUTTON = _("Aanpassen")
SHARE_BUTTON = _("Delen met de {worker_title}")
UNSHARE_BUTTON = _("Niet meer delen")
CLOSE_BUTTON = _("Klaar")
PLAN_CLOSED = _("Goed. Je plan staat klaar als je het nodig hebt.")
PLAN_PICK_STEP = _("Welk deel wil je aanpassen?")
ALL_STEPS_BUTTON = _("Alles langslopen")
PLAN_NONE = _("Je hebt nog geen veiligheidsplan.")
PLAN_SHARE_NEEDS_PRACTICE = _("Om je plan te delen, moet ik eerst weten bij welke huisartsenpraktijk je hoort. "
                              "Stuur de praktijkcode, bijvoorbeeld /start LINDE.")

# A parent or professional asks for the plan: it is the young person's own, made with a professional.
FOR_PARENT_BUTTON = _("Ik ben ouder of verzorger")
PLAN_FOR_PARENT_MADE_BY = _("Een veiligheidsplan maakt een jongere zelf, in eigen woorden. Je kind doet dat samen met "
                            "de {worker_title} of met 113. Zo past het plan echt bij je kind.")
PLAN_FOR_PARENT_MADE_BY_NO_PRACTICE = _("Een veiligheidsplan maakt een jongere zelf, in eigen woorden. Je kind doet dat "
                                        "samen met een hulpverlener of met 113. Zo past het plan echt bij je kind.")
PLAN_FOR_PARENT_MEANWHILE = _(
    "Wat kun je nu al doen?\n"
    "• Leg medicijnen, mesjes en andere gevaarlijke spullen weg, of sluit ze op.\n"
    "• Blijf dichtbij. Vraag hoe het gaat en luister, ook als je kind weinig zegt.\n"
    "• Ook ouders kunnen 113 bellen of chatten, dag en nacht: bel {short_113} of gratis {phone_113}, "
    "of chat op {chat_113}.\n"
    "• Bij direct gevaar: bel {phone_112}.\n"
    "Je kind kan ook zelf een plan maken in deze chat, op de eigen telefoon, met /veiligheidsplan."
)
PLAN_FOR_PROFESSIONAL = _(
    "Een veiligheidsplan maakt een jongere zelf, in eigen woorden, samen met een hulpverlener of met 113. "
    "Maak je je zorgen om een jongere? Ook professionals kunnen 113 bellen of chatten voor advies, dag en nacht: "
    "bel {short_113} of gratis {phone_113}, of chat op {chat_113}. Bij direct gevaar: bel {phone_112}.\n"
    "De jongere kan ook zelf een plan maken in deze chat, met /veiligheidsplan."
)

# A question at a step of the plan: a short answer, then the same step again.
PLAN_Q_WHY = _("Ik vraag dit, zodat je op een moeilijk moment niet zelf hoeft te bedenken wat je kunt doen: het staat "
               "dan al in je plan. Er is geen goed of fout antwoord, en je mag elke stap overslaan.")
PLAN_Q_MEANING = _("Schrijf gewoon wat bij jou past, in een paar woorden. Er is geen goed of fout antwoord. "
                   "Weet je het nog niet? Kies dan Overslaan.")
PLAN_Q_113 = _("113 Zelfmoordpreventie is er voor iedereen die aan zelfmoord denkt, en voor wie zich zorgen maakt om "
               "iemand. Bel {short_113} of gratis {phone_113}, of chat op {chat_113}. Dag en nacht, en je hoeft je naam "
               "niet te zeggen.")
PLAN_Q_KT = _("De Kindertelefoon is er voor kinderen en jongeren van 8 tot 18 jaar, over alles wat je dwarszit. Bel gratis "
              "{phone_kt} of chat op {chat_kt}, elke dag van 11:00 tot 21:00. Je hoeft je naam niet te zeggen.")
PLAN_Q_PRIVACY = _("Ik bewaar je plan versleuteld. De praktijk ziet je plan alleen als jij het deelt. Maar meld je je aan "
                   "voor hulp, of schrijf je hier dat je in gevaar bent? Dan kan de praktijk dit gesprek lezen, ook wat "
                   "je hier typt.")
PLAN_Q_MUST = _("Nee, je hoeft niets. Je kunt elke stap overslaan, of stoppen en later verder gaan.")
PLAN_Q_NOBODY = _("Dat is oké, dat voelen meer mensen zo. Sla deze stap gerust over. 113 en De Kindertelefoon staan "
                  "altijd in je plan: daar kun je terecht, ook als je verder niemand hebt.")
# The dialogue answered a question in between and asked something of its own: the plan waits.
PLAN_WAITS = _("Je veiligheidsplan is bewaard. Typ /veiligheidsplan als je verder wilt.")

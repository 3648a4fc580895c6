"""One concrete thing to try while waiting, per theme and voice (parent or young person).

The themes are the handover's theme codes (the intake's topics and the first-line answers'
ids). A step is one short action, not a list of tips: the first-line answer already gave
those; the check-in picks the single step most families can do this week.
"""

from __future__ import annotations

from bot.i18n import _
from bot.replies import t

# theme -> (parent, young person); None: the general step for that voice.
STEPS: dict[str, tuple[str | None, str | None]] = {
    "opvoeding": (
        _("Kies elke dag tien minuten om samen iets leuks te doen, zonder telefoon. Laat je kind kiezen wat."),
        _("Kies een rustig moment om met je ouders over één ding te praten dat beter kan. Schrijf van tevoren op "
          "wat je wilt zeggen."),
    ),
    "angst": (
        _("Laat merken dat je de angst van je kind ziet. Help je kind een kleine stap te zetten, in plaats van het "
          "spannende te vermijden. Geef een compliment voor elke stap."),
        _("Ga je piekeren? Schrijf je zorgen op en kies een vast kwartier per dag om eraan te denken. Buiten dat "
          "kwartier zeg je tegen jezelf: straks."),
    ),
    "school": (
        _("Neem deze week contact op met de mentor. Spreek samen één kleine stap af, bijvoorbeeld één les of een "
          "halve dag."),
        _("Vertel je mentor of iemand op school die je vertrouwt wat er moeilijk is. Spreek samen één kleine stap af."),
    ),
    "somberheid": (
        _("Doe elke dag samen iets kleins wat je kind vroeger leuk vond, bijvoorbeeld even naar buiten. Vraag hoe "
          "het gaat en luister vooral."),
        _("Doe elke dag één klein ding dat je vroeger fijn vond, ook als je er geen zin in hebt. Even naar buiten "
          "helpt vaak al."),
    ),
    "slaap": (
        _("Spreek een vaste bedtijd af, ook in het weekend. Leg telefoons een uur voor het slapen buiten de "
          "slaapkamer."),
        _("Ga elke dag op dezelfde tijd naar bed en leg je telefoon een uur van tevoren weg."),
    ),
    "scheiding": (
        _("Zeg tegen je kind dat de scheiding niet zijn of haar schuld is. Praat niet negatief over de andere ouder "
          "als je kind erbij is."),
        _("Praat met iemand over de scheiding, bijvoorbeeld een vriend, opa of oma, of De Kindertelefoon. Het is "
          "nooit jouw schuld."),
    ),
    "driftbuien": (
        _("Blijf zelf rustig bij een driftbui. Zeg weinig en blijf in de buurt. Praat erover als iedereen weer "
          "rustig is."),
        None,
    ),
    "pesten": (
        _("Vraag rustig wat er gebeurt en geloof je kind. Neem contact op met de mentor. Wordt er online gepest? "
          "Bewaar de berichten."),
        _("Vertel het aan iemand die je vertrouwt, bijvoorbeeld je mentor of een ouder. Gebeurt het online? "
          "Maak screenshots."),
    ),
    "adhd_autisme": (
        _("Geef je kind een vaste dagindeling, bijvoorbeeld met een planbord. Vertel van tevoren als er iets "
          "verandert."),
        _("Maak een simpele planning voor de dag, met pauzes. Schrijf op wat je moeilijk vindt, dan kun je dat "
          "bespreken."),
    ),
    "examenstress": (
        _("Help je kind een planning te maken met kleine stukjes en pauzes. Let op genoeg slaap en eten."),
        _("Maak een planning met kleine stukjes en pauzes. Slaap genoeg: dat helpt meer dan 's nachts doorleren."),
    ),
    "zelfbeschadiging": (
        _("Blijf rustig en vraag zonder oordeel hoe het met je kind gaat. Moet een wond verzorgd worden? Bel de "
          "huisarts."),
        _("Voel je de drang om jezelf pijn te doen? Zoek iemand op, of bel of chat met 113 of De Kindertelefoon. "
          "Probeer het even uit te stellen met iets wat je afleidt."),
    ),
    "middelen_gamen": (
        _("Maak samen duidelijke afspraken over gamen, alcohol of blowen. Praat er rustig over, zonder preek."),
        _("Houd een week bij wanneer en hoeveel je gamet, drinkt of blowt. Dan zie je zelf wat je wilt veranderen."),
    ),
    "rouw": (
        _("Praat samen over degene die is overleden. Laat zien dat verdriet er mag zijn, ook bij jou."),
        _("Verdriet mag er zijn. Schrijf op wat je mist, of praat erover met iemand die je vertrouwt."),
    ),
    "eten": (
        _("Eet zoveel mogelijk samen aan tafel, op vaste tijden, en praat niet over gewicht. Valt je kind snel af? "
          "Bel de huisarts."),
        _("Eet op vaste tijden, ook als het moeilijk is. Vertel iemand die je vertrouwt hoe het gaat met eten."),
    ),
    "eenzaamheid": (
        _("Help je kind één activiteit te vinden met leeftijdgenoten, bijvoorbeeld een club of een sport."),
        _("Doe deze week één ding samen met anderen, zoals een club of sport. Ook een berichtje sturen aan iemand "
          "telt."),
    ),
    "overbelast_ouder": (
        _("Vraag iemand in je omgeving om je deze week een paar uur te helpen, zodat je even rust hebt."),
        None,
    ),
    "gender_seksualiteit": (
        _("Laat je kind merken dat je van hem of haar houdt, ook als je nog vragen hebt. Luister vooral."),
        _("Praat met iemand die je vertrouwt. Je bent niet de enige met deze vragen."),
    ),
    "baby_jgz": (
        _("Het consultatiebureau denkt graag met je mee. Bel ze gerust met je vragen over je baby."),
        None,
    ),
}
GENERAL = (
    _("Maak elke dag een vast rustig moment met je kind, zonder telefoon. Vraag hoe het gaat en luister."),
    _("Doe elke dag iets kleins dat je goed doet, zoals bewegen, buiten zijn of muziek. Vertel iemand hoe het met "
      "je gaat."),
)


def step(themes: list[str], voice: str, language: str) -> str:
    """The step for the first theme that has one for this voice ("parent" or "young")."""
    index = 0 if voice == "parent" else 1
    for theme in themes:
        pair = STEPS.get(theme)
        if pair is not None and pair[index] is not None:
            return t(language, pair[index])
    return t(language, GENERAL[index])

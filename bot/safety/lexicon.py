"""The curated Dutch crisis lexicon: phrase patterns per category.

Patterns run over the *canonical* text that :mod:`bot.safety.normalise` produces: lower case,
no accents, one space between tokens, punctuation as separate tokens, known misspellings and
typos of the key words already corrected, emoji turned into ``emoji_*`` words.

Where the phrases come from, and how to add one, is in docs/safety.md. In short: the signals
that 113 Zelfmoordpreventie and De Kindertelefoon publish for worried young people and parents
(talking about wanting to die or being a burden, no way out, saying goodbye, giving things away,
hurting yourself, not being safe at home), written as general phrase families — never copied
from the evaluation set in tests/data/safety_eval.jsonl.

Each rule is ``(name, pattern, kind)``; ``kind`` is "direct" (the words say it), "indirect"
(a known signal phrased around it) or "soft" (an indirect signal that is also a common joke,
ignored when the message laughs: "haha, kan niet meer").
"""

from __future__ import annotations

# -- building blocks ------------------------------------------------------------------------

NEGATORS = ("niet", "geen", "nooit", "niks", "niets", "not", "never", "dont", "no")
_NEG = r"(?:niet|geen|nooit|niks|niets|not|never|dont|no)"


def gap(n: int) -> str:
    """Up to n filler words, none of them a negation ("ik wil echt gewoon dood")."""
    return rf"(?:(?!{_NEG}\b)[a-z0-9_]+ ){{0,{n}}}"


G1, G2, G3, G4, G6 = gap(1), gap(2), gap(3), gap(4), gap(6)
# A clause end: punctuation, the end of the message, or a new clause.
END = r"(?= ?[.,!?;:]| en | maar | want |$)"
ME = r"(?:me|mij)"
SELF = r"(?:mezelf|mijzelf)"
MY = r"(?:mijn|m)"
BODY = r"(?:arm|armen|onderarm|onderarmen|pols|polsen|been|benen|bovenbeen|bovenbenen|dij|dijen|buik|huid|lichaam|schouder|heup|heupen)"
# Someone else's child (parent voice) or a younger sibling; never a partner or friend, so a
# young person writing about their boyfriend is not answered as a parent.
CHILD = (
    r"(?:(?:mijn|m|ons|onze) (?:[a-z0-9]+ ){0,2}"
    r"(?:kind|kindje|dochter|dochtertje|zoon|zoontje|meisje|jongen|puber|tiener|stiefdochter|stiefzoon|"
    r"pleegkind|pleegdochter|pleegzoon|oudste|jongste|middelste|meid|knul|zusje|broertje))"
)
THEY = r"(?:hij|zij|ze)"
ADULT = (
    r"(?:vader|pa|papa|moeder|ma|mama|stiefvader|stiefmoeder|stiefpa|ouders|oom|opa|broer|zus|neef|"
    r"ex|man|vriend|trainer|leraar|buurman|oppas)"
)
WANT = r"(?:wil|wilt|wilde|wou|zou willen|zou het liefst|zou liefst)"
DIE = r"(?:dood|doodgaan|sterven|overlijden|dood zijn|dood gaan)"

PILLS = (
    r"(?:pillen|pilletjes|pil|tabletten|paracetamol|paracetamols|ibuprofen|medicijnen|medicatie|"
    r"slaappillen|slaaptabletten|oxazepam|diazepam|temazepam|antidepressiva|strips|strippen|xtc)"
)
MANY = (
    r"(?:te veel|teveel|veel te veel|heel veel|zoveel|een hele|hele|alle|al de|al mijn|een doos|een strip|"
    r"twee strips|een potje|een pot|een handvol|handen vol|een hoop|[5-9]|[1-9][0-9]+)"
)
DAYS = r"(?:twee|drie|vier|vijf|zes|zeven|[2-9]|een paar|paar|meerdere|een aantal|heel wat|al|een week|week)"

# -- rules per category ---------------------------------------------------------------------

RULES: dict[str, list[tuple[str, str, str]]] = {
    "suicide": [
        ("keyword", r"\b(?:zelfmoord|zelfmoordgedachten|zelfmoordgedachte|zelfmoordplannen|zelfmoordpoging|"
                    r"zelfdoding|suicide|suicidaal|suicidale|suicidal|suicidaliteit)\b", "direct"),
        ("want_to_die", rf"(?:\b(?:ik|k)|^|[.,!?] ) ?{WANT} {G3}{DIE}\b(?! van\b)", "direct"),
        ("wish_dead", rf"\b(?:was ik maar|wou dat ik|wilde dat ik|ik wou dat ik|had ik maar) {G2}(?:dood|nooit geboren|nooit bestaan|er niet)\b", "indirect"),
        ("life_no_more", rf"\b{WANT} {G1}(?:het|dit|mijn) leven {G1}niet (?:meer|langer)\b", "direct"),
        ("no_longer_live", rf"\b(?:wil|wilt|wilde|wou|hoef|kan) {G2}niet (?:meer|langer) (?:leven|verder leven|bestaan|doorleven|wakker worden|hier zijn)\b", "direct"),
        ("no_longer_be", rf"\b(?:wil|wilde|wou|hoef|zou|zou ik|wil ik) er {G1}niet (?:meer|langer) (?:zijn|bij zijn)\b", "direct"),
        ("not_bear_it", rf"\btrek (?:het|dit|dit leven|het leven|mijn leven) {G1}niet (?:meer|langer)\b", "indirect"),
        ("no_place", rf"\bgeen (?:plek|plaats|ruimte) (?:meer )?(?:voor {ME} )?(?:meer )?op (?:deze|de) wereld\b", "indirect"),
        ("method_research", r"\b(?:om|hoe je|hoe ik|manier om) (?:\w+ ){0,2}(?:dood te gaan|te sterven|zelfmoord te plegen|er een eind aan te maken|"
                            r"er een einde aan te maken|pijnloos dood|mezelf te doden)\b|\bhoeveel (?:pillen|paracetamol|tabletten|slaappillen) "
                            r"(?:\w+ ){0,3}(?:nodig|dodelijk|om)\b|\bpijnloos (?:dood|sterven|doodgaan)\b", "indirect"),
        ("jump_context", r"\b(?:springen|te springen|spring)\b(?=.*\b(?:trein|spoor|station|perron|brug|flat|dak|balkon|rails)\b)|"
                         r"\b(?:trein|spoor|station|perron|brug|flat|dak|balkon|rails)\b.*\b(?:springen|te springen|spring)\b", "indirect"),
        ("no_longer_be_end", rf"\b(?:wil|wilde|wou) niet (?:meer|langer) zijn{END}", "direct"),
        ("end_it", rf"\b(?:een )?(?:eind|einde) (?:{G1})?aan {MY} leven\b", "direct"),
        ("end_it_er", rf"\ber {G2}(?:een )?(?:eind|einde) aan (?:maken|te maken|maak|wil maken|ga maken)\b", "direct"),
        ("end_life", rf"\b{MY} leven (?:{G1})?(?:beeindigen|te beeindigen|stoppen|afmaken)\b", "direct"),
        ("out_of_life", r"\buit het leven (?:stappen|te stappen|stap|gaan)\b|\bvan het leven beroven\b", "direct"),
        ("kill_self", rf"\b{SELF} {G2}(?:van kant|dood|doodmaken|om het leven|vermoorden|ophangen|op te hangen|op hangen|verdrinken)\b", "direct"),
        ("harm_self_something", rf"\b(?:{SELF}|{ME}) {G2}(?:iets|wat) (?:aan ?doen|aandoen|aan te doen|aan gaan doen)\b", "direct"),
        ("jump", rf"\b(?:springen|spring|sprong|gooi|gooien) {G3}(?:voor (?:de|een) (?:trein|metro|auto|vrachtwagen)|"
                 r"van (?:de|een|het) (?:flat|brug|dak|gebouw|balkon|parkeergarage))\b", "direct"),
        ("jump_from", rf"\bvan (?:de|een|het) (?:flat|brug|dak|gebouw|balkon|parkeergarage) {G2}(?:springen|spring|afspringen|af springen|gooien|af)\b", "direct"),
        ("train", r"\bvoor (?:de|een) trein (?:te )?(?:gaan )?(?:liggen|springen|staan)\b", "direct"),
        ("hoard_pills", rf"\b{PILLS} {G2}(?:gespaard|sparen|opgespaard|verzameld|verzamelen|opsparen)\b", "indirect"),
        ("rope", r"\b(?:strop|touw) (?:[a-z]+ ){0,3}(?:klaar|gekocht|opgehangen|om mijn nek)\b", "indirect"),
        ("burden_better_off", rf"\bbeter af {G2}zonder {ME}\b|\bbeter zonder {ME}{END}|"
                             rf"\b(?:makkelijker|fijner|rustiger|gelukkiger|blijer) (?:hebben |zijn |af )?{G2}zonder {ME}\b", "indirect"),
        ("burden", rf"\b(?:ik ben|ben|voel me|voel mij|voel ik me) {G2}(?:een last|tot last|alleen maar tot last|een blok aan het been)\b", "indirect"),
        ("rather_dead", rf"\b(?:ben|was|zou|wil|kan) {G2}(?:liever|beter) dood\b|\b(?:liever|beter) dood dan\b", "direct"),
        ("no_future_self", rf"\bzie {SELF} {G1}niet (?:ouder|volwassen|oud) worden\b|"
                           rf"\b(?:haal|ga|zal) {G2}(?:mijn verjaardag|de 18|18|volgend jaar|de zomer|kerst) niet (?:halen|meemaken|meer meemaken)\b", "indirect"),
        ("gone_soon", rf"\b(?:morgen|straks|vannacht|vanavond|binnenkort|volgende week|na vandaag|na vanavond) (?:ben ik|is het) {G1}(?:er niet meer|weg|voorbij)\b", "indirect"),
        ("better_not_exist", rf"\ber {G1}beter niet (?:had kunnen |kan |zou )?(?:zijn|bestaan)\b|\bbeter (?:nooit|niet) (?:geboren|bestaan)\b", "indirect"),
        ("done_with_all", r"\bklaar met (?:alles|het leven|mijn leven|leven)\b|\ber klaar mee (?:, )?met alles\b", "soft"),
        ("disappear_never_back", rf"\bverdwijnen en {G2}(?:nooit|niet) meer terug\w*\b", "indirect"),
        ("nobody_miss", rf"\bniemand (?:(?:zal|zou|gaat|gaan|zullen|zouden) )?{ME} (?:(?:zal|zou|gaat) )?{G1}missen\b|\bniemand mist {ME}\b", "indirect"),
        ("sleep_forever", rf"\b(?:slapen|inslapen|in slaap vallen|gaan slapen) en {G2}(?:nooit meer|niet meer) wakker\b", "indirect"),
        ("never_wake", r"\b(?:nooit meer|niet meer) wakker (?:worden|te worden|word|hoeven)\b", "indirect"),
        ("sleep_always", r"\bvoor altijd (?:gaan )?(?:slapen|weg zijn|weg|stil zijn)\b", "indirect"),
        ("no_point", rf"\b(?:het leven|{MY} leven|leven|het allemaal|alles) {G2}(?:heeft|hebben) {G1}geen zin (?:meer)?\b", "indirect"),
        ("no_point_end", rf"\bhet heeft {G2}geen zin meer{END}", "indirect"),
        ("why_live", rf"\bwaarom (?:zou ik |moet ik )?{G1}(?:nog )?(?:leven|doorleven|doorgaan|verder leven)\b", "indirect"),
        ("no_reason", r"\bgeen (?:reden|zin) (?:meer )?om (?:nog )?(?:te leven|door te gaan|verder te leven)\b", "indirect"),
        ("not_see_it", rf"\bzie het {G2}niet meer zitten\b|\bzie {G1}niks meer zitten\b", "indirect"),
        ("no_way_out", rf"\b(?:zie|zien|is|heb) {G1}geen (?:uitweg|toekomst|uitweg meer|toekomst meer|hoop meer)(?: voor {ME})?{END}|\bgeen uitweg meer\b", "indirect"),
        ("cannot_go_on", rf"\b(?:ik|k) kan (?:het )?(?:echt |gewoon |zo |bijna )?niet meer(?: aan| verder)?{END}", "soft"),
        ("disappear", rf"\b{WANT} {G4}verdwijnen{END}", "soft"),
        ("leave_world", r"\b(?:weg|vertrekken|verdwijnen|eruit stappen) (?:uit|van) (?:deze|de) wereld\b", "indirect"),
        ("to_heaven", rf"\b{WANT} {G3}(?:naar|in) de hemel\b", "indirect"),
        ("farewell_last", r"\b(?:dit is )?(?:mijn|m) (?:laatste bericht|laatste berichtje|afscheidsbericht|afscheidsbrief)\b|\bafscheidsbrief\b", "indirect"),
        ("farewell_bye", r"\b(?:vaarwel|doei|dag|bye|tot nooit) (?:iedereen|allemaal|wereld|voor altijd)\b|\btot nooit\b", "indirect"),
        ("farewell_take_leave", rf"\b(?:neem|wil|kom) {G1}afscheid (?:nemen )?(?:van iedereen|van jullie|van het leven)\b|\bneem afscheid{END}|"
                                rf"\b(?:heb|ben) {G2}afscheid (?:gaan )?(?:genomen|nemen) van (?:iedereen|jullie|{MY}|het leven|de wereld)\b", "indirect"),
        ("farewell_tell_love", rf"\bzeg {G1}(?:tegen )?{MY} {G1}(?:ouders|moeder|vader|mama|papa|zusje|broertje|familie|vrienden) dat ik {G2}(?:van ze|van hen|van haar|van hem|van jullie) hou\b", "indirect"),
        ("farewell_never_see", rf"\b(?:jullie|je|niemand) (?:ziet|zien|zal|zult|hoort|horen) {ME} {G1}(?:nooit meer|niet meer)\b", "indirect"),
        ("farewell_sorry_all", r"\bsorry voor alles\b(?=.*\b(?:vaarwel|afscheid|doei|dag iedereen|hou van jullie|laatste)\b)|"
                               r"\b(?:vaarwel|afscheid|hou van jullie)\b.*\bsorry voor alles\b", "indirect"),
        ("giving_away", rf"\b(?:heb|geef|gaf) {G2}(?:al )?{MY} (?:spullen|dingen|bezittingen) {G1}(?:weg|weggegeven|weg gegeven)\b", "indirect"),
        ("giving_away_when_gone", rf"\b(?:gegeven|weggegeven|mag {G2}hebben|mogen {G2}hebben|krijgt|krijgen)\b.*\bals ik {G1}(?:er niet meer|weg|dood) ben\b", "indirect"),
        ("when_gone", rf"\bals ik (?:er )?{G1}(?:niet meer|dood) (?:ben|was|zou zijn|zou)\b|\bna mijn dood\b", "indirect"),
        ("last_time", rf"\bde laatste keer dat (?:jullie|je|iemand) {G2}(?:iets )?van {ME} (?:hoort|horen|hoor)\b", "indirect"),
        ("plan", rf"\b(?:ik )?(?:heb|weet) {G2}(?:een plan|al een plan|een manier|hoe ik het ga doen)\b(?=.*\b(?:dood|leven|einde|eind|doen)\b)", "indirect"),
        ("emoji_grave", rf"\b(?:ik wil|wil|binnenkort|vannacht|vanavond|klaar|ik ga|ben klaar) {G2}emoji_(?:graf|touw)\b", "indirect"),
        ("english", r"\b(?:kill myself|killing myself|kms|want to die|wanna die|wish i was dead|end my life|end it all|"
                    r"unalive|unalive myself|dont want to live|dont want to be here|no reason to live)\b", "direct"),
    ],
    "self_harm": [
        ("keyword", r"\b(?:zelfbeschadiging|zelfbeschadigen|zelfverwonding|zelfverwonden|automutilatie|selfharm|zelf beschadigen)\b", "direct"),
        ("verb_self", rf"\b(?:snij|snijd|snijden|sneed|kras|krassen|kraste|krab|brand|brandde|verwond|verwonden|beschadig|beschadigen|"
                      rf"bijt|sla|slaan|sloeg|stomp|bonk|prik|knijp) {G1}{SELF}\b", "direct"),
        ("verb_me", rf"\b(?:snij|snijd|sneed|kras|kraste|beschadig|verwond) {ME}\b(?! (?:aan|per ongeluk|erdoorheen)\b)", "direct"),
        ("perfect_self", rf"\b(?:heb|had|hebben) {G2}{SELF} {G3}(?:gesneden|gekrast|beschadigd|verwond|gebrand|geslagen|pijn gedaan|opengehaald)\b", "direct"),
        ("perfect_me_again", rf"\b(?:heb|had) {ME} {G2}(?:weer|opnieuw|expres|express|bewust|expres weer) {G1}(?:gesneden|gekrast|beschadigd|pijn gedaan|gebrand)\b", "direct"),
        ("hurt_self", rf"\b{SELF} {G2}pijn (?:doen|te doen|gedaan|doe|aan te doen)\b|\b{ME} expres pijn\b|\b(?:doe|deed|doen) {SELF} {G1}pijn\b", "direct"),
        ("self_verb", rf"\b{SELF} {G1}(?:snijden|krassen|branden|beschadigen|verwonden|slaan|bijten)\b", "direct"),
        ("body_opened", rf"\b{MY} {BODY} {G1}(?:opengehaald|open gehaald|opengesneden|open gesneden|opengekrast|open gekrast|kapot gesneden|kapotgesneden|kapot gekrast)\b", "direct"),
        ("head_banging", rf"\b(?:bonk|bonken|bonkte|sla|slaan|sloeg|beuk|beuken|beukte) {G3}(?:{MY} )?hoofd {G1}tegen (?:de|een) (?:muur|deur|kast)\b", "direct"),
        ("cut_body", rf"\b(?:snijden|snij|sneed|krassen|kras|kraste|krasjes|sneetjes|littekens|branden) {G2}(?:in|op|aan) {MY} {BODY}\b", "direct"),
        ("body_cut", rf"\b(?:in|op) {MY} {BODY} {G2}(?:snijden|snij|gesneden|krassen|kras|gekrast|branden|gebrand)\b", "direct"),
        ("hide_scars", rf"\b(?:littekens|wonden|wondjes|snijwonden|sneeen|krassen) {G3}(?:verbergen|verstoppen|zien|lange mouwen)\b|"
                      rf"\b(?:verstop|verberg|bedek|verstoppen|verbergen|bedekken) {G2}{MY} (?:armen|polsen|benen|littekens|wondjes|wonden|krassen)\b", "indirect"),
        ("scratching", rf"\b(?:heb|had) {G2}(?:weer |opnieuw )?gekrast\b(?! (?:op|in|aan) (?:de|het|een)\b)|"
                       rf"\b(?:ga|ging|wil|moet|begin|begon) {G1}(?:weer )?krassen{END}", "direct"),
        ("again_cutting", rf"\b(?:doe|deed) het (?:weer|opnieuw) (?:, )?(?:snijden|krassen)\b|\b(?:weer|opnieuw) {G2}(?:gesneden|gekrast){END}", "direct"),
        ("made_wounds", r"\b(?:brandwonden|sneetjes|krassen|wondjes|snijwonden) (?:[a-z]+ ){0,2}(?:gemaakt|gezet|zetten|maken)\b", "direct"),
        ("inverted_verb", rf"\b(?:sneed|snij|snijd|kras|kraste|brand|brandde) ik {G1}(?:weer|opnieuw|{SELF})\b", "direct"),
        ("sh_slang", r"\b(?:doe|deed|doen) (?:weer |nog |al |soms )?aan sh\b|\bsh (?:relapse|gedaan|weer)\b|\brelapse(?:d)?\b", "direct"),
        ("razor", rf"\b(?:scheermesjes?|mesjes?)\b(?=.*\b(?:gepakt|gekocht|verstopt|klaar|{SELF}|snij\w*|kras\w*|arm|armen|pols|polsen|bloed\w*|pijn)\b)", "indirect"),
        ("starve_self", rf"\b(?:{SELF} {G1}uit ?(?:hongeren|te hongeren)|honger {SELF} uit|hongerde {SELF} uit)\b", "direct"),
        ("emoji_pair", r"emoji_mes (?:\S+ ){0,3}emoji_bloed|emoji_bloed (?:\S+ ){0,3}emoji_mes", "indirect"),
        ("emoji_body", rf"(?:{SELF}|{BODY}) (?:\S+ ){{0,3}}emoji_(?:mes|bloed)|emoji_(?:mes|bloed) (?:\S+ ){{0,3}}(?:{SELF}|{MY} {BODY})", "indirect"),
        ("english", r"\b(?:self ?harm|cutting myself|cut myself|hurt myself|hurting myself)\b", "direct"),
    ],
    "abuse": [
        ("keyword", r"\b(?:seksueel misbruik|misbruikt|verkracht|verkrachting|verkrachtte|aangerand|aanranding|incest|"
                    r"huiselijk geweld|kindermishandeling|mishandeling|mishandeld|sextortion|grooming|loverboy)\b", "direct"),
        ("hits_me", rf"\b(?:slaat|sloeg|slaan|sloegen|schopt|schopte|schoppen|stompt|stompte|trapt|trapte|wurgt|wurgde|"
                    rf"mishandelt|mishandelde|mishandelen|misbruikt|misbruikte|misbruiken|verkracht|verkrachtte|betast|betastte|"
                    rf"bedreigt|bedreigde|bedreigen|knijpt|slaan|duwt|duwde|gooit) {G1}(?:{ME}|ons|(?:{MY} )?(?:moeder|mama|ma|zusje|broertje|vader|papa|pa))\b"
                    r"(?! (?:over|op|erdoorheen|door|wakker|aan)\b)", "direct"),
        ("hit_each_other", r"\b(?:slaan|sloegen|schoppen|schopten|mishandelen|bedreigen|wurgen) elkaar\b", "direct"),
        ("passive", rf"\b(?:word|werd|wordt|worden|werden|ben|zijn) {G3}(?:geslagen|geschopt|mishandeld|misbruikt|verkracht|"
                    r"aangerand|betast|bedreigd|gewurgd|opgesloten|in elkaar geslagen)\b", "direct"),
        ("has_me", rf"\b(?:heeft|hebben|had) {ME} {G3}(?:geslagen|geschopt|misbruikt|verkracht|aangerand|betast|bedreigd|gewurgd|opgesloten|pijn gedaan)\b", "direct"),
        ("touches_me", rf"\b(?:zit|zat|zitten|komt|kwam|raakt|raakte) {G2}aan {ME}\b|\b(?:zit|zat|komt|kwam) {G1}aan {MY} (?:lichaam|borsten|kruis|piemel|billen|onderkant|geslachtsdeel)\b|"
                       rf"\braakt {ME} {G3}aan\b", "direct"),
        ("forced_sex", rf"\b(?:seks|seksuele dingen|dingen|sex) {G3}die ik {G1}niet wil\b|\bmoet {G4}(?:seks|sex) (?:hebben|doen)\b|"
                      rf"\b(?:seks|sex) {G2}(?:hebben|doen) {G1}terwijl ik {G1}(?:dat )?niet wil\b", "direct"),
        ("does_things", rf"\b(?:doet|deed|doen) (?:rare |vieze |gemene |enge |seksuele )?dingen (?:met|bij|aan) {ME}\b", "direct"),
        ("locked_up", rf"(?<!ik )\b(?:sluit|sloot|sluiten) {ME} {G1}op\b", "direct"),
        ("night_visits", rf"\b(?:komt|kwam|komen) {G3}(?:op|in|naar) {MY} (?:kamer|bed) {G4}(?:doet|deed|dingen|aan {ME}|aanraken|betasten|zitten)\b", "direct"),
        ("threat_to_share", rf"\bdreigt {G4}(?:te delen|te verspreiden|online te zetten|door te sturen|te laten zien|op internet te zetten)\b", "direct"),
        ("nudes", rf"\b(?:naaktfoto|naaktfotos|naaktfoto s|nudes|naakt fotos|naaktbeelden|naakt filmpje|naaktfilmpje) {G4}(?:delen|verspreiden|doorsturen|online|sturen|te sturen|opsturen|versturen|laten zien)\b|"
                  rf"\bdreigt {G4}(?:naaktfoto|naaktfotos|nudes|naakt)\b", "direct"),
        ("unsafe_home", rf"\bniet veilig {G1}(?:thuis|bij {MY} (?:vader|moeder|ouders|stiefvader|stiefmoeder|pa|ma|papa|mama))\b|\bthuis {G2}niet veilig\b|\bonveilig thuis\b|\bthuis {G1}onveilig\b", "direct"),
        ("afraid_home", rf"\b(?:durf|durft|durven) {G2}niet (?:meer )?(?:naar huis|thuis te komen|naar huis te gaan|thuis te slapen)\b", "indirect"),
        ("afraid_of_adult", rf"\bbang (?:voor|van) {MY} {ADULT}(?:{END}| als| omdat| want| hij| zij| ze)", "indirect"),
        ("afraid_he_hurts", rf"\bbang dat (?:hij|zij|ze|{MY} {ADULT}) {G2}(?:{ME}|ons) {G2}(?:vermoordt|iets aandoet|dood maakt|slaat|pijn doet|pijn gaat doen)\b", "indirect"),
        ("violence_home", r"\b(?:geweld thuis|thuis geweld|klappen krijg|krijg klappen|klappen gekregen|klap gekregen|pak slaag|slaag gekregen|"
                          r"krijg slaag|krijg ik klappen|krijg ik slaag)\b", "direct"),
        ("not_safe_now", rf"\b(?:ik ben|ben) {G1}niet veilig{END}", "indirect"),
    ],
    "emergency": [
        ("overdose_word", r"\boverdosis\b|\boverdose\b", "direct"),
        ("overdose_amount", rf"\b{MANY} {G3}{PILLS} {G4}(?:genomen|geslikt|ingenomen|gedronken|op|opgegeten|leeggegeten|leeg gegeten|leeggeslikt|opgeslikt)\b", "direct"),
        # "swallowed pills", with no "my" (own medicine is "mijn pillen ingenomen", not this)
        ("pills_swallowed", r"\b(?:heeft|heb|had|hebben) (?:net |zojuist |vannacht |expres |stiekem )?(?:pillen|tabletten|medicijnen|slaappillen) (?:[a-z]+ ){0,2}geslikt\b", "direct"),
        ("overdose_sleeping", r"\b(?:slaappillen|slaaptabletten) (?:[a-z]+ ){0,3}(?:geslikt|ingenomen|genomen)\b", "direct"),
        ("poison", rf"\b(?:bleek|bleekmiddel|chloor|ontstopper|gootsteenontstopper|wasmiddel|antivries|gif|rattengif|ammoniak) {G2}(?:gedronken|ingenomen|geslikt|gegeten|op)\b", "direct"),
        ("no_food_days", rf"\b(?:dagen|weken|week|etmalen) {G3}(?:bijna |haast |zo goed als )?(?:niet|niks|niets|geen|nauwelijks) {G2}(?:gegeten|gedronken|eten|drinken|water|gehad)\b", "direct"),
        ("no_food_verb", rf"\b(?:eet|drinkt|drink|eten|drinken|at|dronk) {G2}(?:al )?(?:{DAYS} )?(?:dagen|een week|de hele week|week) {G1}(?:niet|niks|niets|nauwelijks|bijna niks|bijna niets)\b", "direct"),
        ("unresponsive", r"\breageert niet(?: meer)?(?= ?[.,!?]|$| en | meer\b)|\bheeft iets (?:geslikt|ingenomen|gedronken) (?:en|wat|dat)\b", "direct"),
        ("unconscious", r"\b(?:bewusteloos|buiten bewustzijn|ademt niet|ademt nauwelijks|ademt niet meer|reageert niet meer|wordt niet wakker|krijg (?:hem|haar) niet wakker)\b", "direct"),
        ("bleeding", r"\b(?:stopt niet met bloeden|(?:bloed|bloeden) (?:\w+ ){0,1}stopt niet|blijft (?:maar )?bloeden|houdt niet op met bloeden|bloedt (?:heel )?(?:erg|veel|hard)|heel veel bloed|veel bloed verloren)\b", "direct"),
        ("on_the_edge", rf"\b(?:sta|zit|ben) {G1}(?:nu )?(?:op het dak|op de brug|op het spoor|bij het spoor|op de rand|op een flat|op het balkon|op de rails|bij de rails)\b", "direct"),
        ("means_ready", rf"\b(?:heb|ligt|liggen|staat) {G2}(?:het|de|een|mijn) (?:mes|touw|strop|pillen|scheermesje) {G2}(?:klaar|klaarliggen|hier|in {MY} hand|naast {ME})\b", "direct"),
        ("weapon", rf"\b(?:heeft|met) (?:een )?(?:mes|pistool|wapen|vuurwapen) {G3}(?:dreigt|bedreigt|achter {ME}|achter ons|staat|voor de deur)\b|"
                   rf"\bbedreigt {G2}(?:{ME}|ons) met (?:een )?(?:mes|pistool|wapen)\b", "direct"),
        ("call_112", r"\b(?:moet ik|moeten we|zal ik|bel) (?:nu |de |)(?:112|ambulance|een ambulance) (?:bellen)?\b", "direct"),
    ],
    "parent_worry": [
        ("child_self", rf"\bzichzelf {G3}(?:iets aan ?doen|iets aandoen|iets aan te doen|iets aandoet|wat aandoet|wat aan ?doen|pijn doen|pijn te doen|"
                       r"pijn gedaan|pijn doet|snijden|gesneden|krassen|gekrast|verwonden|beschadigen|beschadigd|ophangen|op te hangen|van kant|"
                       r"dood maken|doodmaken|van het leven)\b", "direct"),
        ("child_verb_self", r"\b(?:snijdt|sneed|krast|kraste|beschadigt|verwondt|bezeert|slaat|brandt|sloeg) zichzelf\b|"
                           r"\bzichzelf (?:\w+ ){0,2}(?:snijdt|krast|beschadigt|verwondt|brandt|pijn doet)\b", "direct"),
        ("child_zich", r"\bzich (?:\w+ ){0,2}(?:van kant|iets aan (?:wil |gaat )?doen|iets aandoen|iets aandoet|dood (?:wil )?(?:maken|drinken)|van het leven)\b", "direct"),
        ("child_talks", rf"\b(?:{CHILD}|{THEY}) {G4}(?:praat|praatte|heeft het|had het|begint|begon|zegt|zei|schreef|schrijft|appte|appt|"
                        rf"roept|riep|vertelde|vertelt|tekent|tekende|post|plaatste|zoekt|zocht|gezegd|geschreven|geappt|verteld|gepost|gezocht|opgezocht|"
                        rf"gegoogeld|gegoogled) {G4}(?:over|van|dat|op|naar) {G3}"
                        r"(?:dood gaan|doodgaan|dood willen|dood wil|wil dood|zelfmoord|zelfdoding|sterven|er niet meer willen zijn|"
                        r"niet meer willen leven|niet meer wil leven|wil niet meer leven|er niet meer wil zijn|wil er niet meer zijn|"
                        r"niet meer wakker|dood zijn|een eind|een einde|van kant|zichzelf|het leven geen zin|beter dood|liever dood)\b", "direct"),
        ("child_wants", rf"\b(?:{CHILD}|{THEY}) {G2}(?:wil|wilt|wou|wilde) {G2}(?:dood|doodgaan|sterven|niet meer leven|er niet meer zijn|niet meer zijn|niet meer bestaan)\b", "direct"),
        ("child_keyword", rf"\b{CHILD} {gap(10)}(?:zelfmoord|zelfmoordgedachten|zelfmoordplannen|zelfmoordpoging|zelfdoding|suicidaal|suicidale|"
                          r"afscheidsbrief|zelfbeschadiging|doodswens)\b", "direct"),
        ("child_burden", rf"\b(?:beter af {G2}zonder (?:hem|haar)|niemand (?:(?:zal|zou|gaat) )?(?:hem|haar) (?:(?:zal|zou|gaat) )?{G1}missen|"
                         rf"(?:hij|zij|ze) (?:is|voelt zich|zou) {G1}(?:een last|tot last))\b", "indirect"),
        ("child_rather_dead", rf"\b(?:{CHILD}|{THEY}) {G4}liever dood\b", "direct"),
        ("child_marks", rf"\b(?:krassen|sneetjes|snijwonden|littekens|brandwonden|wondjes) {G1}(?:op|in|aan) (?:de|haar|zijn) {BODY}\b", "indirect"),
        ("child_unsafe", rf"\b(?:{CHILD}|{THEY}) {G2}(?:is|zijn|voelt zich) {G2}niet veilig(?:{END}| thuis| bij| met| meer| nu| daar)", "direct"),
        ("child_abused", rf"\b(?:slaat|sloeg|schopt|schopte|mishandelt|mishandelde|misbruikt|misbruikte|verkracht|verkrachtte|betast|betastte|"
                         rf"bedreigt|zit aan|zat aan) {G1}{CHILD}\b", "direct"),
        ("child_abused_object_first", rf"\b{CHILD} (?:misbruikt|misbruikte|mishandelt|mishandelde|betast|betastte|verkracht|verkrachtte)\b", "direct"),
        ("child_abused_passive", rf"\b{CHILD} {G3}(?:is|wordt|werd) {G4}(?:misbruikt|mishandeld|geslagen|verkracht|aangerand|betast)\b", "direct"),
        ("afraid_for_child", rf"\bbang dat (?:{CHILD}|{THEY}) {G3}(?:zelfmoord|iets doms doet|iets doms gaat doen|er een eind aan maakt|"
                             r"er een einde aan maakt|niet meer leeft|dood gaat|doodgaat)\b", "indirect"),
        ("child_farewell", rf"\b{CHILD} {G4}(?:afscheid|spullen weggegeven|heeft alles weggegeven)\b", "indirect"),
    ],
}

# Negated signals that no crisis rule can match (their gaps never cross a negation): these get
# the gentle check-in, never the alarm ("nee ik wil niet dood, ik ben gewoon moe").
CHECK_IN_RULES: list[tuple[str, str]] = [
    ("not_want_to_die", rf"\b(?:wil|ga|zou|wou) {G1}(?:niet|nooit|helemaal niet|echt niet) {G1}(?:dood|doodgaan|sterven|zelfmoord|mezelf)\b"),
    ("not_cutting", rf"\b(?:snij|kras|beschadig) {G1}(?:niet|nooit|nooit meer|niet meer) (?:meer )?{G1}(?:{SELF}|{ME})\b"),
]

# Phrases that look like a rule but are a figure of speech; a match directly followed by one of
# these is ignored ("... dood van verveling", "... dood van schaamte").
HYPERBOLE_AFTER = (
    r" ?(?:van|om|aan) (?:de |het )?(?:verveling|schaamte|lachen|honger|dorst|kou|hitte|warmte|stress|spanning|"
    r"nieuwsgierigheid|de zenuwen|zenuwen|ellende|moeheid|vermoeidheid|jaloezie)\b"
)
# Words that make a key word a figure of speech when they come right before it ("sociale
# zelfmoord", "politieke zelfmoord").
HYPERBOLE_BEFORE = (
    r"(?:sociale|politieke|commerciele|financiele|professionele|digitale|sportieve) $|"
    r"(?:film|filmpje|serie|les|lessen|boek|documentaire|artikel|programma|voorlichting|spreekbeurt|werkstuk|"
    r"nieuws|podcast|toneelstuk|gastles) (?:[a-z]+ )?over $"
)
# Laughter in the message switches off the "soft" rules only.
LAUGHTER = r"\b(?:haha\w*|hihi\w*|hehe\w*|lol|lmao|xd|emoji_lach|grapje|jk)\b"

# Everyday figures of speech and questions about death. The screen never fires on them anyway;
# action_crisis_net uses this list to overrule Rasa's crisis intent, which has no such sense
# (being scared or bored "to death", a child asking who else will die).
FIGURES_OF_SPEECH = [
    r"\b(?:schrok|schrik|schrikt|lach|lachte|lachten|schaam|schaamde|verveel|verveelde|werk|werkte|zoek|zocht|"
    rf"pieker|piekerde|erger|ergerde|wacht|wachtte|zweet|zweette) (?:me|mij|ons|je|zich) {G1}dood\b",
    r"\bdood(?:moe|ziek|stil|gewoon|eng|saai|normaal|leuk|serieus|geschaamd|gelachen|geschrokken|verveeld|gewerkt|op)\b|\bdood op\b",
    rf"\bdood (?:van|aan|om) (?:de |het )?[a-z]+\b|\bga er {G1}dood aan\b|\bis {G1}mijn dood\b|\bdood ?graag\b",
    r"\b(?:telefoon|mobiel|batterij|accu|laptop|plant|plantje|vis|visje|hamster|konijn|kat|hond|game|feest|party|stad|sfeer|server|wifi) "
    rf"(?:is|was|gaat|ging) {G1}dood\b",
    r"(?:^|\b(?:waarom|wanneer|hoe|wat|waar|gaat|gaan|ga|is|wordt)\b).*\b(?:opa|oma|iedereen|mama|papa|mensen|dieren|de hond|de kat|"
    r"jij|je|wij|we|overleden)\b.*\b(?:dood|doodgaan|sterven|overleden|hemel)\b.*\?",
    r"\b(?:waarom|wanneer|hoe) (?:ging|gaat|gaan|is|was) (?:opa|oma|mama|papa|de hond|de kat|mijn \w+) (?:\w+ )?dood\b",
    rf"\bsnij\w* {G1}(?:de|het|een|mijn|m|zijn|haar) {G1}(?:groente|groenten|brood|uien|ui|tomaat|tomaten|vlees|kaas|appel|papier|taart|pizza|stof)\b",
    rf"\b(?:een|1|2|twee) (?:paracetamol|paracetamols|ibuprofen|pil|pilletje|tablet|tabletje)\b(?! {G2}(?:geslikt|extra|meer))",
    r"\b(?:sociale|politieke|commerciele|financiele) zelfmoord\b|\b(?:film|serie|les|boek|documentaire|artikel|voorlichting|spreekbeurt|werkstuk|"
    r"gastles|podcast) (?:[a-z]+ )?over (?:zelfmoord|suicide|zelfdoding|zelfbeschadiging|misbruik|mishandeling)\b",
]


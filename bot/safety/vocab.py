"""Concept vocabularies for the screen, in Dutch, English, Turkish, Polish, Ukrainian (with the
Russian that Ukrainian families also write) and Arabic.

Each concept lists general phrase families for one idea (a means, a kind of harm, a way of
saying goodbye, who is spoken about), written from what 113 Zelfmoordpreventie, De
Kindertelefoon, Veilig Thuis and Centrum Seksueel Geweld describe as warning signs, and from
how people chat — never copied from the risk corpus (a test checks that no corpus message sits
in this file). Entries are written in their natural spelling and folded like the messages
(:mod:`bot.safety.fold`), so "ölmek" matches "olmek" and "أريد" matches "اريد".

A small pattern language keeps the entries readable:

- ``*`` at the end of a word: any ending ("zelfmoord*" also matches "zelfmoordgedachten");
- ``~`` between words: up to three other words, none of them a negation ("wil ~ dood" matches
  "wil echt gewoon dood", not "wil niet dood");
- ``(a|b)`` alternatives and ``?`` optional parts, as in regular expressions.

How the concepts combine is in :mod:`bot.safety.rules`; why, in docs/safety.md.
"""

from __future__ import annotations

# Words that turn a following signal into a denial ("ik wil niet dood"). Folded forms.
NEGATORS = frozenset({
    "niet", "geen", "nooit", "niks", "niets", "nee", "nie",
    "not", "no", "never", "dont", "doesnt", "didnt", "isnt", "wasnt", "wont", "aint", "nothing",
    "degil", "asla", "hic", "yok",
    "не", "ні", "ніколи", "нет", "никогда", "ани",
    "لا", "لم", "لن", "ليس", "مش", "ما",
})
NEGATION_WINDOW = 3
# An entry that opens with one of these opens a clause of its own: "ik weet niet of het leven nog
# zin heeft" is a doubt about life, not a denial of it.
CLAUSE_OPENERS = frozenset({"of", "if", "whether"})
CLAUSE_BREAKS = frozenset({".", ",", "!", "?", ";", ":", "؟", "،", "maar", "want", "en", "but", "and", "ama", "ale", "але", "но", "لكن"})

# concept -> entries. The category and weight of each concept are in bot.safety.rules.
CONCEPTS: dict[str, tuple[str, ...]] = {
    # -- suicide ------------------------------------------------------------------------------
    "suicide_explicit": (
        "(laatste keer|laatste bericht) ~ (van me|van mij|iets van me|horen)", "last (time|message) ~ (hear from me|from me)", "(jump|springen|spring|te springen) ~ (als|when|voor|in front of) ~ (trein|train|metro|volgende)", "(ik|she|he|i) ~ (overdose|od)", "(wil|want) dat (het|alles) (stopt|ophoudt)", "want (it|everything) to stop",
        "(wil|ga|gaat|denk|dacht|overweeg|van plan|plan) ~ (zelfmoord|zelfdoding) ~ (plegen|doen|te plegen|te doen)?",
        # Dutch puts the verb last after "dat", "omdat", "als": "… zegt dat ze dood wil".
        "(zelfmoord|zelfdoding) ~ (wil|wilt|wou|gaat|ga|zou) (plegen|doen)", "(dood|sterven|doodgaan) (wil|wilt|wou)",
        "niet meer (wil|wilt|wou) (leven|bestaan)", "er niet meer (wil|wilt|wou) zijn", "(eind|einde) aan ~ (wil|wilt|wou|gaat) maken",
        "(zelfmoordgedacht*|zelfmoordplan*|zelfmoordpoging*|suicidaal|suicidale gedachten)", "(heb|heeft|had|hebben) ~ poging ~ gedaan",
        "(want|wants|going|plan|planning|thinking about|think about|considering|thought about) ~ (suicide|killing (myself|herself|himself))",
        "(suicidal|suicide attempt|attempted suicide|tried to kill)",
        "intihar (etmek|edece*|ediyor*|etti*|etmeyi|etmek isti*)", "intihar (dusunce*|girisim*)",
        "(chce|chcialbym|chcialabym|planuje|mysle o|myslal* o) ~ samoboj*", "popelni* samoboj*", "(mysli|proba|probowal*) samoboj*",
        "(хочу|хоче|планую|плануе|думаю про|думає про|думала про|думав про) ~ самогуб*", "спроб* самогуб*", "суїцидальн*", "суицидальн*", "думаю о самоубийстве",
        "(اريد|يريد|تريد|افكر|يفكر|تفكر|ناوي|ناوية) ~ (الانتحار|انتحار|انتحر|انتحار)", "محاولة انتحار", "(افكار|تفكير) انتحاري*",
        "wil ~ dood", "wilt ~ dood", "wou (echt |gewoon |zo )?dood", "wil ~ (sterven|doodgaan|dood gaan)",
        "(wil|wilt|wou|hoef|kan) ~ niet (meer|langer) (leven|bestaan|verder)", "(wil|wou|hoef|zou|wilde) ~ er ~ niet (meer|langer) zijn", "liefst ~ er ~ niet (meer|langer) zijn",
        "niet meer wakker (worden|word)", "(eind|einde|punt) aan ~ (maken|zetten)", "er een (eind|einde|punt) (aan|achter)",
        "van kant maken", "van kant te maken", "(mezelf|zichzelf|haarzelf|hemzelf) ~ (doden|ophangen|vermoorden|iets aandoen)", "(mezelf|zichzelf|haarzelf|hemzelf) ~ op (te )?hangen", "(me|zich) op hangen", "(me|zich|mezelf|zichzelf|haarzelf|hemzelf) op (te|wil|wilde|wou|ga|gaat|zal|zou|gaan) hangen",
        "(mezelf|zichzelf) iets aan ~ doen", "iets aandoen", "ophang*", "liever dood", "(was|ben) ik maar dood", "beter dood",
        "kill (myself|herself|himself|themselves|themself)", "end (it|my life|her life|his life|their life|things|everything)",
        "take (my|her|his|their) (own )?life", "(want|wants|wanna|wanted) to die", "wanna die", "better off dead",
        "(dont|doesnt|didnt) want to (live|be here|exist|wake up)", "not want to (live|be alive)", "no reason to live",
        "hang (myself|herself|himself)", "jump (off|in front)", "sleep and never wake",
        "(kendimi|kendini|kendisini) oldur*", "olmek (istiyor*|istiyo|isterim|isti)", "olmek ist",
        "yasamak (istemiyor*|istemem)", "canina kiy*", "canima kiy*", "(hayatima|hayatina) son", "olsem", "olsem daha",
        "zabic sie", "sie zabi*", "zabij* sie", "zabiję sie", "zabije sie", "zabil sie", "zabila sie", "odebrac sobie zycie", "chce umrzec", "chce umrzec",
        "(chce|chcialby|chcialaby) ~ umrzec", "nie chce (juz )?zyc", "skonczyc ze soba", "skoncze ze soba", "powiesic sie",
        "вбити себе", "убити себе", "вбю себе", "покінчити з собою", "покінчу з собою",
        "покончить с собой", "покончу с собой", "хочу умереть", "хочет умереть",
        # Ukrainian "to die" has two common stems (по-мерти and в-/у-мерти), and a wish is said with
        # "хочу", "хоче", "хочеться" or "хотів/хотіла б"; Russian "сдохнуть" is the crude form.
        "(хочу|хоче|хочеться|хотілося б|хотів би|хотіла б|хочу|хочется|хочет) ~ (померти|вмерти|умерти|помирати|вмирати|здохнути|сдохнуть|умереть)",
        "краще б (я )?(помер|померла|вмер|вмерла|умер|умерла|не жив|не жила)", "краще (померти|вмерти)", "лучше б (я )?(умер|умерла|сдох)",
        "не хочу (більше )?жити", "не хоче (більше )?жити", "не хочу жить", "не хочет жить", "накласти на себе руки",
        "наклав на себе руки", "наклала на себе руки",
        "سانتحر", "راح انتحر", "ح انتحر", "حانتحر", "(اقتل|يقتل|تقتل) (نفسي|نفسه|نفسها)", "(اريد|يريد|تريد|ابي|بدي|بدو|بدها) ~ (اموت|يموت|تموت)",
        "(اريد|يريد|تريد) الموت", "لا (اريد|يريد|تريد) ان (اعيش|يعيش|تعيش)", "(انهي|ينهي|تنهي) (حياتي|حياته|حياتها)",
        # Moroccan Arabic (Darija), in Arabic letters and in Latin letters with digits (3 = ع, 7 = ح, 9 = ق).
        "(بغيت|بغا|بغات|باغي|باغية) ~ (نموت|يموت|تموت)", "(bghit|bgha|bghat|baghi|baghya) ~ (nmout|nmot|ymout|tmout)", "(n9tl|y9tl|t9tl) (rasi|rasou|rasha)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(ma|ما) (bghitch|bghitsh|bghitech|بغيتش) ~ (n3ich|n3ish|n3aych|نعيش)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "niet (meer|langer) wakker (wil|wilt|wou|wilde|hoeft|hoef) (te )?(worden|word)",
    ),
    "suicide_word": (
        "zelfmoord*", "zelfdoding", "suicid*", "suizid*", "sewerslide", "unalive*", "kms", "kys",
        "intihar*", "samoboj*", "самогуб*", "суицид*", "суїцид*", "самоубийств*", "انتحار", "انتحر*", "ينتحر", "تنتحر",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(eind|einde) aan (maakt|maak|maakte|maken|te maken)",
    ),
    "suicide_means": (
        "hoeveel ~ (pillen|paracetamol|slaappillen|tabletten|medicijnen|xanax|oxazepam) ~ (te veel|klaar|nodig|genoeg|dodelijk|dood)", "how (much|many) ~ (pills|paracetamol|tylenol|sleeping pills|xanax) ~ (too many|too much|enough|to die|kill)", "(pillen|tabletten|medicijnen|pills|meds) ~ (verstopt|opgespaard|bewaard|hidden|saved up|stashed)", "(dak|balkon|brug|flat|perron|raam|roof|balcony|bridge|platform|ledge) ~ (springen|spring|jump|jumping|naar beneden)", "(springen|spring|jump|jumping) ~ (dak|balkon|brug|flat|perron|raam|roof|balcony|bridge|platform|ledge)", "(op|on) (het|de|the) (dak|perron|brug|roof|platform|bridge|ledge)", "(touw|rope|riem|belt) ~ (ophangen|hang|nek|neck)",
        "pillen ~ (gespaard|verzameld|sparen|opgespaard)", "(gespaard|verzameld|opgespaard) ~ (pillen|tabletten|medicijnen)",
        "hoeveel ~ (pillen|paracetamol|tabletten|slaappillen|medicijnen) ~ (dodelijk|dood|genoeg|om)",
        "(dodelijke|dodelijk) (dosis|hoeveelheid)", "pijnloos ~ (dood|sterven|doodgaan|doen)", "manier* om ~ (dood|sterven)",
        "(voor|onder) (de|een) trein", "(springen|spring|sprong) ~ (van|vanaf|voor)", "(van|vanaf) ~ (flat|dak|brug|balkon) ~ (springen|spring)",
        "(op|op het) (dak|spoor)", "touw", "strop", "emoji_touw",
        "lethal dose", "how (much|many) ~ (pills|paracetamol|tylenol|tablets) ~ (kill|die|dead|lethal|enough)", "overdose on purpose",
        "(saved|saving|stockpil*|hoarding) ~ (pills|tablets|meds)", "(pills|meds|tablets) ~ (saved|hidden|stashed)",
        "painless (way|death|method)", "ways to die", "how to (die|kill)", "rope", "noose", "bridge", "train tracks",
        "kac (hap|ilac|tane) ~ (oldur*|olum*)", "olumcul doz", "ilaclari (biriktir*|sakla*)", "kopru*", "cati*",
        "ile (tabletek|tabletki) ~ (zabic|umrzec|smierc)", "dawka smiertelna", "(zbiera|chowa|schowal*) ~ (tabletki|leki)", "most", "dach",
        "скільки (таблеток|пігулок) ~ (померти|вбити|смерт*)", "смертельн* доз*", "(збира|хова)* ~ таблетки", "мост*", "дах*",
        "كم حبة ~ (اموت|للموت|تقتل)", "جرعة (قاتلة|مميتة)", "(يجمع|تجمع|خبا|خبات) ~ (الحبوب|الادوية)", "حبل", "جسر", "سطح",
        "hoe hoog ~ (flat|gebouw|brug|dak|balkon)", "how high ~ (building|bridge|roof|balcony)",
        "(acisiz|agrisiz) ~ (olmek|olunur|olum*)", "(atlasam|atlayacag*|atlamak isti*)", "(ilac*|hap*) ~ (topladim|topluyor*|sayiyor*|biriktir*)",
        "l7bal", "(7bob|دوا|الدوا|حبوب) ~ (mkhbyin|مخبيين|مخبية|khbat|خبات)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "pijnloos ~ (dood*|sterven|sterft)",
        "painless (way|ways|death|method|methods)",
        "(how (much|many)|hoeveel) ~ (lethal|deadly|fatal|dodelijk)",
        "(sta|staat|stond|zit|zat|ben) (nu |nou )?(bij|op|aan|naast|langs) (het|de|een) (spoor|spoorbaan|spoorlijn|rails|brug|viaduct|perron)",
        "(about|aan|over) (just )?(stepping|stappen|springen|jumping) (forward|naar voren|off|eraf|ervoor|in front)",
        "(denk|denkt|dacht|denken) ~ (erover|eraan|over|aan) ~ (om )?(te )?(springen|spring)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(rijdt|rij|rijden|te rijden|knal|knalt|knallen|te knallen|crash|crasht|crashen) ~ (tegen|in) (een|de|het) (boom|muur|vrachtwagen|brugpijler|pilaar|betonblok)",
        "(ga|gaat|gaan|loop|loopt|fiets|fietst) ~ naar (de|het|een) (brug|spoor|spoorbaan|spoorlijn|viaduct|dak|flat|rails)",
    ),
    "farewell": (
        "(sorry|spijt) ~ (alles|everything)", "het spijt me ~ (alles|laatste)", "(bedankt|dank) voor alles", "thanks for everything", "love you all", "(hou|houd) van jullie ~ (sorry|spijt|dag|doei)", "(gave|given|geeft|gaf|gegeven) ~ (phone|switch|laptop|telefoon|spullen|kleren|stuff) ~ (away|weg|aan (haar|zijn|mijn) (zus|broer|zusje|broertje|vriendin))", "just in case", "voor het geval dat", "(wachtwoorden|passwords) ~ (opgeschreven|wrote down|gegeven|gave)",
        "afscheidsbrie*", "afscheidsbericht*", "afscheid (genomen|nemen|briefje)", "(brief|brieven|briefjes) (geschreven|achtergelaten) voor",
        "sorry voor alles", "vergeef me", "(weggegeven|weg gegeven|weggeven|geeft ~ weg)", "(wachtwoorden|accounts|spullen) ~ (gegeven|weggegeven)",
        "(goodbye|farewell) (letter|note|message)", "suicide note", "(letters|notes) for (my|her|his)", "sorry for everything",
        "(giving|gave|given) (away|her|his) ~ (stuff|things|belongings|passwords|accounts)", "(passwords|accounts) to",
        "veda (mektub*|mesaj*|notu|etti*|etmis)", "(herkese|hepinize) veda", "beni affet*", "hakkini helal et", "hakkinizi helal edin", "her sey icin (ozur|affet)", "sifrelerini ~ verdi", "esyalarini ~ dagit*",
        "list pozegnaln*", "pozegnal*", "przepraszam za wszystko", "rozdaje ~ rzeczy", "rozdal*",
        "прощальн*", "прощальное", "вибач* за все", "прости за все", "прости* за всё", "роздає ~ речі", "роздала", "роздав",
        "رسالة (وداع|الوداع)", "وداع", "سامحوني", "اسف على كل شيء", "(وزع|وزعت) (اغراضه|اغراضها|اشياءه|اشياءها)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "afscheid* ~ (brief|briefje|briefjes|brieven)",
        "(brief|brieven|briefje|briefjes) ~ (geschreven|achtergelaten|klaargelegd) ~ (voor|aan) (mijn|mn|m|ons|jullie|haar|zijn)",
        "(wrote|written|writing|left) (letters|goodbye letters|notes|a letter|a note) (for|to) (my|her|his|everyone|you all)",
        "(wrote|written|writing) letters (tonight|today|for)",
        "(mag|mogen|krijgt|krijgen) ~ (al|alle) (mijn|mn|m) (spullen|kleren|games|schoenen|sieraden)",
        "(regel|regelen|regelt|geregeld) ~ voor (na mij|na mijn dood|als ik er niet meer ben)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(mijn|mn|zijn|zn|haar) (ps5|playstation|switch|xbox|spullen|jordans|sneakers|schoenen|kleren|games|laptop|fiets|gitaar|sieraden|kluissleutel|sleutels) (gaat|gaan|geef|geeft|gaf) (naar|aan) (mijn|mn|zijn|zn|haar) (zusje|broertje|zus|broer|vriend|vriendin|neef|nicht|moeder|vader|beste vriend|beste vriendin)",
        "(gaf|geeft|gegeven|gaf me|geeft me) ~ (zijn|zn|haar|mijn|mn) (kluissleutel|sleutels|ps5|playstation|switch|spullen|fiets|gitaar|sieraden|laptop|horloge|ketting) ~ (hou|houd|houden|mag je)",
        "(heb|heeft|had) (alles|het allemaal|alles al|het al) (al )?(geregeld|voorbereid|klaargelegd|opgeruimd) (vanavond|vannacht)",
    ),
    "hopeless": (
        "(wil|want) ~ (slapen|sleep) ~ (niet meer wakker|never wake|forever)", "(ik|i) (kan|can) (het|this|it) niet meer", "(geen|no) (reden|zin|point|reason) (meer )?(om|to) ~ (leven|live|gaan|go on)", "i (cant|cannot) take (it|this) anymore", "(ik|i) (trek|hou|houd) (het|dit) niet (meer|langer)",
        "(een|tot) last", "beter af zonder (mij|me|haar|hem)", "(heeft|heb) (allemaal )?geen zin meer", "geen zin (meer )?in (het )?leven",
        # Thinking about dying is a warning sign of its own (113 asks about it directly), but the
        # death of someone else ("de dood van opa") is grief.
        "(denk|denkt|dacht|denken|gedacht) ~ (aan|over) (doodgaan|dood gaan|sterven|dood zijn|niet meer leven|er niet meer zijn)",
        "(denk|denkt|dacht|denken) ~ (aan|over) (de|mijn|m) dood(?! van)", "gedachten (aan|over) (doodgaan|dood gaan|sterven|de dood(?! van))",
        "(think|thinking|thought|thinks) ~ about (dying|being dead|not being here|my death)",
        "uitzichtloos", "geen (uitweg|toekomst)", "kan (het )?niet meer", "trek (het|dit) niet meer", "(zie|ziet|zag|zien) (het|t) ~ niet (meer|langer) zitten", "(was|wou|wilde|wens) ~ (nooit|niet) geboren",
        "(leven|bestaan) ~ (geen zin|zinloos)", "waarom ~ (nog hier ben|nog leef|nog besta|er nog ben|nog op aarde)",
        "wil (gewoon )?verdwijnen", "niemand (zou|zal) ~ missen", "dood ~ (rustiger|rust|beter)", "(slapen|slaap) ~ niet (meer )?wakker",
        "(hoeft|hoef) (allemaal )?niet meer", "klaar met (alles|het leven|leven)", "leeg van binnen", "het leven zat",
        "burden", "better off without (me|her|him)", "no point", "(cant|cannot) go on", "(cant|cannot) do this anymore", "hopeless",
        "nobody would (miss|care)", "disappear", "(dead|death) ~ (calmer|peaceful|easier|better)", "done with (everything|life|it all)", "im done",
        "yuk (oldum|oluyorum)", "umutsuz*", "anlami yok", "kaybolmak isti*", "dayanamiyor*", "kimse ~ ozlemez",
        "ciezar*", "bez sensu", "nie ma sensu", "nie daje rady", "nie daje (juz )?rady", "zniknac", "nikt ~ (nie )?tesknil",
        "тягар*", "нема сенсу", "немає сенсу", "не бачу сенсу", "не можу (більше )?так", "зникнути", "нікому не потрібн*", "безнадійн*",
        "(ما|ma) (بقيتش|b9itch) (نقدر|n9dr)", "(3yit|عييت|تعبت) ~ (mn|من) (lhyat|l7yat|الحياة|كلشي|kolchi)", "عبء", "لا فائدة", "لا معنى", "ما عاد (اقدر|يقدر|تقدر)", "اختفي", "تعبت من الحياة", "لا امل",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "niemand (gaat|gaan|zullen|zal|zou) ~ (me|mij) ~ missen",
        "(ik|ze|zij|hij) (wil|wilt|wou) (gewoon |echt |écht )?niet meer(?!\\s+\\w)",
        "(als|dat|wanneer) ik ~ niet meer (besta|leef|er ben|zou bestaan|zou leven)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(doodgaan|dood gaan|dood zijn|sterven|er niet meer zijn|niet meer leven|niet meer bestaan) ~ (lijkt|voelt|is|leek|lijken) ~ (rustiger|rustig|fijner|fijn|makkelijker|beter|een oplossing|verleidelijk|een opluchting)",
        "(of|als) (het|mijn|mn|m|dit) (leven|bestaan) (nog )?(zin|nut) (heeft|had|hebben)",
    ),
    # -- self-harm ----------------------------------------------------------------------------
    "self_harm_act": (
        "(snij|snijd|snijdt|kras|krast|brand) (ik|ze|hij|zij) (weer|nog|steeds|elke)", "(ben|is|heb|heeft) ~ weer (aan het )?(snijden|krassen|gesneden|gekrast)", "(cutting|cut|hurting|burning) (again|every night|every day)", "(gekrast|gesneden|gebrand|geprikt) (in|op) (mijn|haar|zijn|m) (arm|armen|pols|polsen|been|benen|huid|buik|dij|dijen)", "(in|op) (mijn|haar|zijn|m) (arm|armen|pols|polsen|been|benen|huid|dij|dijen) ~ (gekrast|gesneden|gebrand|geprikt|krassen|snijden)", "(cut|cuts|scratched|burned|carved) ~ (her|his|my) (arm|arms|wrist|wrists|legs|thighs|skin)",
        "zelfbeschadig*", "automutil*", "(snij|snijd|snijdt|sneed|gesneden|snijden|kras|krast|kraste|gekrast|krassen|brand|brandt|verbrand*) ~ (mezelf|zichzelf|zich|haarzelf|hemzelf)",
        "(mezelf|zichzelf|zich|haarzelf|hemzelf) ~ (snijden|snijdt|snijd|gesneden|krassen|krast|gekrast|branden|verbrand*|pijn (doen|doet|gedaan)|slaan|slaat)",
        "snijdt in (haar|zijn|mijn) (armen|arm|benen|been|polsen|pols|buik|dijen)", "(krassen|sneetjes|snijwonden|wondjes) op (haar|zijn|mijn) (armen|arm|benen|been|polsen|pols|buik|dijen)",
        "\\bsh\\b", "self ?harm*", "selfharm*", "(cut|cuts|cutting|cutted|burn|burns|burning|hurt|hurts|hurting|scratch*) ~ (myself|herself|himself|themselves)",
        "(cuts|cutting|cut) on (her|his|my) (arms|arm|legs|thighs|wrists|wrist)", "(she|he) (cuts|is cutting)",
        "(kendimi|kendini|kendisini) (kes*|yarala*|jiletle*|yak*)", "(kendime|kendine|kendisine) (zarar|batir*)", "(kolunu|kollarini|bacaklarini|bilegini) (kes*|jilet*)", "jiletl*",
        "samookalecz*", "okalecza sie", "(tnie|cial|ciela|ciac|pocial|pociela) sie", "tnie (rece|reke|nogi|nadgarstki)", "rani sie", "krzywdzi (sie|siebie)",
        "самоушкодж*", "ріже себе", "різала себе", "різав себе", "ріже (руки|руку|ноги)", "порізи на (руках|руці|ногах)",
        "режет себя", "резала себя", "порезы на (руках|руке)", "селфхарм", "шкодить собі", "завдає собі",
        "(يجرح|تجرح|جرحت|جرح) (نفسي|نفسه|نفسها)", "(يؤذي|تؤذي|اذيت|اذى) (نفسي|نفسه|نفسها)", "ايذاء (النفس|نفس)", "(جروح|جرح) (على|في) (يد|يدي|ذراع|ذراعها|ذراعه|يديها|يديه)",
        "(sla|slaat|sloeg|slaan) ~ (mezelf|zichzelf|haarzelf|hemzelf)", "(hits|punches|hitting|punching) (herself|himself|myself)",
        "kesmeye basla*", "(kendi|kendini) ~ (yakmis|yakti|yakiyor|kanat*)", "(kolunu|bacagini|yuzunu|kafasini) ~ (kanat*|yakmis|yakti|kesmis)",
        "(kat|kay|كت|كي)? ?(9tt3|9te3|jer7|jr7|خدش|قطع|جرح) ~ (rasha|rasou|yddha|yddo|يدها|يدو|ذراعها|ذراعو|راسها|راسو)", "(كتخدش|كيخدش|كتقطع|كيقطع|كتجرح|كيجرح) ~ (يدها|يدو|راسها|راسو|ذراعها|ذراعو)?",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(snij|snijd|snijdt|sneed|kras|krast|brand|brandt|krab|krabt|krabde) ~ (haar zelf|hem zelf|me zelf|mij zelf|zich zelf)",
        "(expres|met opzet|express|on purpose|bewust) ~ (krab*|gekrab*|brand*|verbrand*|snij*|gesneden|kras*|gekrast|scratch*|burn*|cut*)",
        "(krab*|gekrab*|brand*|kras*|scratch*|burn*) ~ (expres|met opzet|express|on purpose)",
        "(deeper|dieper) (than|dan) ~ (i|ik) ~ (meant|wanted|intended|wilde|bedoeling)",
        "(arm|arms|legs|wrists|thighs|armen|benen|polsen|dijen) ~ (covered in|full of|vol|vol met|onder de) ~ (cuts|sneden|sneetjes|krassen|snijwonden)",
        "(scratch|scratches|scratching|scratched) ~ (my|her|his) (arm|arms|skin|legs|wrist|wrists) ~ (until|till) ~ (bleed*|blood)",
        "(krab|krabt|krabde|kras|krast) ~ (mn|mijn|m|haar|zijn) (huid|arm|armen|benen) ~ (open|kapot|tot bloed*)",
        "(doe|doet|deed|gedaan) (mezelf|zichzelf|haarzelf|hemzelf|mij zelf|me zelf) ~ pijn",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(bonk|bonkt|bonken|gebonkt|bonkte|sla|slaat|slaan|sloeg|beuk|beukt|beukte|ram|ramt|ramde|stoot|stoten) ~ (mijn|mn|zijn|zn|haar|m) (hoofd|kop) ~ tegen (de|het|een) (muur|deur|kast|vloer|grond|tafel|radiator)",
        "(mijn|mn|zijn|zn|haar) (hoofd|kop) ~ tegen (de|het|een) (muur|deur|kast|vloer|grond|tafel|radiator) ~ (bonk|bonkt|bonken|gebonkt|slaan|slaat|geslagen|beuken|rammen|geramd|stoten)",
        "(vuist|vuisten|hand|handen|knokkels) ~ tegen (de|het|een) (muur|deur|kast|beton|betonnen muur) ~ (tot|totdat) ~ (bloed*|open|kapot|gebroken|dik|scheef)",
        "(expres|met opzet|bewust|on purpose) ~ (slaat|sloeg|geslagen|slaan|bonk*|gebonkt|ramt|ramde|beukt|beukte|stoot|stootte|punch*|bang*|hit|hits|hitting) ~ (tegen|against|muur|wall|deur|door)",
        "(pijn|pain) (wil|wilt|wou|wilde|wants to|want to) (voelen|feel)",
        "(wil|wilt|wou|wilde|want|wants|wanted) (to )?(pijn|pain) (voelen|feel)",
        "(ik|ze|hij|zij) (snij|snijd|snijdt|kras|krast|sneed|kraste) (weer|nog steeds|opnieuw|sinds)",
        "(sneeen|sneden|streepjes|snijwonden) (op|in|aan) (haar|zijn|mijn|mn|zn|de) (arm|armen|onderarm|onderarmen|bovenbeen|bovenbenen|been|benen|pols|polsen|dij|dijen|buik)",
    ),
    "self_harm_sign": (
        "polsbandjes", "(clean|schoon) ~ (geweest|sinds|dagen|weken|maanden)", "(been|stayed) clean", "snee", "sneden", "wondje*", "pleisters", "(wristbands|bracelets|hoodie|sleeves) ~ (hide|cover|verbergen|verstoppen)",
        "littekens", "mesje*", "scheermesje*", "snijwond*", "sneetjes", "krassen", "lange mouwen", "bloed ~ (laken|lakens|bed|kussen)",
        "hoofd ~ (tegen|op) ~ muur", "emoji_mes", "emoji_bloed", "naald", "passer",
        "scars", "razor*", "blade*", "long sleeves", "blood ~ (sheets|sheet|pillow|tissues|towel)", "needle",
        "jilet", "kesik*", "yara izleri", "uzun kollu", "kan ~ carsaf",
        "zyletk*", "blizn*", "zadrapani*", "dlugie rekawy", "krew ~ (posciel|przescieradle)",
        "шрам*", "лезо", "леза", "лезви*", "порізи", "порезы", "довгі рукави", "кров ~ (простирадл*|постіл*)",
        "شفرة", "شفرات", "موس", "ندوب", "جروح", "دم على (السرير|الشرشف|الوسادة)",
        "brandwond*", "(kanatana|kanayana) kadar", "kan leke*", "kanli", "(caki|cakiyla|cakisi)", "(ayna|cam) parca*", "(stuk|scherf|scherven) glas",
        "(dem|ddem) (f|fi|3la)", "حروق", "(l9it|لقيت) ~ (zaj|الزاج|شفرة|mus|موس)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(days|weeks|months|dagen|weken|maanden) clean",
        "(tot|until|till) ~ (bloed|bloedt|bleeds|bleed|blood)",
    ),
    # -- sexual harm --------------------------------------------------------------------------
    "sexual_abuse": (
        "(seksueel|sexueel|seksuele) (misbruik*|geweld|overschrijd*|intimidatie)", "misbruik*", "aangerand*", "aanrand*", "verkracht*",
        "ontucht*", "pedo*", "betast*", "(aan|in) (haar|zijn|mijn|m) (plassertje|plasser|piemel|piemeltje|flamoes|poes|poesje|borsten|kruis|billen|onderkant|vagina|penis)",
        "(plassertje|piemeltje|flamoes) ~ (aangeraakt|aanraken|aanzitten|gezeten|pijn|likken|kietelen)", "(zit|zat|zitten) ~ aan (haar|zijn|mijn|me|mij) (lijf|lichaam|plassertje|piemel|billen|borsten)",
        "(moest|moet|laat) ~ (aan zijn|zijn) (piemel|plasser|ding)", "seks (met|gehad)", "geheimpje", "groom*",
        "sexual* (abuse*|assault*|touch*)", "molest*", "rape*", "raped", "(touch|touched|touches|touching) (her|him|me|my) (private|privates|down there|there|breasts|bottom)",
        "private parts", "privates", "(his|her|my) (willy|pee pee|privates)", "(touch|touched|touches|touching|play|played|plays|playing) ~ (his|her|my) (wee|winkie)", "abused", "abusing her", "abusing him",
        "cinsel (istismar*|taciz*|saldiri*)", "taciz*", "tecavuz*", "istismar*", "(ozel yer*|mahrem*) ~ (dokun*|elle*)", "dokunuyor", "dokundu",
        "molestow*", "wykorzystywan* seksual*", "wykorzysta*", "zgwalc*", "gwalt*", "dotyka (ja|go|mnie) ~ (w|po) (miejscach|intymn*|krocz*)", "dotykal*", "(intymn*|krocz*) ~ dotyk*",
        "сексуальн* (насильств*|домаганн*|насилие)", "домага*", "згвалт*", "ізнасил*", "изнасил*", "розбещ*", "растлен*", "торка* ~ (інтимн*|між ніг|там)", "трогал*", "лапа*",
        "تحرش*", "اغتصاب", "اغتصب*", "اعتداء جنسي", "اعتدى (عليها|عليه|علي)", "(يلمس|لمس|لمسها|لمسه) ~ (اماكن|مناطق|عورت*|الخاصة)", "التحرش",
        "اغتاصب*", "ghtasb*", "(تصاور|تصاوير|tsawer|tsawr) ~ (عريان*|3eryan*|3ryan*)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(oom|opa|man|vent|meneer|buurman|buurjongen|trainer|meester|leraar|stiefvader|oppas|neef) ~ (raakt|raakte|aanraakt|aait|aaide|zit|zat) ~ (haar|zijn|mijn|m|mn|me|mij|z) (plassertje|plasser|piemel|piemeltje|flamoes|poesje|borsten|vagina|penis|geslachtsdeel)",
        "(oom|opa|man|vent|meneer|buurman|trainer|meester|leraar|stiefvader|oppas) ~ (liet|laat|toonde|toont) ~ (zijn|zn|z) (plassertje|plasser|piemel|piemeltje|penis|ding|geslachtsdeel) ~ zien",
        "(ging|gaat|bleef|blijft) ~ door (terwijl|toen|ook al|hoewel) ~ (nee|stop) (zei|zeg|riep|zegt|zeide)",
        "(kept going|carried on|didnt stop|did not stop|wouldnt stop) ~ (when|after|even though|although) ~ (i|she|he) (said|told him|told her|screamed) (no|stop)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "aan (me|mij|haar|hem|m) gezeten",
        "(zit|zat|zitten) (hij|ze|zij) aan (me|mij|haar|hem)(?! (te|vast|vaak|tafel)(?!\\w))",
    ),
    "sexual_sign": (
        "(komt|kwam|gaat|ging) ~ (haar|zijn|mijn|op haar|op zijn) (kamer|bed) ~ (nacht|s nachts|avond)", "(s nachts|nachts|snachts) ~ (haar|zijn|mijn) (kamer|bed)",
        "in (haar|zijn|mijn) bed", "aangeraakt", "aanraken", "naakt*", "nudes", "dickpic*", "(foto|fotos|foto s) van (haar|mij|me) lichaam", "(oudere|volwassen) (man|vent|jongen)",
        "(comes|came|goes|went) (into|in) (her|his|my) (room|bed) ~ (night|nights)", "at night ~ (her|his|my) (room|bed)", "touch*", "naked", "nude*", "send pics", "older (man|guy|men)",
        "(odasina|yatagina) ~ gece", "gece ~ (odasina|yatagina)", "ciplak", "dokun*",
        "w nocy ~ (pokoju|lozka|lozku)", "(przychodzi|przyszedl) ~ (pokoju|lozka)", "nag* zdjec*", "nagie", "dotyk*",
        "вночі ~ (кімнат*|ліжк*)", "ночью ~ (комнат*|кроват*)", "(приходить|приходив|заходить) ~ (кімнат*|ліжк*)", "голі фото", "голые фото", "інтимні фото", "торка*",
        "في الليل ~ (غرفتها|غرفته|غرفتي|سريرها|سريره)", "(يدخل|دخل) ~ (غرفتها|غرفته|غرفتي)", "صور عارية", "عاري*", "يلمس*",
        "(عريان*|3eryan*|3ryan*)", "(سر|sir|ser) (بيناتنا|binatna)", "(كيدخل|kaydkhl) ~ (الليل|fllil|f lil)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(zat|zit|zitten|gezeten) aan (me|mij|haar|hem) ~ (douche|kleedkamer|bed|bad)",
        "(hand|handen) ~ (on|op) (my|her|mijn|haar|mn) (leg|thigh|been|dij) ~ (moved it up|omhoog|hoger|further)",
        "pijn (bij|aan|in) (mijn|haar|zijn|m|mn) (plassertje|piemeltje|flamoes|poesje|kruis|billen)",
        "(komt|kwam|kwamen) ~ (s nachts|snachts|nachts|at night) ~ (in|op|into) (haar|zijn|mijn|m|mn|her|my|his) (bed|kamer|room)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(doet|deed|doen) ~ (met|bij) (mij|me|haar|hem) in (bad|bed|de douche)",
        "(plassertje|plasser|piemel|piemeltje|flamoes|poesje|vagina|billetjes) ~ (rood|pijn|pijnlijk|zeer|bloed*|gezwollen|kapot)",
    ),
    # -- exploitation and coercion ------------------------------------------------------------
    "coercion_strong": (
        "loverboy*", "mensenhandel*", "uitbuit*", "sextort*", "chanter*", "chantage", "afpers*", "(gedwongen|uitgehuwelijkt|uithuwelijk*) ~ (huwelijk|trouwen)?",
        "(moet|moeten|gedwongen) ~ trouwen", "eerwraak", "eergerelateerd*", "(familie )?eer (van|aantasten|geschonden|bezoedeld)", "familie eer", "schande over (de )?familie",
        "(dreigt|dreigen|gedreigd) ~ (foto|fotos|video|filmpje|naaktfoto*) ~ (delen|verspreiden|sturen|online|posten|op insta)",
        "(drugs|pakketjes|pakket*) ~ (vervoeren|brengen|rondbrengen|afleveren) ~ (moet|moeten|dwingen|gedwongen)", "drugsrunner*", "(laten|laat) ~ (haar|hem|me|mij) niet (gaan|weg)", "mag niet weg",
        "blackmail*", "sextortion", "traffick*", "exploit*", "forced (marriage|to marry|into marriage)", "(make|making|made) (her|him|me) marry", "honou?r (based|killing|violence|related)",
        "(threaten*|threat) ~ (share|post|send|leak) ~ (pics|photos|pictures|nudes|video)", "county lines", "(wont|will not|dont) let (her|him|me) (leave|go)",
        "santaj*", "zorla (evlendir*|evlen*|nikah*)", "namus*", "(fotograf*|resim*) ~ (yaymakla|paylasmakla) ~ tehdit*", "kiz kacirma",
        "szantaz*", "szantazuj*", "handel ludzmi", "(przymusow*|wymuszon*) (malzenstw*|slub*)", "zmuszaj* ~ (slub*|wyjsc za)", "grozi ~ (zdjeci*|zdjec*) ~ (wysl*|opublik*|udostepn*)", "nie pozwala* ~ (wyjsc|odejsc)",
        "шантаж*", "торгівл* людьми", "торговл* людьми", "(примусов*|вимушен*) (шлюб*|весілл*)", "(змушу*|заставля*) ~ (вийти заміж|одружит*)", "погрожу* ~ (фото|відео) ~ (викласт*|розіслат*|показат*)", "не відпуска*",
        "ابتزاز", "يبتز*", "تبتز*", "زواج (قسري|بالقوة|بالاكراه)", "(يجبرونها|يجبرها|اجبروها) ~ (الزواج|تتزوج)", "(جرائم|جريمة) الشرف", "(شرف|عار) (العائلة|العيلة)", "يهدد* ~ (بنشر|نشر) ~ (صور|فيديو)", "الاتجار بالبشر",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(moet|moest|moeten|dwingen|dwingt|gedwongen) ~ (drugs|wiet|coke) ~ (bewaren|verstoppen|vervoeren|brengen|rondbrengen|afleveren|afgeven|verkopen)",
        "(pakjes|pakketjes|pakketten|drugs) ~ (afgeven|afleveren|rondbrengen|bezorgen) ~ anders",
        "(voor geld|for money) ~ (seks|sex|naar bed)",
        "(voor geld|for money) (met|with) ~ (slapen|slaap|sleep|naar bed)",
        "(met|with) ~ (vrienden|friends|mannen|men) ~ (slapen|slaap|sleep|naar bed) ~ (voor geld|for money)",
        "(baas|werkgever|boss|employer|vriend|pooier|pimp) ~ (houdt|hield|pakt|pakte|afgepakt|ingenomen|afgenomen|heeft|keeps|kept|took|has) ~ (haar|zijn|mijn|mn|her|his|my) (paspoort|passport|id|identiteitskaart)",
        "(pay|paying|betalen|terugbetalen|afbetalen) ~ (back )?(by doing|door (dingen|klusjes) te doen|with favou?rs|met seks|with sex)",
        "(voor|om) de (familie)?eer ~ (dood|vermoord*|doodmaken|maakt)",
        "(dood|vermoord*|doodmaken|maakt ~ dood) ~ (voor|om) de (familie)?eer",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(bankpas|pinpas) ~ (pincode|pin|code) ~ (uitlenen|afgeven|geven|lenen|afstaan|gebruiken)",
        "(geldezel*|money mule*)",
        "(moet|moeten|moest) ~ iets terug ~ (doen|geven) ~ (voor|aan|met) ~ (hem|zijn|zn|vrienden)",
        "(ze|zij|hij|they) (hebben|heeft|houden|houdt|have|has|keep|keeps) (mijn|mn|zijn|zn|haar|my|his|her) (id|paspoort|papieren|identiteitskaart|verblijfsvergunning|passport)",
        "(stuurt|sturen|gestuurd|meenemen|meegenomen|brengen|gebracht) ~ (om )?te (laten )?trouwen",
        "geen papieren ~ (werkt|werken|werk|werkte) ~ (dag en nacht|de hele dag|elke dag|voor niks|voor niets)",
    ),
    "coercion_sign": (
        "dwingt*", "dwingen", "gedwongen", "dreigt*", "gedreigd", "bedreig*", "oudere (jongens|mannen|vriend)", "schuld (af|afbetalen|terug)", "moet ~ (geld|terugbetalen|afbetalen)",
        "telefoon (afgepakt|afgenomen)", "paspoort (afgepakt|afgenomen)", "opgesloten", "sluit* ~ op", "(zijn|haar) eer", "trouwen", "pakketjes",
        "forc*", "threaten*", "threat*", "older (boys|guys|men|boyfriend)", "(owes|owe) ~ (money|them)", "debt", "locked (in|up)", "passport", "marry",
        "zorla*", "zorluyor*", "tehdit*", "evlen*", "kilitli*", "pasaport*",
        "zmusza*", "grozi*", "zamkn*", "dlug*", "slub*", "paszport*",
        "змушу*", "заставля*", "погрожу*", "угрожа*", "замкн*", "борг*", "паспорт*", "заміж",
        "يجبر*", "تجبر*", "يهدد*", "تهدد*", "تهديد", "(يحبس|محبوس*)", "دين", "جواز", "الزواج", "يزوج*",
        "(drari|دراري|wlad) (kbar|كبار)", "(rajel|راجل|wa7d|واحد) (kbir|كبير)", "(kayhdd*|kaythdd*|hddd*|كيهدد*)", "(ma kaykhlihach|ما كيخليهاش|ما كيخليهش) ~ (tkhrej|تخرج|يخرج)", "(l3ar|العار)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(op de uitkijk|uitkijk staan|drugsrunner|koerier voor)",
        "(dealers|dealer|drugsbende)",
        "(bepaalt|bepaald|controls|decides) (wie ik|who i|waar ik|where i|wat ik|what i)",
        "(checkt|controleert|leest|checks|reads) (mijn|mn|my) (telefoon|mobiel|berichten|phone|messages)",
        "anders (pakken|slaan|doen|maken|krijgt) ~ (ze|zij|hij|mama|mam|papa) ~ (mij|me|haar|hem|het te verduren)",
        "(owe|owing|owes) (someone|them|him|money)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(uur|uren) (per|op een|elke) dag ~ (werken|werk|werkt) ~ (voor )?(bijna )?(niks|niets|geen geld)",
        "(werkt|werken|moet werken|moest werken|laten werken) ~ (dag en nacht|voor niks|voor niets|zonder loon|zonder geld)",
        "(trouwen|huwen|uithuwelijken) met (een |zijn |haar |z )?(nicht|neef|achternicht|achterneef)",
    ),
    # -- violence at home ---------------------------------------------------------------------
    "violence": (
        "(heeft|heb|had) (me|mij|haar|hem|ons|mn moeder|mijn moeder|mama) ~ (geslagen|geschopt|gestompt|geduwd|gewurgd|gegooid)", "(tegen|door) de (kast|muur|deur|grond|vloer) (geslagen|gegooid|geduwd|gesmeten)", "(in|op) (de|het|zijn|haar) (kelder|schuur|kast|zolder|kamer|badkamer|wc) ~ (opgesloten|opsluit|opsluiten|sluit)", "(opgesloten|opsluit) ~ (in|op) (de|het) (kelder|schuur|kast|zolder)", "(ouders|vader|moeder|papa|mama|stiefvader) ~ (vechten|vecht|schreeuwt help|gooit met)", "schreeuwt (om )?help", "(locked|locks) (me|her|him) (in|up)", "(screaming|screams) (for )?help", "(hurt|hurts|hurting) (her|my mom|my mum|mum|mom|us|me)", "(lip|neus|nose) (bloedt|bleeding|is bleeding)",
        "(slaat|sloeg|slaan|geslagen|schopt|schopte|geschopt|stompt|gestompt|trapt|trapte) ~ (haar|hem|me|mij|ons|de kinderen|mijn moeder|mama|mijn|m)",
        "(me|mij|haar|hem|ons) ~ (slaat|sloeg|geslagen|schopt|geschopt|stompt|gestompt)", "mishandel*", "huiselijk geweld", "geweld thuis",
        "wurg*", "keel (dicht|dichtgeknepen|dichtknijpen)", "(knijpt|kneep) ~ keel", "blauwe (plekken|plek|ogen|oog)", "(riem|stok|pollepel) ~ (geslagen|slaat|sloeg)",
        "pak slaag", "afgeranseld", "(tegen de muur|de trap af|van de trap) ~ (geduwd|gegooid|gesmeten)", "door elkaar geschud",
        "(hits|hit|beats|beat|beating|beaten|punches|punched|kicks|kicked|slaps|slapped) ~ (her|him|me|us|mum|mom|the kids|my)", "domestic (violence|abuse)",
        "chok*", "strangl*", "bruise*", "black eye", "threw (her|him|me) ~ (wall|stairs|floor)",
        "(dovuyor*|dovdu*|dovuldu*|doverdi|dovecek*|dovece*)", "(tokatla*|tekmele*|yumrukla*)", "sacindan ~ (cek*|sur*)", "dayak", "(vuruyor*|vurdu*) ~ (beni|onu|bizi|annem*)", "siddet*", "morluk*", "bogaz*",
        "(bije|bil|bila|pobil*|bija) ~ (mnie|ja|go|nas|mame|dzieci)", "(mnie|ja|go|nas) ~ (bije|bil|bila|pobil*)", "przemoc*", "dusil*", "siniak*", "uderzyl*",
        "(бє|бив|била|побив*|бьет|бил|избил*) ~ (мене|її|його|нас|маму|дітей|меня|ее|его)", "(мене|її|його|нас|меня|ее|его) ~ (бє|бив|била|побив|бьет|бил)",
        "насильств*", "насилие", "душив*", "душил*", "синці", "синяк*", "вдарив*", "ударил*",
        "(يضرب|ضرب|ضربت|يضربني|يضربها|يضربه|يضربنا|ضربني|ضربها|ضربه|ضربتها|ضربته)", "عنف", "(يعنف|معنف*)", "كدمات", "(خنق|يخنق|خنقها|خنقني)",
        "(kaydreb|kaydrb|kaydrab|dreb|drb|drbha|drbo|drbni|drbat|kat3ddb|كيعذب|كتعذب)", "(kat7r9|kay7r9|كيحرق|كتحرق) ~ (wldna|wldi|bnti|ولدي|بنتي|ولدنا)",
        "(maakt|maak|maken) ~ (ons|jullie|haar|hem|de kinderen) ~ (dood|af)", "(sigara|utu) ile (yakmis|yakti|yakiyor)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(gooit|gooide|smijt|smeet) (met|de) (stoelen|stoel|borden|bord|glazen|meubels)",
        "(riem|belt) ~ (rug|back|billen) ~ (open|bloed*|blauw|bleeding)",
        "(kreeg|krijg|krijgt) (de )?(riem|stok|pollepel)",
        "(blauwe plekken|bruises) ~ (van|from) (die|that|haar|zijn|his|her) (vent|man|vriend|guy|boyfriend|stiefvader|vader|moeder)",
        "(klappen|slaan|geslagen) en (gillen|schreeuwen|huilen)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(word|wordt|werd|worden|werden) ~ (geslagen|geschopt|gestompt|mishandeld|gewurgd|getrapt|in elkaar geslagen|afgeranseld)",
        "striemen",
        "(blauwe vingerafdrukken|vingerafdrukken (op|in) (haar|zijn|zn|mn|mijn) (arm|armen|bovenarm*|nek|keel|been|benen|gezicht))",
        "(trapt|trap|trappen|intrapt|intrappen|in te trappen) ~ (de|het) (deur|raam) ~ (in|open|kapot)?",
    ),
    "weapon": (
        "mes", "messen", "keukenmes", "emoji_mes", "pistool", "wapen*", "vuurwapen", "schaar",
        "knife", "knives", "(a|the|his|my|loaded) gun", "guns", "handgun", "weapon*", "blade",
        "bicak*", "silah*", "noz", "nozem", "nozami", "bron", "ніж", "ножем", "нож", "ножом", "зброя", "пістолет", "سكين", "بسكين", "سلاح", "مسدس",
        "سيف", "بالسيف", "(jenwi|جنوي)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(jerrycan|benzine)",
    ),
    "threat_kill": (
        "(kill|murder|hurt) (my|her|his) (mom|mum|mother|dad|father|sister|brother|kids|children)", "(vermoordt|vermoord|maakt) (hij|ze|zij) (me|mij|haar|hem|ons) ~ (dood|af)?", "(hij|ze|zij) ~ (vermoordt|vermoorden) (me|mij|haar|hem|ons)",
        "(dreigt|dreigde|gedreigd|zegt|zei|roept|riep) ~ (vermoord*|dood (te )?maken|af te maken|doodmaken|kapot (te )?maken)", "(ik|hij|hem) ~ (vermoord|maak) (je|jullie|haar|ons|de kinderen) ~ (dood|af)?",
        "(threaten*|said|says|swore) ~ (kill|hurt|murder) ~ (her|us|me|the kids|the children|them)(?! (dog|cat|pet|hamster|rabbit|bird|horse|feelings|phone|bike))", "(kill|murder) (us|her|me|the kids|the children|you all)(?! (dog|cat|pet|hamster|rabbit|bird|horse|phone|bike))",
        "(olduru*|oldurmek*) ~ tehdit*", "(seni|sizi|onu|hepinizi) olduru*", "olduru*",
        "(zabije|zabic|zabiję) ~ (was|ja|ciebie|dzieci|mnie|nas)", "grozil* ~ (zabic|smierci*)", "(вб|уб)ю ~ (тебе|вас|її|дітей|нас)", "погрожув* ~ (вбит*|убит*)", "угрожал* ~ убить",
        "(سيقتل|ساقتل|هيقتل|راح يقتل|يقتلنا|يقتلها)", "هدد* ~ (بالقتل|بقتل|يقتل)",
        "(ghadi|غادي|ghad|غاد) ~ (y9tl*|n9tl*|t9tl*|يقتل*|نقتل*|تقتل*)", "(y9tloh|y9tlouh|y9tlha|y9tlni)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(maakt|maak|vermoordt|vermoord) ~ (mijn|mn|m|zijn|haar|onze) (zus|zusje|broer|broertje|dochter|zoon|moeder|vrouw|kinderen|kind) ~ (dood|af)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(steek|steekt|stak|steken|te steken) ~ (het huis|de flat|de woning|ons|de boel|alles) ~ (in de fik|in brand|in de hens)",
        "(in de fik|in brand) (steken|steekt|steek|zetten|zet) ~ (met ons|met jullie|met de kinderen|met haar|met hem)",
        "(het huis|de flat|de woning|ons huis|de boel) (in de fik|in brand|in de hens) (steekt|steken|te steken|zet|zetten|te zetten)",
        "(dan )?(ga|gaat|zal|zul|zult) (je|jij|ze|zij|hij) het (voelen|zien|merken|bezuren)",
        # session 21: a parent or carer who hits the writer, said plainly, weighs like a threat (a child
        # who tells is asked at once; a fight between brothers is not this), and someone standing at the
        # door with a weapon. Written after "my dad hits me" got nothing from the screen.
        "(vader|moeder|papa|mama|pa|ma|stiefvader|stiefmoeder|dad|mum|mom|father|mother|stepdad|stepmum|stepmom) ~ (slaat|sloeg|schopt|schopte|stompt|trapt|hits|hit|beats|beat|kicks|kicked|punches|punched|slaps|slapped) (me|mij|ons|us)(?! (met (de|een|het) (bal|kussen)|(in|at) (fifa|games|chess|schaken))(?!\\w))",
        "(staat|stond|staan|loopt|liep|rent|rende|komt|kwam) ~ met (een|zijn|haar|het|de) (mes|messen|pistool|wapen|bijl|honkbalknuppel|knuppel|hamer) ~ (voor|naar|bij|door|achter) (de|het|ons|mijn|mn|haar|zijn) (deur|huis|raam|kamer|school)",
    ),
    # -- missing or runaway -------------------------------------------------------------------
    "missing": (
        "(weg|weggefietst|weggelopen|verdwenen) (uit|van) (de tuin|het speelveld|de speeltuin|het park|school|huis|de winkel)", "wandered off", "(kan|kunnen) (hem|haar) (nergens|niet) (vinden|meer vinden)", "(cant|cannot|can not) find (him|her|my son|my daughter)", "(overal|everywhere) ~ (gezocht|searched|looked)", "(zoon|dochter|kind|jongen|meisje|kleine) ~ (kwijt|zoek)", "weg ~ (gefietst|gelopen|gerend)", "(is|zijn|was) (al )?(een|1|twee|2|drie|3) (uur|uren|dagen|nachten) weg",
        "vermist*", "weggelopen", "(loopt|liep|lopen) ~ weg (van huis)?", "(is|zijn) ~ (gevlucht|weg van huis)", "van huis weg*", "onvindbaar", "spoorloos",
        "(niet|nooit) (thuis ?gekomen|naar huis gekomen|teruggekomen|thuis geslapen)", "(komt|kwam) ~ niet (thuis|naar huis|terug)",
        # English "missing" is a state ("has been missing since friday", "went missing", "a missing
        # child"), not the verb: "she is missing a lot of school right now" and "he misses his
        # friends" are everyday worries (with "now" they reached the card through the rules).
        "(is|are|was|were|been|went|gone|goes|go|reported|still|now|already) missing(?! (school|lessons?|class|classes|a|an|the|his|her|their|my|your|some|so|too|out|days|weeks|homework|friends|home|him|them|me|us|you|it|lots|deadlines|assignments)(?!\\w))",
        "missing (since|for|child|children|person|persons|kid|teen|teenager|girl|boy|overnight)", "report* ~ (as )?missing",
        # Running from the bullies on the playground is no runaway ("ran away from school" stays one,
        # as "weggelopen van school" does).
        "(ran|run|running) away(?! from (the )?(playground|bullies|bully|boys|girls|kids|other kids|older kids|them|those|the fight|a fight|the dog))", "runaway", "(didnt|hasnt|has not|did not|never) (come|came|get) (home|back)", "not (come|came) home", "disappeared",
        "kayip", "kaybol*", "(evden )?kacti", "evden kac*", "eve (gelmedi|donmedi|gelmiyor)", "(hala|daha|geri) (gelmedi|donmedi)", "(donmeyece*|gelmeyece*)", "evden (atti|atildim|atildi|kovdu|kovuldum|kovuldu)", "beni aramayin", "ortada yok",
        "zagin*", "(uciekl*|ucieka|uciekla) ~ (z domu|domu)?", "nie wrocil* ~ (do domu|na noc)?", "nie ma (jej|go) ~ (od wczoraj|od rana|od nocy|w domu)",
        "зник*", "пропал*", "пропав*", "(втік|втекла|втекли|сбежал*) ~ (з дому|из дома)?", "не (повернув*|повернулась|прийшла|прийшов|вернулся|вернулась|пришла|пришел) ~ (додому|домой)?",
        "مفقود*", "اختف*", "هرب*", "(لم|ما) (يرجع|ترجع|رجع|رجعت|يعد|تعد) ~ (للبيت|الى البيت|البيت)?", "(هرب|هربت) (من البيت|من المنزل)",
        "(ma|ما) (rj3ch|rj3atch|rje3ch|rj3och|رجعش|رجعاتش|رجعتش|رجعوش)", "(ghayb|ghayba|غايب|غايبة)", "(جرا|طرد) ~ (من الدار|من البيت|mn dar)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(niet|nooit) thuisgekomen",
        "(stapt|stapte|ingestapt) ~ (in|bij) (een )?(onbekende|vreemde) (auto|wagen|man)",
        "(slept|sleeping|sleep) (on|in) (a )?(park|bench|park bench|the street|streets)",
        "(left|run away from|ran away from) home",
        "(okuldan|eve) (gelmedi|donmedi)",
        "bulamiyoruz",
        "(weet|weten) niet waar ik ben",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(hij|zij|ze|zoon|dochter|kind|jongen|meisje) ~ (nooit|niet) aangekomen",
        "(hij|zij|ze) is nergens(?! (bang|goed|last|zin)(?!\\w))", "nergens (meer )?te (vinden|bekennen)",
        "(slaapt|sliep|slapen|geslapen) ~ (buiten|op straat|in (een|het|de) (tent|tentje|park|bos|portiek|trappenhuis|fietsenstalling|station|auto|bushokje))",
        "(uit huis|het huis uit|eruit|op straat|de deur uit) (gegooid|gezet|geschopt|getrapt)",
        "(niet|nooit) (op school|thuis) en (ook )?(niet|nooit) (thuis|op school)",
        "(ga|gaat|gaan) nooit (meer )?terug (naar huis|naar dat huis|naar mijn ouders|naar mn ouders|naar hun huis|naar die familie)",
    ),
    "missing_sign": (
        "sinds (gisteren|gisteravond|vannacht|vanochtend|zaterdag|zondag|maandag|dinsdag|woensdag|donderdag|vrijdag)", "al (twee|drie|2|3) (dagen|nachten)",
        "telefoon (staat )?uit", "neemt (de telefoon )?niet op", "(niet|nergens) (bereikbaar|te vinden)", "durf* ~ niet (naar huis|thuis)", "(bang|angst) ~ (naar huis|thuis)",
        "slaapt bij (een|iemand|onbekende|vreemde|oudere)", "(op|bij het) (station|straat)", "geen geld", "(bij|met) een (vreemde|onbekende|oudere)",
        "since (last night|yesterday|this morning|friday|saturday)", "phone (is )?(off|dead)", "not answering", "(afraid|scared) to go home", "(cant|cannot|dont want to) go home",
        "(sleeping|slept|staying) (at|with) (a|some) (stranger|guy|man|older)", "(at|in) (the|a) (station|street)", "no money",
        "dun (geceden|aksamdan|sabahtan) beri", "telefonu kapali", "ulasamiyor*", "eve gitmeye korkuy*", "sokakta", "istasyon*",
        "od wczoraj", "od (nocy|rana)", "telefon (wylaczony|nie odpowiada)", "nie odbiera", "boi sie wrocic", "na dworcu", "bez pieniedzy",
        "з учора", "з вчорашн*", "со вчера", "телефон вимкнен*", "телефон выключен", "не відповіда*", "не отвечает", "боїться (йти )?додому", "на вокзалі", "без грошей",
        "منذ (امس|البارحة|الليلة الماضية)", "(هاتفه|هاتفها|جواله|جوالها|تلفونه|تلفونها) (مغلق|مسكر|مقفل)", "لا (يرد|ترد)", "(خايف|خائف|خايفة|خائفة) ~ (البيت|ارجع)", "في (المحطة|الشارع)",
        "(tel|tilifoun|telephone|التيليفون|تيليفون|التلفون) ~ (msdod|tafi|طافي|مسدود|مطفي)", "(mn|من) (lbar7|البارح)", "(fin yn3s|فين ينعس|فين تنعس)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(de deur|het huis) uit (gerend|gerent|gevlucht|gestormd|gelopen)",
        "(telefoon|mobiel|phone) (staat|gaat|ligt) (uit|meteen op voicemail|op voicemail|direct op voicemail)",
    ),
    # -- medical danger -----------------------------------------------------------------------
    "medical_emergency": (
        "(wodka|vodka|alcohol|drank|bier) ~ (pillen|pills|xanax|tabletten|medicijnen)", "(pillen|pills|xanax|tabletten|medicijnen) ~ (wodka|vodka|alcohol|drank)", "(xanax|oxazepam|diazepam|temazepam|ritalin|adhd (pillen|tabletten|tablets|meds)|slaappillen|sleeping pills|antidepressiva) ~ (genomen|ingenomen|geslikt|op|took|swallowed|taken|geslikt)", "(took|taken|swallowed|geslikt|genomen|ingenomen) ~ (xanax|oxazepam|diazepam|ritalin|slaappillen|sleeping pills|pills|tablets|pillen|tabletten)", "(got into|in de|bij de|open gekregen|opengemaakt) ~ (pillen|pills|tablets|tabletten|medicijnen|pillepot|medicine|pil pot|pillendoos)", "(swallowed|ingeslikt|doorgeslikt|geslikt) ~ (several|a few|meerdere|een paar|battery|batterij|knoopcelbatterij|magneet|magnets)", "(bloed|blood) ~ (overgegeven|overgeven|gespuugd|spugen|vomit*|throwing up|threw up)", "(heeft|hasnt|has not|niet|niks|nothing) ~ (gedronken|drunk|drank) ~ (dagen|days|2|twee|3|drie)", "(word|wordt|wakker) ~ niet (meer )?wakker", "(zit|ligt) ~ (bewusteloos|slap)",
        "bewusteloos", "buiten bewustzijn", "(wordt|werd|word) ~ niet (meer )?wakker", "niet wakker te krijgen", "ademt ~ (niet|nauwelijks|raar|heel zwaar)", "geen adem",
        "(spuugt|spugen|gespuugd|braakt|overgeven|overgegeven|hoest|hoesten) ~ bloed", "bloed ~ (spugen|overgeven|braken|gespuugd|ontlasting|poep)",
        "(drinkt|dronk|gedronken) ~ (niks|niets|geen|niet) ~ (meer|sinds|al)", "drinkt niet meer", "overdosis", "(alle|hele|een hele|een doos|een strip) ~ (pillen|tabletten|paracetamol|strip|doosje|potje) ~ (ingenomen|opgegeten|geslikt|op)",
        "(ingenomen|geslikt|opgegeten|gedronken) ~ (pillen|tabletten|medicijnen|schoonmaakmiddel|bleek|chloor|wasmiddel|gootsteenontstopper)",
        "(baby|kindje|zoontje|dochtertje) ~ (geschud|door elkaar geschud)", "(geschud|door elkaar geschud) ~ (baby|kindje)", "stuip*", "(lippen|lip|gezicht) ~ blauw", "slap en (reageert|reageerde) niet",
        "reageert nergens meer op", "(ondergewicht|sondevoeding|bmi (van )?1[0-5])", "(weegt|woog) nog maar (2|3)[0-9] (kilo|kg)", "flauwgevallen ~ (weer|vaak|steeds)",
        "unconscious", "passed out", "(wont|cant|doesnt|will not|can not|cannot) wake (up|him|her)", "not breathing", "(stopped|stops) breathing", "(vomit*|throwing up|throws up|coughing|coughs) ~ blood",
        "(stopped|not|isnt|hasnt) ~ drink* ~ (anything|water|days)", "overdos*", "(took|swallowed|taken|ate) ~ (pills|tablets|packet|box|bottle|bleach|meds)", "shook (the|my) baby", "shaken baby", "seizure*",
        "lips ~ blue", "(unresponsive|limp)", "(weighs|weighed) only (2|3)[0-9] (kilo|kg|kilos)", "tube fed",
        "bilinci (kapali|yerinde degil)", "nefes (almiyor|alamiyor)", "uyanmiyor", "kan (kusuyor|kustu|tukuruyor)", "(su|hicbir sey) (icmiyor|icmedi)", "(ilac*|hap*|parasetamol*|tablet*) ~ (icti|ictim|yuttu|yuttum|aldi|aldim|yemis|icmis)", "(gozunu|gozlerini) acmiyor", "(cevap|tepki) (vermiyor*|vermiyo)", "nefesi ~ (yavas|zor|durdu)",
        "bebe* ~ (salladim|sarstim|sarsildi)", "nobet*", "havale geciriyor",
        "nieprzytomn*", "stracil* przytomnosc", "nie oddycha", "nie (mozna|moge) (go|jej) obudzic", "nie budzi sie", "wymiotuje krwia", "(kaszle|pluje) krwia", "nie pije", "przedawkowal*",
        "(polknal*|zazyl*|wzial*|wziela) ~ (tabletki|leki|opakowanie)", "(potrzasnal*|potrzasal*) ~ (dzieckiem|niemowlak*|dziecko)", "drgawki",
        "без свідомості", "без сознания", "непритомн*", "не дихає", "не дышит", "не прокида*", "не просыпа*", "блює кров*", "рвота с кровью", "кров* ~ (блює|блювал*|рвот*)", "не п є", "не пє", "не пьет",
        "передозув*", "передозир*", "(ковтнув|ковтнула|випив|випила|выпил*|проглотил*) ~ (таблетки|пігулки|таблеток|упаковку)", "(трусив|потрусив|тряс*) ~ (дитину|малюка|ребенка)", "судом*",
        "فاقد الوعي", "فقد الوعي", "(اغمي|مغمى) (عليه|عليها)", "لا (يتنفس|تتنفس)", "ما (يتنفس|تتنفس)", "لا (يستيقظ|تستيقظ|يصحى|تصحى)", "(يتقيا|تتقيا|يستفرغ|تستفرغ) ~ دم",
        "(لا|ما) (يشرب|تشرب)", "جرعة زائدة", "(بلع|بلعت|ابتلع|ابتلعت|اخذ|اخذت) ~ (حبوب|الحبوب|الدواء|علبة|كل)", "(هززت|هز|هزت) ~ (الطفل|الرضيع|طفلي)", "تشنج*",
        "(ma|ما) (kayjawbch|katjawbch|كيجاوبش|كتجاوبش|kayfi9ch|katfi9ch|كيفيقش|كتفيقش)", "(kat9ayya|kay9ayya|كتقيا|كيتقيا|تتقيا) ~ (dem|ddem|الدم|دم)",
        "(ma|ما) (b9atch|b9ach|بقاتش|بقاش) ~ (katchrb|kaychrb|كتشرب|كيشرب)", "(kla|klat|كلا|كلات|شرب|شربات) ~ (7bob|حبوب|الدوا|جافيل|jafil|javel)",
        "(antidepresan*|uyku hap*) ~ (icti|ictim|yuttu|bitirdi|hepsini)", "(hepsini|kutusunu) (ictim|icti|yuttum|yuttu)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(schoonmaakmiddel*|bleekwater|bleekmiddel|chloor|wasmiddel*|afwasmiddel|vaatwastablet*|wastablet*|wascapsule*|wasmachinetablet*|ontstopper|gootsteenontstopper|terpentine|lampolie|aanstekervloeistof|antivries|ammoniak|allesreiniger|ontkalker|wc eend|rattengif|gif) ~ (gedronken|opgedronken|ingeslikt|doorgeslikt|geslikt|gegeten|opgegeten|binnengekregen|gedronk|drinkt|dronk)",
        "(gedronken|opgedronken|ingeslikt|doorgeslikt|dronk) ~ (schoonmaakmiddel*|bleekwater|bleekmiddel|wasmiddel*|afwasmiddel|ontstopper|terpentine|lampolie|antivries|allesreiniger|ontkalker|wascapsule*)",
        "(drank|drunk|swallowed|ate|eaten|drinking) ~ (bleach|detergent|cleaning (stuff|product|liquid)|cleaner|laundry (pod|pods|capsule)|dishwasher tablet|drain cleaner|lamp oil|antifreeze|rat poison)",
        "(knoopcel*|knoopbatterij*|batterij*|magneet*|magneten|button batter*|magnet*|batter*) ~ (ingeslikt|doorgeslikt|geslikt|swallowed|opgegeten|ingeslikt)",
        "(ingeslikt|doorgeslikt|swallowed) ~ (knoopcel*|knoopbatterij*|batterij*|magneet*|magneten|button batter*|magnet*|batter*)",
        "(kotst|kotsen|gekotst|kots|spuwt|gespuwd|spuugt) ~ bloed",
        "bloed ~ (kotsen|gekotst|kotst)",
        "(te ?veel|teveel|een heleboel|heel veel|een hele) ~ (pillen|tabletten|tablet|tabletjes|medicijnen|paracetamol|slaappillen|ibuprofen|oxazepam) ~ (genomen|ingenomen|geslikt)",
        "(took|taken|swallowed|had) (a lot of|too many|too much|loads of|a whole) ~ (paracetamol|tylenol|ibuprofen|pills|tablets|meds)",
        "(reageert|reageerde) (nergens|niet) meer(?!\\s+op)",
        "(reageert|reageerde) niet (meer )?op (aanspreken|zijn naam|haar naam|pijn)",
        "niet (meer )?aanspreekbaar",
        "(4[0-2]|40,[0-9]|41,[0-9]) graden ~ (reageert|slap|suf|aanspreekbaar)",
        "(drink|drinkt|drinken|gedronken) ~ (al )?(2|3|4|5|6|7|twee|drie|vier|vijf|zes) dagen (niks|niets|nothing|niet)",
        "(niks|niets|nothing) gedronken ~ (2|3|4|5|6|7|twee|drie|vier|vijf|zes) dagen",
        "(fles|flesje|potje|pot|doos|doosje|strip|strips) (pillen|tabletten|medicijnen|paracetamol|slaappillen) ~ (leeggegeten|leeg gegeten|opgegeten|ingenomen|geslikt|leeg)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "([1-9][0-9]|tien|twintig|dertig|veertig|vijftig) (ibuprofen|paracetamol|pillen|tabletten|tabletjes|pijnstillers|slaappillen|oxazepam|diazepam|ritalin) ~ (genomen|geslikt|ingenomen|opgegeten)",
        "(genomen|geslikt|ingenomen|took|swallowed|taken) ~ ([1-9][0-9]|tien|twintig|dertig|veertig|vijftig|ten|twenty|thirty|forty|fifty) (ibuprofen|paracetamol|pillen|tabletten|pijnstillers|slaappillen|pills|tablets|painkillers)",
        "(bloedt|bloeden|bloed|bleeding) ~ (uit|from) (zijn|haar|zn|z|het|his|her) (oor|oren|ear|ears)",
        "gootsteen* ~ (gedronken|opgedronken|gedronk|geslikt|gegeten|drinkt|dronk|binnengekregen)",
        "(vaatwastablet*|wastablet*|wascapsule*|schoonmaakmiddel*|batterij*|knoopcel*|magneet*|rattengif|gif|bleek*) ~ in (zijn|haar|z|d|de|het|zn|mn|mijn) mond",
        "(adem|breath) ~ (ruikt|rook|smells|smelt) ~ (zoet|sweet|naar aceton|fruitig|fruity)",
    ),
    "medical_sign": (
        # A racing heart alone is as often panic as poisoning: a sign, not an emergency.
        "(hart|heart) ~ (racet|bonkt|gaat tekeer|racing|pounding|going crazy)",
        "(heel|erg|super|very|so) (slaperig|suf|sleepy|drowsy)", "(duizelig|dizzy) ~ (staan|stands|opstaan|stand up)", "(dagen|days) ~ (niet|nothing|niks) ~ (gegeten|eaten)",
        "(eet|at|eten) ~ (niks|niets|bijna niks|bijna niets|niet meer)", "(kilo|kilos) (afgevallen|kwijt)", "heel (mager|dun)", "(flauwgevallen|valt flauw)", "(bayildi|bayiliyor)", "(pillen|tabletten|paracetamol|medicijnen) ~ (ingenomen|geslikt|genomen|op)",
        "hoge koorts", "(hoofd|val) ~ (overgeven|suf|versuft)", "(eetstoornis|anorexia|boulimia)", "(gif|giftig)",
        "(not eating|stopped eating|barely eats|doesnt eat)", "lost ~ (kilos|kg|weight)", "(very|so|really) (thin|skinny)", "faint*", "(took|swallowed) ~ (pill|tablet|something)", "anorexi*", "bulimi*", "eating disorder", "poison*",
        "yemek yemiyor", "(kilo|kg) verdi", "cok zayif", "(ilac|hap) ~ (icti|yuttu|aldi)", "zehir*",
        "nie je", "(schudl*|stracil*) ~ (kilo|kg)", "bardzo chud*", "zemdlal*", "(tabletki|leki) ~ (polknal*|wzial*|zazyl*)", "anoreks*", "trucizn*",
        "не їсть", "не ест", "схудл*", "похудел*", "дуже худ*", "знепритомн*", "(таблетки|пігулки|таблетк*) ~ (ковтн*|випил*|випив|выпил*)", "анорекс*", "отру*",
        "(لا|ما) (ياكل|تاكل)", "(خسر|خسرت) ~ (كيلو|وزن)", "نحيف* جدا", "(اغمي|اغماء)", "(حبوب|دواء) ~ (بلع|ابتلع|اخذ)", "فقدان الشهية", "سم",
        "(جافيل|jafil|javel|bleach)", "(ma kat kolch|ما كلات والو|ما كياكلش|ما كتاكلش)",
        # session 19 (written from the misses of fresh18/fresh19, now tuning sets):
        "(hart|heart) ~ (racing|pounding|bonkt|als een gek|tekeer|weird|raar)",
        "(everything|alles) ~ (goes|gaat|went|ging) (black|zwart)",
        "(4[0-2]|40,[0-9]|41,[0-9]) graden",
        "(alles|everything) draait",
        "(pill|pil|pillen|pills|xtc|mdma|speed) ~ (heart|hart)",
        "(how long|hoelang|hoe lang) ~ (paracetamol|tylenol) ~ (damage|schade)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(lippen|lip|mond) ~ (paars|grauw|wit|verbrand|brandt|purple|grey)",
        "(praat|praten|praatte) (heel )?(raar|onduidelijk|wartaal|dubbel|vreemd)",
        "(insuline|insulin) ~ (vergeten|niet mee|niet bij|kwijt|op|forgot|left)",
        "(kalium|potassium) ~ (laag|te laag|low)",
        "(hoofd|kop) ~ (op|tegen) (het|de) (beton|stoep|stoeptegels|tegels|grond) ~ (gevallen|geklapt|geslagen|gevallen)",
    ),
    # -- who, when, and the safe side ---------------------------------------------------------
    "about_child": (
        "(mijn|m|mn|ons|onze) ~ (kind|kindje|dochter|dochtertje|zoon|zoontje|meisje|jongen|puber|tiener|baby|oudste|jongste|stiefdochter|stiefzoon|pleegkind|pleegdochter|pleegzoon)",
        "(my|our) ~ (child|kid|daughter|son|boy|girl|teen|teenager|baby|stepdaughter|stepson|eldest|youngest)",
        "(oglum|kizim|cocugum|bebegim|oglumuz|kizimiz|cocugumuz)", "(moj|moja|moje|nasz|nasza) ~ (syn|corka|coreczka|synek|dziecko)", "(syn|corka|synek|coreczka)",
        "(мій|моя|моє|наш|наша|мой) ~ (син|сина|донька|доньку|дочка|дочку|дитина|дитину|сын|дочь|ребенок)", "(син|донька|дочка|сын|дочь)",
        "(ابني|بنتي|ابنتي|طفلي|ولدي|طفلتي|ابننا|بنتنا)",
    ),
    "about_friend": (
        "(mijn|m|mn) ~ (vriend|vriendin|beste vriendin|beste vriend|maat|klasgenoot|broer|broertje|zus|zusje)", "(vriend|vriendin) van me",
        "my ~ (friend|bestie|bff|mate|classmate|brother|sister)", "(arkadasim|kardesim|abim|ablam)", "(przyjaciel*|przyjaciolk*|kolezank*|kolega|brat|siostra)",
        "(друг|подруга|подруги|брат|сестра|товариш)", "(صديقي|صديقتي|اخي|اختي)",
    ),
    "about_pupil": (
        "(leerling*|cliënt*|client*|jongere|pupil*|student|mentorleerling|een meisje uit|een jongen uit)", "(ogrencim*|ogrenci)", "(uczen|uczennica|podopieczn*)", "(учень|учениця|ученик)", "(طالب|طالبة|تلميذ*)",
    ),
    "urgent": (
        "(nu|nou|vanavond|vannacht|straks|meteen|morgen|vandaag)", "(now|tonight|right now|today|tomorrow)", "(simdi|bu gece|bu aksam|hemen|yarin|bugun)",
        "(teraz|dzis|dzisiaj|w nocy|jutro)", "(зараз|сьогодні|сегодня|сейчас|вночі|ночью|завтра)", "(الان|الليلة|اليوم|بكرة|غدا)",
    ),
    "joke": (
        "haha*", "hihi*", "lol", "lmao", "lmfao", "xd", "emoji_lach", "grapje", "geintje", "jk", "just kidding", "kidding", "ironisch", "sarcas*",
        "sakaydi", "saka", "gulerek", "gulerken", "zartuje", "жартую", "шучу", "امزح", "ههه*",
    ),
    "idiom": (
        "(ga|gaat|ging) ~ dood van (de )?(verveling|schaamte|honger|dorst|het lachen|lachen|de hitte|de kou|stress)", "(lach|schrik|schrok|verveel|verveelde) ~ dood",
        "doodmoe", "doodsbang", "doodop", "doodziek", "doodnormaal", "doodgewoon", "dood graag", "me dood",
        "(im|i am) dead", "(dying|died) (of|from) (laughter|embarrassment|boredom|laughing)", "killing me", "dying to", "(could|gonna) kill (him|her|them|you)", "killed it", "dead tired", "scared to death", "bored to death",
        "(olu|oldum) (bitti|bittim|yorgun*)", "(ofke|sinir|aglama) nobet*", "olucem gulmekten", "umieram (ze smiechu|z nudow)", "(вмираю|помираю|вмерти|померти|помру|вмру) (від|зі|з) (сміху|нудьги)", "умираю от (смеха|скуки)", "اموت من (الضحك|الملل)",
    ),
    "context_fiction": (
        "(spreekbeurt|werkstuk|profielwerkstuk|presentatie|project|opdracht|les|lesbrief|film|serie|boek|documentaire|nieuws|krant|game|fortnite|gta|minecraft|netflix|tiktok filmpje|liedje)",
        "(presentation|essay|assignment|project|lesson|class|movie|film|series|show|book|novel|documentary|news|article|game|gaming|song|podcast)",
        "(odev|ders|dersi|dersinde|dersten|proje|dizi|kitap|haberlerde|haberde|haberleri|oyunda|oyundaki|bilgisayar oyun*|video oyun*)", "(referat|projekt|lekcj*|serial|ksiazk*|wiadomosc*|gra|gre)", "(реферат|проєкт|проект|урок|фільм|серіал|книг*|новин*|гра|гру)", "(مشروع|درس|فيلم|مسلسل|كتاب|الاخبار|لعبة)",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "(horror*|griezelfilm*|thriller*)",
        "(ehbo ?cursus|ehbo ?les|ehbo ?diploma|cursus|voorlichting)",
        "(les|lessen|uitleg|geleerd|leren) over",
        "verhalen over",
    ),
    "context_past": (
        "vroeger", "(jaren|jaar|lang|maanden) geleden", "vorig (jaar|schooljaar)", "toen ik (klein|jong|jonger) was", "(is|was) (al )?lang voorbij", "gaat ~ (goed|beter)", "(maanden|weken|jaar) clean",
        "(years|long time|ages|months) ago", "last year", "when i was (little|young|younger|a kid)", "used to", "(doing|going) ~ (better|well)", "in the past", "(months|weeks) clean",
        "yillar once", "gecen yil", "cocukken", "lata temu", "w zeszlym roku", "dawno", "років тому", "минулого року", "давно", "منذ سنوات", "السنة الماضية", "زمان",
        "(دابا|daba|الحمد لله|l7amdolilah|hamdoulah) ~ (مزيان*|mzyan*|mziana|بخير|labas|لاباس)",
    ),
    "context_toddler": (
        "(peuter|peutertje|kleuter|tweejarige|driejarige|dreumes)", "(1|2|3|4|een|twee|drie|vier) jaar oud", "(1|2|3|4|twee|drie|vier)jarig*",
        "(van|is|zoon|zoontje|dochter|dochtertje|kind|kindje|broertje|zusje|neefje|nichtje|jongetje|meisje) (1|2|3|4|een|twee|drie|vier) (jaar|jarig*)", "(toddler|two year old|three year old|2 year old|3 year old|preschooler)",
        "(1|2|3|4|bir|iki|uc|dort) (yasinda*|yasindaki|yaslarinda)", "(anaokul*|kres*)", "(1|2|3|4|dwu|trzy|cztero) ?(latek|latka|letni*)", "przedszkol*",
        "(рочки|річна|річний|садочок)", "(عمره|عمرها|عندو|عندها|ذات|ذو) ((1|2|3|4|ثلاث|الثلاث|اربع|الاربع) )?(سنة|سنتين|سنتان|سنين|سنوات|عامين|عام)",
        "(1|2|3|4|جوج|زوج|تلت|ربع) (snin|snin|3am|3am|عام|سنين|سنوات|snine)", "(عامين|سنتين|سنتان)",
    ),
    "context_panic": (
        "paniekaanval*", "paniek aanval*", "hyperventil*", "panic attack*", "anxiety attack*", "panik atak*", "atak* panik*", "панічн* атак*", "паническ* атак*", "نوبة هلع", "نوبات هلع",
    ),
    # Someone else told them to kill themselves: bullies' words, quoted by the one who got them
    # ("ze zeiden dat ik dood moest gaan", "they told her to go kill herself"). A reason to ask, not
    # a death wish of the writer: the explicit signal in it becomes a check-in. "She told me she
    # wants to kill herself" is no insult: the phrase needs "to (go) kill yourself" right after
    # the person told, or the second person ("ga dood", "kill yourself").
    "context_insult": (
        "(told|tell|tells|telling|said to|says to|say to|texted|messaged|sent|dared) (her|him|me|them|us|my son|my daughter|my kid|my child|my friend) (to )?(go |just )?(and )?(go |just )?(kill (yourself|herself|himself|myself|themselves)|hang (yourself|herself|himself|myself)|die|kys|unalive (yourself|herself|himself|myself))",
        "(go|just|should|to) (kill|hang|unalive) yourself", "(go|just) die",
        "(zeiden|zeggen|zei|zegt|riepen|roepen|schreven|schrijven|stuurden|sturen|appten|appen) ~ (ga dood|kys|pleeg zelfmoord|maak jezelf (dood|van kant)|hang jezelf op|spring van (een|de|het) (brug|flat|dak))",
        "(zeiden|zeggen|zei|zegt|riepen|roepen|schreven|schrijven|stuurden|sturen|appten|appen) ~ (dat )?(ik|ze|zij|hij) ~ (dood moet|dood moest|zelfmoord moet|zelfmoord moest|zichzelf moet|zichzelf moest|mezelf moet|mezelf moest)",
        "(ga|ga maar|ga toch|ga gewoon) dood", "pleeg (maar|toch|gewoon)? ?zelfmoord", "(maak|hang) jezelf ~ (dood|van kant|op)",
    ),
    "context_accident": (
        "per ongeluk", "(aan|op) (een|het|de) (blikje|glas|papier|mes|schaar|hek|spijker) ~ (gesneden|gesnede|gesneden|geprikt|opengehaald)", "bij het (koken|snijden|spelen|sporten|voetbal)",
        "by accident", "accidentally", "(while|when) (cooking|playing|cutting)", "(on|with) (a|the) (can|tin|glass|paper|knife) ~ (cut|cuts)",
        "kazara", "yanlislikla", "przypadkiem", "випадково", "случайно", "بالغلط", "عن طريق الخطأ",
        # session 20 (written from the misses of fresh20, now a tuning set):
        "bij het ~ (koken|snijden|schillen|spelen|sporten|voetballen|knutselen|klussen)",
    ),
    "context_dose_question": (
        "(hoeveel|hoe vaak|mag|kan) ~ (geven|innemen|per dag|per keer|tegelijk)", "hoeveel ~ mag", "(maximale|max) dosis", "bijsluiter", "kinderparacetamol", "zetpil*",
        "how (much|many|often) ~ (can|should|may) ~ (give|take)", "(safe|maximum|max|right) dose", "leaflet", "per day",
        "(kac|ne kadar) ~ (verebilir*|vermeli*)", "(verebilir|verilir|vermeli) (miyim|mi|mu)", "ile (moge|mozna) ~ (dac|podac)", "скільки можна ~ (дати|давати)", "كم (مرة|جرعة) ~ (يمكن|اعطي)",
    ),
}

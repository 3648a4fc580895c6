"""The screen: folding, concepts in six languages, negation, context, the three outcomes.

The sentences here are written for these tests, in general words; none comes from the risk
corpus (tests/unit/test_safety_corpus.py checks that no corpus message sits in the code).
"""

import subprocess
import sys

import pytest

from bot.safety import CATEGORIES, Verdict, screen
from bot.safety.concepts import find
from bot.safety.fold import fold
from bot.safety.rules import score


@pytest.mark.parametrize("raw, folded", [
    ("Ik wil NIET meer!!!", "ik wil niet meer !"),
    ("İntihar ŞİDDET kızım", "intihar siddet kizim"),
    ("Zaginął, żyletka", "zaginal , zyletka"),
    ("أريد أن أموت", "اريد ان اموت"),
    ("Мій син зник", "міи син зник"),
    ("didn't", "didnt"),
    ("dooooood", "dood"),
    ("🔪", "emoji_mes"),
])
def test_folding_makes_spellings_comparable(raw, folded):
    assert fold(raw) == folded
    assert fold(folded) == folded


@pytest.mark.parametrize("text, concept", [
    ("ik denk steeds aan zelfmoord", "suicide_word"),
    ("i keep thinking i want to die", "suicide_explicit"),
    ("sürekli intihar etmeyi düşünüyorum", "suicide_explicit"),
    ("ciągle myślę, że chcę umrzeć", "suicide_explicit"),
    ("я думаю про самогубство", "suicide_explicit"),
    ("хочу вмерти", "suicide_explicit"),
    ("мені просто хочеться померти", "suicide_explicit"),
    ("краще б я вмерла", "suicide_explicit"),
    ("soms denk ik wel aan doodgaan", "hopeless"),
    ("sometimes i think about dying", "hopeless"),
    ("أفكر في الانتحار", "suicide_explicit"),
    ("zij snijdt zichzelf met een mesje", "self_harm_act"),
    ("hij is vermist sinds gisteren", "missing"),
    ("mijn vader slaat me elke avond", "violence"),
    ("ze ademt niet meer", "medical_emergency"),
])
def test_concepts_are_found_in_each_language(text, concept):
    assert find(text).has(concept), find(text).plain


@pytest.mark.parametrize("text", ["вмираю від сміху", "ze denkt veel aan de dood van opa", "ik denk niet aan doodgaan"])
def test_laughing_grief_and_a_denial_are_no_death_wish(text):
    hits = find(text)
    assert not hits.has("suicide_explicit") and not hits.has("hopeless"), hits.plain


def test_a_gap_never_crosses_a_negation_and_a_negated_signal_is_denied_not_absent():
    assert find("ik wil echt gewoon dood").has("suicide_explicit")
    hits = find("ik wil niet dood")
    assert not hits.has("suicide_explicit") and hits.denied("suicide_explicit")


@pytest.mark.parametrize("text", [
    "ik heb geen gedachten aan zelfmoord hoor, maar ik slaap wel slecht",
    "ik wil niet dood hoor, ik ben gewoon moe",
])
def test_a_denied_signal_asks_about_what_was_denied(text):
    verdict = screen(text)
    assert verdict.check_in and verdict.category == "suicide", verdict


def test_a_negation_inside_the_phrase_is_part_of_it():
    assert find("nie chcę żyć").has("suicide_explicit")
    assert find("ik wil niet meer leven").has("suicide_explicit")


def test_the_rules_alone_give_three_outcomes():
    assert score(find("ik wil zelfmoord plegen")).outcome == "crisis"
    assert score(find("ik wil niet dood hoor")).outcome == "check_in"
    assert score(find("wat eten we vanavond")).outcome == "none"


def test_a_time_word_counts_only_on_top_of_a_risk_sign_in_the_rules():
    assert score(find("hij zegt straks straks en dan doet hij niks")).score == 0
    assert score(find("mijn dochter is vannacht weggelopen")).score > score(find("mijn dochter is weggelopen")).score


@pytest.mark.parametrize("text, without", [
    ("hij zegt straks straks en dan doet hij niks", "hij zegt en dan doet hij niks"),
    ("kan ik vandaag nog een afspraak maken voor mijn zoon", "kan ik nog een afspraak maken voor mijn zoon"),
    ("can we talk tonight about my daughter", "can we talk about my daughter"),
])
def test_a_time_word_without_a_risk_sign_is_no_concept_for_the_classifier(text, without):
    from bot.safety.classifier import concept_features

    assert concept_features(find(text)) == concept_features(find(without))


def test_a_time_word_with_a_risk_sign_still_counts_for_the_classifier():
    from bot.safety.classifier import concept_features

    assert concept_features(find("mijn dochter is vannacht weggelopen")) != concept_features(find("mijn dochter is weggelopen"))


def test_a_joke_or_a_school_project_turns_an_explicit_signal_into_a_question_at_most():
    assert score(find("ik ga dood van verveling haha")).outcome == "none"
    assert score(find("voor mijn spreekbeurt over zelfmoord zoek ik informatie")).outcome != "crisis"


def test_a_toddler_who_hits_is_not_violence_at_home():
    assert score(find("onze peuter van 2 jaar slaat me als hij moe is")).outcome != "crisis"


def test_who_it_is_about():
    assert score(find("mijn dochter wil dood")).about == "child"
    assert score(find("my friend said he wants to die")).about == "other"
    assert score(find("ik wil dood")).about == "self"


@pytest.mark.parametrize("text", [
    "ik wil zelfmoord plegen vannacht",
    "i am going to kill myself tonight",
    "bu gece intihar edeceğim",
    "dziś w nocy się zabiję, mam tabletki",
    "сьогодні вночі я покінчу з собою",
    "سأنتحر الليلة",
])
def test_an_explicit_plan_is_caught_in_every_language(text):
    verdict = screen(text)
    assert verdict.outcome in ("crisis", "check_in"), verdict
    assert verdict.category in CATEGORIES


@pytest.mark.parametrize("text", ["hoe laat is het spreekuur", "kan ik een afspraak maken voor mijn zoon", ""])
def test_ordinary_messages_get_nothing(text):
    assert screen(text).outcome == "none"


def test_the_rules_decide_when_no_classifier_is_used():
    verdict = screen("ik wil zelfmoord plegen", use_classifier=False)
    assert verdict == Verdict(crisis=True, category="suicide", confidence=verdict.confidence, rule="rules:explicit")


def test_a_verdict_never_carries_the_text():
    verdict = screen("ik wil zelfmoord plegen")
    assert "zelfmoord" not in repr(verdict)


def test_importing_the_screen_compiles_and_loads_nothing():
    code = (
        "import sys\n"
        "import bot.safety, bot.safety.screen, bot.safety.concepts\n"
        "from bot.safety.concepts import compiled\n"
        "assert compiled.cache_info().currsize == 0\n"
        "assert 'sklearn' not in sys.modules and 'lingua' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("text", [
    "my daughter is missing a lot of school right now because she is anxious",
    "he keeps missing lessons and now the school wants to see us",
    "our son is missing his friends from back home today",
])
def test_missing_school_is_no_missing_child(text):
    hits = find(text)
    assert not hits.has("missing")
    assert score(hits).outcome == "none"


@pytest.mark.parametrize("text", [
    "my son has been missing since friday and his phone is off",
    "our daughter went missing last night",
    "we reported him missing to the police",
])
def test_a_missing_child_is_still_missing(text):
    assert find(text).has("missing")
    assert score(find(text)).outcome in ("check_in", "crisis")


def test_running_from_the_bullies_is_no_runaway_but_running_from_home_is():
    assert score(find("today he ran away from the bullies on the playground")).outcome == "none"
    assert find("she ran away from home two days ago").has("missing")
    assert find("he ran away from school and nobody knows where he is").has("missing")


def test_bullies_telling_a_child_to_kill_herself_gets_the_question_not_the_card():
    result = score(find("kids in her class told her to go kill herself in the group chat today"))
    assert result.outcome == "check_in" and result.category == "suicide", result
    hits = find("ze appten hem vandaag dat hij zelfmoord moest plegen, hij is er kapot van")
    assert hits.has("context_insult") and score(hits).outcome != "crisis"
    # ... and the whole screen asks, whatever the classifier makes of it (it scored such a message
    # under its check-in threshold).
    verdict = screen("kids in her class told her to go kill herself in the group chat today")
    assert verdict.outcome == "check_in" and verdict.category == "suicide", verdict
    assert verdict.rule == "rules:context_insult"  # a rule's check-in: no waiver may drop it


def test_telling_someone_she_wants_to_kill_herself_is_no_insult():
    for text in ("she told me she wants to kill herself tonight", "he told me he is going to kill himself"):
        hits = find(text)
        assert not hits.has("context_insult")
        assert score(hits).outcome == "crisis"


def test_a_threat_against_a_pet_is_no_threat_to_kill_a_person():
    assert not find("a boy in his class threatened to kill her dog").has("threat_kill")
    assert find("her ex threatened to kill her and the kids").has("threat_kill")


def test_screening_many_messages_at_once_gives_each_the_verdict_it_gets_alone():
    from bot.safety import screen_many

    texts = ["", "   ", "ik ben 15", "hoe lang is de wachttijd?", "ik wil niet meer leven",
             "mijn mesjes geef ik aan mijn moeder", "he threatened the kids with a knife", "🙂",
             "mijn zoon van 8 slaat zijn broertje", "ik heb pillen genomen"]
    many = screen_many(texts)
    assert many == [screen(t) for t in texts]
    assert [v.outcome for v in many][:3] == ["none", "none", "none"] and many[4].outcome == "crisis"


@pytest.mark.parametrize("text, outcome", [
    ("hij heeft gezegd dat hij zich op wil hangen", "crisis"),  # a separable verb, split
    ("soms denk ik dat ik mezelf ga op hangen", "crisis"),
    ("eerlijk gezegd zou ik er liever gewoon niet meer zijn", "crisis"),
    ("ik zie het al weken echt niet meer zitten", "check_in"),
    ("mijn broer zei dat hij wou dat hij nooit geboren was", "check_in"),
    ("haar hele bestaan is zinloos zegt ze", "check_in"),
])
def test_a_death_wish_is_read_in_its_everyday_word_orders(text, outcome):
    assert score(find(text)).outcome == outcome


@pytest.mark.parametrize("text", ["kun jij de was op te hangen", "zij vroeg me de jassen op te hangen",
                                  "ik zie het wel zitten", "ik zou er morgen niet zijn, dan ben ik op kamp"])
def test_the_same_words_in_everyday_use_are_no_sign(text):
    assert score(find(text)).outcome == "none"


def test_a_plain_sign_of_suicide_is_at_least_the_check_in_whatever_the_classifier_says():
    from bot.safety.classifier import Prediction, Thresholds, decide

    quiet = Prediction(crisis=0.05, risk=0.1, category="suicide", category_probability=0.5)
    thresholds = Thresholds(crisis=0.9, check_in=0.6, agreement=0.3)
    assert decide(score(find("ik zie het al weken echt niet meer zitten")), quiet, thresholds)[0] == "check_in"
    assert decide(score(find("sorry voor alles, jullie waren lief voor me")), quiet, thresholds)[0] == "check_in"
    # a weak sign of another kind is left to the classifier, and so is hopelessness in a joke
    assert decide(score(find("mijn broer sloeg me")), quiet, thresholds)[0] == "none"
    assert decide(score(find("haha ik zie het echt niet meer zitten met die toets")), quiet, thresholds)[0] == "none"


# Session 19: emergencies said plainly that the rules read as nothing. Each is explicit (the card
# at once, whatever the classifier thinks); the everyday look-alikes beside them are not.
@pytest.mark.parametrize("text, concept", [
    ("mijn dochter van 3 heeft afwasmiddel gedronken", "medical_emergency"),
    ("hij heeft een batterijtje uit de klok ingeslikt", "medical_emergency"),
    ("my toddler swallowed a magnet i think", "medical_emergency"),
    ("ze kotst sinds vanochtend bloed", "medical_emergency"),
    ("ik heb veel te veel slaappillen genomen", "medical_emergency"),
    ("ze ligt op de bank en reageert niet meer", "medical_emergency"),
    ("hij drinkt al drie dagen niks", "medical_emergency"),
    ("de buurman raakte mijn piemeltje aan", "sexual_abuse"),
    ("die meneer van de zwemles liet zijn piemel zien", "sexual_abuse"),
    ("hij ging gewoon door terwijl ik stop zei", "sexual_abuse"),
    ("ik moet wiet bewaren voor die jongens", "coercion_strong"),
    ("haar baas heeft haar paspoort afgepakt", "coercion_strong"),
    ("ze willen dat ik voor geld met hun vrienden naar bed ga", "coercion_strong"),
    ("ik krab expres mijn armen kapot", "self_harm_act"),
    ("het ging dieper dan ik wilde en het bloedt", "self_harm_act"),
])
def test_plain_emergencies_are_explicit(text, concept):
    from bot.safety.rules import EXPLICIT

    hits = find(text)
    assert hits.has(concept) and concept in EXPLICIT, hits.plain


@pytest.mark.parametrize("text", [
    "mijn hart bonkt altijd voor een toets",
    "hij raakt steeds zijn piemeltje aan, is dat normaal?",
    "ik moet mijn spullen bewaren in een kluisje",
    "mijn moeder bewaart mijn paspoort",
    "hij reageert niet meer op mijn appjes",
    "ze eet al drie dagen weinig door de griep",
    "ik moet pakketjes rondbrengen voor mijn bijbaan",
    "ik werk voor geld en slaap slecht",
    "mijn kind krabt zijn eczeem open",
])
def test_everyday_look_alikes_are_not_explicit(text):
    result = score(find(text))
    assert not (result.outcome == "crisis" and result.reason == "explicit"), (text, find(text).plain)


@pytest.mark.parametrize("text", ["mijn zoon van 13 is sinds vanmiddag weggelopen", "our daughter went missing after school",
                                  "ik doe mezelf pijn als het niet gaat", "ik wil niet meer!"])
def test_a_plain_sign_of_a_missing_child_self_harm_or_despair_is_asked_at_least_whatever_the_classifier_says(text):
    from bot.safety.classifier import Prediction, Thresholds, decide

    # The classifier gives nothing at all: the rules' floor still asks (or the card, when explicit).
    nothing = Prediction(crisis=0.0, risk=0.0, category="", category_probability=0.0)
    outcome, _source = decide(score(find(text)), nothing, Thresholds(crisis=0.9, check_in=0.6, agreement=0.3))
    assert outcome in ("check_in", "crisis"), (text, find(text).plain)


def test_the_missing_floor_is_not_the_violence_floor():
    from bot.safety.classifier import Prediction, Thresholds, decide

    nothing = Prediction(crisis=0.0, risk=0.0, category="", category_probability=0.0)
    # A fight said plainly is left to the classifier (a floor there would ask dozens of safe messages).
    outcome, _ = decide(score(find("mijn broer sloeg me")), nothing, Thresholds(crisis=0.9, check_in=0.6, agreement=0.3))
    assert outcome == "none"


# Session 20: what the rules read as nothing in verb-last Dutch and in the words people use for it.
@pytest.mark.parametrize("text, concept", [
    ("als het te veel wordt bonk ik mijn hoofd tegen de kast", "self_harm_act"),
    ("hij slaat met zijn vuist tegen de muur tot zijn knokkels open zijn", "self_harm_act"),
    ("ze zegt dat ze pijn wil voelen", "self_harm_act"),
    ("hij snijdt weer sinds de zomer", "self_harm_act"),
    ("ik zag sneden op haar bovenbeen", "self_harm_act"),
    ("de man van de overkant heeft aan haar gezeten", "sexual_abuse"),
    ("hij moet zijn pinpas en pincode afgeven aan een oudere jongen", "coercion_strong"),
    ("ze worden in de zomer naar het buitenland gestuurd om te trouwen", "coercion_strong"),
    ("ze hebben mijn paspoort en ik mag niks zeggen", "coercion_strong"),
    ("ik heb veertig pijnstillers geslikt", "medical_emergency"),
    ("na de val bloedt ze uit haar oor", "medical_emergency"),
    ("de kleine heeft iets uit het kastje onder de gootsteen gedronken", "medical_emergency"),
    ("mijn zoontje had een knoopcel in zijn mond", "medical_emergency"),
])
def test_plain_emergencies_in_their_everyday_word_orders_are_explicit(text, concept):
    from bot.safety.rules import EXPLICIT

    hits = find(text)
    assert hits.has(concept) and concept in EXPLICIT, hits.plain


@pytest.mark.parametrize("text, concept", [
    ("mijn dochter wordt door haar stiefvader geslagen", "violence"),
    ("hij heeft striemen op zijn benen", "violence"),
    ("hij zei dat hij het huis in de fik steekt", "threat_kill"),
    ("ze slaapt al een week in een tentje", "missing"),
    ("hij is door zijn moeder het huis uit gezet", "missing"),
    ("mijn zoon is nergens te vinden", "missing"),
    ("doodgaan voelt soms als een opluchting", "hopeless"),
    ("mijn ps5 gaat naar mijn broertje", "farewell"),
    # A doubt in a clause of its own is no denial: "weet niet" does not deny what "of" opens.
    ("ik weet niet of het leven nog zin heeft", "hopeless"),
])
def test_signs_said_in_other_words_are_read(text, concept):
    assert find(text).has(concept), find(text).plain


@pytest.mark.parametrize("text", [
    "ik heb 20 tabletten op voorraad",
    "mijn fiets gaat naar de reparatie",
    "vingerafdrukken op het raam",
    "hij is nergens bang voor",
    "het pakketje is nooit aangekomen",
    "hij slaat de bal tegen de muur",
    "ik heb alles geregeld voor de verhuizing",
    "mijn telefoon staat uit in de les",
])
def test_their_everyday_look_alikes_are_no_explicit_sign(text):
    result = score(find(text))
    assert not (result.outcome == "crisis" and result.reason == "explicit"), (text, find(text).plain)


def test_a_horror_film_or_a_cut_while_cooking_makes_an_explicit_signal_a_question_at_most():
    for text in ("we keken een horrorfilm waarin iemand zich ophangt",
                 "hij sneed zich bij het uien snijden in zijn vinger"):
        result = score(find(text))
        assert result.outcome != "crisis", (text, find(text).plain)


# Session 21: "my dad hits me" got nothing from the screen (violence alone is a sign the classifier
# must share, and it did not on short messages). A parent who hits the writer weighs like a threat.
@pytest.mark.parametrize("text", ["my dad hits me", "mijn moeder slaat mij elke dag", "mama schopt me",
                                  "hij staat met een mes voor de deur"])
def test_a_parent_who_hits_the_writer_or_a_weapon_at_the_door_is_at_least_asked_by_the_rules(text):
    from bot.safety.classifier import Prediction, Thresholds, decide

    nothing = Prediction(crisis=0.0, risk=0.0, category="", category_probability=0.0)
    result = score(find(text))
    assert result.outcome == "crisis" and result.category == "violence_home", (text, find(text).plain)
    outcome, _ = decide(result, nothing, Thresholds(crisis=0.9, check_in=0.6, agreement=0.3))
    assert outcome in ("check_in", "crisis")


@pytest.mark.parametrize("text", ["mijn broer slaat me", "mama slaat me met het kussen haha", "papa slaat me met de bal",
                                  "mijn vader sloeg me vroeger"])
def test_a_brother_a_joke_a_game_or_the_past_is_no_crisis_from_the_rules(text):
    assert score(find(text)).outcome != "crisis", (text, find(text).plain)

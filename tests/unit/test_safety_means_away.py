"""Means handed over or thrown away get the direct question (113 in it), whatever the classifier
says: the floor of bot.safety.means_away, in the screen and in make safety-eval's decisions.

The sentences are written for these tests; none comes from the risk corpus or a fresh set.
"""

import pytest

from bot.safety import screen
from bot.safety.concepts import find

HANDED_OVER = [
    ("ik heb gisteren al mijn scheermesjes aan mijn mentor gegeven", "self_harm"),
    ("de stanleymesjes gooi ik vandaag nog weg", "self_harm"),
    ("I gave my razor blades to my dad last night", "self_harm"),
    ("got rid of every blade i had", "self_harm"),
    ("de slaappillen heb ik aan mijn tante gegeven", "suicide"),
    ("i handed the pills over to my counsellor", "suicide"),
]


@pytest.mark.parametrize("text, category", HANDED_OVER)
def test_handing_over_means_gets_the_question_from_the_rules_alone(text, category):
    verdict = screen(text, use_classifier=False)  # no model: the rules and the floor on their own
    assert verdict.outcome == "check_in" and verdict.category == category


@pytest.mark.parametrize("text, category", HANDED_OVER)
def test_handing_over_means_gets_the_question_when_the_classifier_sees_no_risk(text, category):
    """The floor in make safety-eval's decisions, which are the screen's: a classifier that gives
    no risk at all (made-up scores) no longer decides whether the question comes."""
    from bot.safety.classifier import Prediction, Thresholds
    from tests.support.scripts import load_script

    no_risk = Prediction(crisis=0.0, risk=0.0, category="suicide", category_probability=1.0)
    decisions = load_script("safety_eval").decisions([find(text)], [no_risk], Thresholds(0.83, 0.59, 0.88))
    assert decisions == ["check_in"]


def test_with_the_classifier_handing_over_means_is_never_less_than_the_question():
    assert screen("ik heb gisteren al mijn scheermesjes aan mijn mentor gegeven").outcome in ("check_in", "crisis")
    assert screen("de slaappillen heb ik aan mijn tante gegeven").rule in ("rules:means_away", "classifier")
    assert screen("ik wil mezelf snijden en daarna geef ik de mesjes aan mama").outcome == "crisis"  # never lowered


@pytest.mark.parametrize("text", [
    "ik geef mijn zoon elke avond zijn medicijnen",  # a parent gives medicine every day
    "ik heb de oude medicijnen bij de apotheek ingeleverd",
    "de huisarts heeft haar pillen gegeven tegen de pijn",
    "mijn tablet heb ik aan mijn broer gegeven",  # the computer, not tablets
    "ik geef mijn scheermesjes niet aan mijn moeder",  # a negation: not this rule (the blade is still a sign)
])
def test_ordinary_giving_is_no_handing_over(text):
    from bot.safety import means_away
    from bot.safety.fold import fold

    assert means_away.category(fold(text)) is None


def test_at_the_plans_means_step_the_waiver_still_holds():
    """The step asks for exactly this answer: without the means named, it screens as nothing."""
    from bot.waiting import plan_means

    answer = "ik heb gisteren al mijn scheermesjes aan mijn mentor gegeven"
    assert screen(answer).check_in and plan_means.only_names_means(answer)
    assert find(plan_means.without_means(answer)).folded  # the rest of the answer is still screened


def test_a_card_the_classifier_alone_gave_to_means_handed_over_becomes_the_question():
    from bot.safety.concepts import find
    from bot.safety.fold import fold as _fold
    from bot.safety.means_away import card_by_classifier_alone, floor

    text = "mijn scheermesjes heb ik vanmiddag aan mijn tante gegeven"
    hits = find(text)
    assert card_by_classifier_alone("crisis", "classifier", "check_in", hits)
    assert floor("crisis", _fold(text), card_by_classifier_alone=True) == ("check_in", "self_harm")
    # a crisis the rules read keeps the card, and so does means given away with a farewell
    assert not card_by_classifier_alone("crisis", "rules", "crisis", hits)
    farewell = find("sorry voor alles, mijn scheermesjes heb ik aan mijn tante gegeven")
    assert not card_by_classifier_alone("crisis", "classifier", "check_in", farewell)
    assert floor("crisis", _fold(text)) == ("crisis", None)

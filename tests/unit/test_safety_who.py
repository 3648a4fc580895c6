"""Whom the card speaks to (bot.safety.who): the worried card for someone who tells about another
person, the young person's card for a writer who is the one it happens to. Only the voice: the
outcome never depends on it."""

import pytest

from bot.safety.fold import fold
from bot.safety.replies import crisis_replies
from bot.safety.screen import screen
from bot.safety.who import about


@pytest.mark.parametrize(("text", "expected"), [
    ("de oudste snijdt zichzelf weer", "child"),  # "the eldest": a parent's child
    ("the older one burns herself with a lighter", "other"),  # a reflexive of someone else
    ("zoon heeft de hele strip pillen op, reageert slecht", "child"),  # a child without "mijn"
    ("Daughter not answering, note on her bed", "child"),
    ("me zoon zegt hij wil niet meer leven", "child"),  # spoken possessive "me"
    ("ik vond een mesje in zijn broekzak en bloed op het laken", "other"),  # the writer only finds
    ("she texted me she is going to end it tonight", "other"),  # the writer is the one told
    ("huisgenoot ligt op de badkamervloer en praat wartaal", "other"),
])
def test_a_message_about_someone_else_gets_the_worried_voice(text, expected):
    assert about("self", fold(text)) == expected


@pytest.mark.parametrize("text", [
    "ik wil niet meer leven",
    "hij zegt dat hij me afmaakt als ik het vertel",  # "me": the writer is the one threatened
    "my stepdad says hes going to hurt me",
    "mn vader staat met een mes in de gang",  # the writer's own parent: a young person at home
    "hij zet mn fotos online als ik niet betaal",  # the writer's own photos
    "papa zegt dat hij ons allemaal afmaakt",  # "ons": the writer and the family
    "ik snij mezelf en mijn zus weet het",
])
def test_the_writer_in_danger_keeps_the_young_persons_voice(text):
    assert about("self", fold(text)) == "self"


def test_a_sibling_named_by_the_rules_who_hurts_the_writer_is_the_writers_danger():
    assert about("other", fold("mijn broer slaat mij elke avond")) == "self"
    assert about("other", fold("ik maak me zorgen om mijn vriendin, ze snijdt")) == "other"  # "me" of worrying
    assert about("child", fold("mijn dochter slaat mij")) == "child"  # the rules' child stays


def test_the_card_of_a_third_person_message_is_the_worried_card():
    verdict = screen("de oudste snijdt zichzelf weer, er zit bloed op haar bed")
    assert verdict.crisis and verdict.about == "child"
    assert "veilig" in crisis_replies(verdict.category, "nl", verdict.about)[-1].text
    assert crisis_replies(verdict.category, "nl", verdict.about)[-1].text != crisis_replies(verdict.category, "nl")[-1].text

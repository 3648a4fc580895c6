"""The bot's own words for asking for a person, typed, are that request (bot.dialogue.asking_for_a_person)."""

import pytest

from bot.dialogue.asking_for_a_person import means_asking_for_a_person


@pytest.mark.parametrize("text", [
    "ik wil iemand spreken", "Ik wil iemand spreken.", "ik wil iemand sprekne", "ik wil graag iemand spreken",
    "Ik wil met iemand praten", "iemand van de praktijk spreken", "ik wil nu iemand spreken!!",
])
def test_the_button_titles_typed_with_a_typo_or_a_polite_word_are_the_request(text):
    assert means_asking_for_a_person(text)


@pytest.mark.parametrize("text", [
    "ik wil niemand spreken", "ik wil niet iemand spreken", "ik wil een afspraak", "iemand spreken",
    "ik wil iemand spreken over mijn zoon, hij gaat al weken niet naar school", "/request_human", "",
])
def test_other_words_a_negation_and_longer_messages_go_to_the_model(text):
    assert not means_asking_for_a_person(text)


def test_the_english_button_title_counts_in_an_english_conversation_and_dutch_always():
    assert means_asking_for_a_person("I want to talk to someone", "en")
    assert not means_asking_for_a_person("I want to talk to someone", "nl")
    assert means_asking_for_a_person("ik wil iemand spreken", "en")
    assert not means_asking_for_a_person("I don't want to talk to someone", "en")

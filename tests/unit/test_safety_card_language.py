"""The crisis card's language: the message's own when it is clear, the conversation's otherwise.
Short crisis messages are where the statistical detector is weakest."""

import pytest

from bot.safety.language import card_language


@pytest.mark.parametrize("text", [
    "I want to kill myself tonight",  # the detector: English 0.46, the Dutch card went out
    "i want to die",
    "I cant do this anymore",
    "please help me",
])
def test_a_short_english_crisis_message_gets_the_english_card(text):
    assert card_language(text, "nl") == "en"


@pytest.mark.parametrize("text", [
    "hallo ik wil dood",  # the detector: English 0.63, the English card went out
    "ik wil dood",
    "ik snij mezelf",
    "mijn zoon is weg",
])
def test_a_short_dutch_crisis_message_keeps_the_conversation_language(text):
    assert card_language(text, "nl") == "nl"
    assert card_language(text, "en") == "en"  # an English conversation keeps English


@pytest.mark.parametrize("text", [
    "my dad hits me",  # the detector: English 0.42, Dutch 0.22; the Dutch card went out
    "he hit me",  # Polish 0.36
    "my stepdad touches me",  # German 0.65: no German card, English above Dutch
    "she wont stop throwing up, any ideas",  # two English little words outvote a Polish guess
])
def test_one_english_little_word_decides_when_the_detector_is_unsure(text):
    assert card_language(text, "nl") == "en"


@pytest.mark.parametrize(("text", "language"), [
    ("on mnie bije i to codziennie", "pl"),  # "i", "to", "on" are Polish words too, no diacritics
    ("help pls", "nl"),  # Dutch chat writes "pls" too
    ("ik weet het niet pls", "nl"),
    ("mama slaat me", "nl"),
])
def test_words_other_languages_share_do_not_make_a_message_english(text, language):
    assert card_language(text, "nl") == language


@pytest.mark.parametrize(("text", "language"), [
    ("хочу вмерти", "uk"),  # below the detector's cut-off, but Cyrillic
    ("أريد أن أموت", "ar"),
    ("kendimi öldürmek istiyorum", "tr"),
    ("chcę umrzeć", "pl"),
])
def test_other_card_languages_are_still_recognised(text, language):
    assert card_language(text, "nl") == language


def test_a_long_message_is_left_to_the_detector():
    text = ("my daughter is fifteen and she told her friend that she does not want to live anymore, "
            "we found a note in her room this evening and I do not know what to do")
    assert card_language(text, "nl") == "en"

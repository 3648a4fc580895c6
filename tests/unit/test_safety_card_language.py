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


def test_unsure_short_messages_keep_the_conversation_language():
    assert card_language("he hit me", "nl") == "nl"  # one English little word is not enough


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

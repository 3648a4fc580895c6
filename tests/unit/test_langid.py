"""Which conversation language a typed message is clearly written in (bot.langid)."""

import pytest

from bot.langid import clearly_written_in, language_scores


@pytest.mark.parametrize("text", [
    "I am the dad, my daughter (15) will not go to school",
    "My son has been having trouble sleeping for weeks and I don't know what to do",
    "Can I make an appointment with someone at the practice for my daughter?",
])
def test_a_whole_english_message_is_english(text):
    assert clearly_written_in(text) == "en"


@pytest.mark.parametrize("text", [
    "mijn dochter wil niet meer naar school",
    "mijn zoon is echt super depressed en ik weet niet wat ik moet doen",  # one English word
    "ik ben zo gestrest over mijn examens, heb je tips?",
])
def test_a_dutch_message_is_dutch_also_with_an_english_word_in_it(text):
    assert clearly_written_in(text) == "nl"


@pytest.mark.parametrize("text", ["ok", "hi", "no", "yes", "help", "thank you", "my son is 13", "hij is 13",
                                  "Hoi!", "👍👍", "", "   ", "14", "De Linde"])
def test_a_short_message_never_decides(text):
    assert clearly_written_in(text) is None


@pytest.mark.parametrize("text", [
    "Mein Sohn will nicht mehr in die Schule gehen und ich weiß nicht weiter",
    "Oğlum okula gitmek istemiyor, ne yapmam gerektiğini bilmiyorum",
    "Mój syn nie chce chodzić do szkoły i nie wiem co robić",
    "Мій син не хоче ходити до школи, я не знаю що робити",
])
def test_another_language_is_neither_dutch_nor_english(text):
    assert clearly_written_in(text) is None


def test_the_thresholds_can_be_chosen_by_a_caller_for_whom_a_short_message_counts():
    text = "I want to kill myself tonight"
    code, confidence, words = language_scores(text)
    assert code == "en" and words == 6
    assert clearly_written_in(text, min_words=3, min_confidence=0.0) == "en"

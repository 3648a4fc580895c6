"""The multilingual sentence vectors (bot.sentence_vectors)."""

from __future__ import annotations

import numpy as np

from bot.sentence_vectors import DIMENSION, encode


def test_vectors_have_unit_length_and_an_empty_text_gets_zeros():
    vectors = encode(["mijn dochter slaapt slecht", "", "   ", "hoi"])
    assert vectors.shape == (4, DIMENSION)
    assert np.allclose(np.linalg.norm(vectors[[0, 3]], axis=1), 1.0, atol=1e-3)
    assert not vectors[1].any() and not vectors[2].any()


def test_the_same_worry_in_dutch_english_and_polish_lands_closer_than_another_question():
    dutch, english, polish, other = encode([
        "mijn zoon wil al weken niet naar school",
        "my son has refused to go to school for weeks",
        "mój syn od tygodni nie chce chodzić do szkoły",
        "wat kost een gesprek bij de praktijk",
    ])
    assert dutch @ english > 0.6 and dutch @ polish > 0.6
    assert dutch @ other < 0.4 and english @ other < 0.4


def test_other_words_for_the_same_thing_land_closer_than_a_different_theme():
    bullied, bullied_other_words, food = encode([
        "hij wordt gepest op school",
        "ze schelden hem elke dag uit in de klas",
        "hij eet bijna niks meer",
    ])
    assert bullied @ bullied_other_words > 0.1 + max(bullied @ food, bullied_other_words @ food)


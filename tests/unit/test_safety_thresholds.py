"""The check-in threshold choice (bot.safety.classifier.check_in_threshold) on made-up scores."""

import numpy as np

from bot.safety.classifier import check_in_threshold

GRID = [round(x, 2) for x in np.arange(0.05, 0.991, 0.01)]


def _groups(scores_per_writer):
    p_risk = np.concatenate([np.array(s, dtype=float) for s in scores_per_writer])
    masks, start = [], 0
    for scores in scores_per_writer:
        mask = np.zeros(len(p_risk), dtype=bool)
        mask[start:start + len(scores)] = True
        masks.append(mask)
        start += len(scores)
    nothing = np.zeros(len(p_risk), dtype=bool)
    return p_risk, masks, nothing


def test_the_lowest_threshold_that_keeps_every_writer_under_its_cap():
    # Ten safe messages per writer, cap 10 %: one may be asked.
    p_risk, masks, nothing = _groups([[0.1] * 8 + [0.5, 0.7], [0.2] * 9 + [0.9]])
    assert check_in_threshold(GRID, nothing, nothing, p_risk, masks, [0.1, 0.1], crisis_t=0.9) == 0.51


def test_one_writer_the_classifier_cannot_tell_apart_does_not_switch_the_check_in_off_for_everyone():
    # Writer two's safe messages score 0.95 (its language is missing from the inner training data):
    # no threshold under the crisis threshold keeps it under the cap, so the others decide.
    p_risk, masks, nothing = _groups([[0.1] * 8 + [0.5, 0.7], [0.95] * 3 + [0.2] * 7])
    assert check_in_threshold(GRID, nothing, nothing, p_risk, masks, [0.1, 0.1], crisis_t=0.9) == 0.51
    # ... and when no writer can be helped, the classifier asks nothing below its card.
    p_risk, masks, nothing = _groups([[0.95] * 3 + [0.1] * 7, [0.95] * 3 + [0.2] * 7])
    assert check_in_threshold(GRID, nothing, nothing, p_risk, masks, [0.1, 0.1], crisis_t=0.9) == 0.9

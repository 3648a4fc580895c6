"""The threshold choice (bot.safety.classifier) on made-up scores: every cap is met, or the miss
is named; the pooled ordinary messages' cap is never given up."""

import numpy as np

from bot.safety.classifier import CapGroup, Prediction, check_in_threshold, choose_thresholds
from bot.safety.concepts import find

GRID = [round(x, 2) for x in np.arange(0.05, 0.991, 0.01)]


def _groups(scores_per_writer, required=()):
    p_risk = np.concatenate([np.array(s, dtype=float) for s in scores_per_writer])
    groups, start = [], 0
    for i, scores in enumerate(scores_per_writer):
        mask = np.zeros(len(p_risk), dtype=bool)
        mask[start:start + len(scores)] = True
        groups.append(CapGroup(f"writer {i}", mask, 0.1, required=i in required))
        start += len(scores)
    nothing = np.zeros(len(p_risk), dtype=bool)
    return p_risk, groups, nothing


def test_the_lowest_threshold_that_keeps_every_writer_under_its_cap():
    # Ten safe messages per writer, cap 10 %: one may be asked.
    p_risk, groups, nothing = _groups([[0.1] * 8 + [0.5, 0.7], [0.2] * 9 + [0.9]])
    assert check_in_threshold(GRID, nothing, nothing, p_risk, groups, crisis_t=0.9) == (0.51, [])


def test_one_writer_the_classifier_cannot_tell_apart_is_left_out_and_named():
    # Writer one's safe messages score 0.95 (its language is missing from the inner training data):
    # no threshold under the crisis threshold keeps it under the cap, so the others decide, and
    # the miss is said.
    p_risk, groups, nothing = _groups([[0.1] * 8 + [0.5, 0.7], [0.95] * 3 + [0.2] * 7])
    threshold, unmet = check_in_threshold(GRID, nothing, nothing, p_risk, groups, crisis_t=0.9)
    assert threshold == 0.51
    assert len(unmet) == 1 and "writer 1" in unmet[0] and "0.30 > cap 0.10" in unmet[0]
    # ... and when no writer can be helped, the classifier asks nothing below its card.
    p_risk, groups, nothing = _groups([[0.95] * 3 + [0.1] * 7, [0.95] * 3 + [0.2] * 7])
    threshold, unmet = check_in_threshold(GRID, nothing, nothing, p_risk, groups, crisis_t=0.9)
    assert threshold == 0.9 and len(unmet) == 2


def test_the_ordinary_messages_cap_is_never_given_up():
    # The pooled ordinary messages (group 1, required) stay over the cap below the crisis threshold;
    # leaving them out would ask the check-in on three in ten of them at 0.51.
    p_risk, groups, nothing = _groups([[0.1] * 8 + [0.5, 0.7], [0.92] * 3 + [0.6] * 7], required=(1,))
    threshold, unmet = check_in_threshold(GRID, nothing, nothing, p_risk, groups, crisis_t=0.9)
    assert threshold == 0.93  # over every ordinary message: none is asked
    assert unmet == []
    # When even the highest threshold cannot meet it (rules force the check-in on 3 in 10), the
    # threshold asks the fewest the grid allows, and the miss is named.
    forced = np.zeros(len(p_risk), dtype=bool)
    forced[10:13] = True
    threshold, unmet = check_in_threshold(GRID, nothing, forced, p_risk, groups, crisis_t=0.9)
    assert threshold == 0.61  # from here the classifier adds no check-in on ordinary messages
    assert len(unmet) == 1 and unmet[0].startswith("check-in on writer 1: 0.30 > cap 0.10")


def _rows(writer, label, n):
    return [{"text": f"hallo, een vraag over het rooster {writer} {label} {i}", "label": label, "writer": writer}
            for i in range(n)]


def test_choose_thresholds_keeps_the_ordinary_cap_when_long_everyday_messages_score_high():
    # Three writers. Hard negatives and short everyday messages score low; five long everyday
    # messages per writer score P(risk) 0.7 (but P(crisis) 0.3): each writer's safe messages stay
    # under the 10 % cap from 0.11 up, the pooled ordinary ones (15 of 30) only above 0.7, which
    # is over the crisis threshold. The old choice dropped the ordinary group there and asked the
    # check-in on every long everyday message.
    rows, preds = [], []
    for w in ("a", "b", "c"):
        for label, n, crisis, risk in (("crisis", 20, 0.95, 0.97), ("concern", 5, 0.2, 0.8),
                                       ("safe", 50, 0.02, 0.1), ("ordinary", 5, 0.05, 0.05),
                                       ("ordinary", 5, 0.3, 0.7)):
            rows += _rows(w, label, n)
            preds += [Prediction(crisis, risk, "suicide", 1.0)] * n
    hits = [find(r["text"]) for r in rows]
    chosen = choose_thresholds(rows, hits, oof=preds)
    assert chosen.crisis == 0.31
    ordinary_asked = [chosen.crisis > p.crisis and p.risk >= chosen.check_in
                      for r, p in zip(rows, preds, strict=True) if r["label"] == "ordinary"]
    assert sum(ordinary_asked) <= 0.03 * len(ordinary_asked)
    assert chosen.unmet == ()
    # The concern messages (0.8) still get the check-in.
    assert chosen.check_in <= 0.8


def test_the_suicide_floor_asks_on_top_of_the_cap_and_does_not_raise_the_threshold():
    # Per writer 50 safe messages score 0.1, four score 0.5 (the classifier would ask them: 4 of 57
    # is under the 10 % cap) and three say "was ik maar nooit geboren", which the rules' suicide
    # floor asks anyway. Counted against the cap, those three (7 of 57 > 10 %) pushed the check-in
    # threshold over 0.5 and the concern messages at 0.5 lost their question.
    rows, preds = [], []
    for w in ("a", "b", "c"):
        for label, n, crisis, risk in (("crisis", 20, 0.95, 0.97), ("concern", 5, 0.2, 0.5),
                                       ("safe", 50, 0.02, 0.1), ("safe", 4, 0.3, 0.5)):
            rows += _rows(w, label, n)
            preds += [Prediction(crisis, risk, "suicide", 1.0)] * n
        rows += [{"text": "was ik maar nooit geboren", "label": "safe", "writer": w}] * 3
        preds += [Prediction(0.02, 0.1, "suicide", 1.0)] * 3
    hits = [find(r["text"]) for r in rows]
    chosen = choose_thresholds(rows, hits, oof=preds)
    assert chosen.crisis == 0.31
    assert chosen.check_in <= 0.5
    assert chosen.unmet == ()

"""scripts/floor_counts.py counts what each rules floor asks, per label and per writer."""

from tests.support.scripts import load_script


def test_the_floors_are_counted_per_label_and_the_worst_writer():
    floor_counts = load_script("floor_counts")
    rows = [
        {"text": "mijn dochter is weggelopen", "label": "crisis", "writer": "a"},
        {"text": "ze is weggelopen uit het spel, haha", "label": "safe", "writer": "a"},
        {"text": "was ik maar nooit geboren", "label": "crisis", "writer": "b"},
        {"text": "hoe laat is het spreekuur", "label": "ordinary", "writer": "b"},
        {"text": "mijn vader slaat me", "label": "crisis", "writer": "b"},
    ]
    out = floor_counts.counts(rows)
    missing, _worst = out["missing floor (shipped)"]
    suicide, _ = out["suicide floor (shipped)"]
    assert missing["crisis"] == 1 and missing["ordinary"] == 0
    assert suicide["crisis"] == 1 and suicide["ordinary"] == 0
    assert set(out) == {"suicide floor (shipped)", "missing floor (shipped)", "violence floor (not shipped)"}

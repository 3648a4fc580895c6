"""Quality gate: the screen on the labelled set in tests/data/safety_eval.jsonl."""

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def safety_eval():
    spec = importlib.util.spec_from_file_location("safety_eval", ROOT / "scripts" / "safety_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_labelled_set_is_big_and_varied_enough(safety_eval):
    rows = safety_eval.load()
    labels = Counter(r["label"] for r in rows)
    kinds = Counter(r["kind"] for r in rows)
    assert len(rows) >= 150
    assert sum(n for label, n in labels.items() if label != "none") >= 60
    assert kinds["hard_negative"] >= 50
    for category in ("suicide", "self_harm", "abuse", "emergency", "parent_worry"):
        assert labels[category] >= 10, category
    assert {r["voice"] for r in rows} == {"youth", "parent"}
    assert len({r["text"] for r in rows}) == len(rows), "duplicates"


def test_recall_is_one_and_false_alarms_at_most_five_percent(safety_eval):
    result = safety_eval.evaluate(safety_eval.load())
    assert result["missed"] == []
    assert result["recall"] == 1.0
    assert result["false_alarm"] <= 0.05, result["false_alarms"]
    assert result["check_in_on_negated"] == 1.0


def test_no_eval_sentence_is_written_into_the_lexicon(safety_eval):
    from bot.safety.normalise import canonical

    source = (ROOT / "bot" / "safety" / "lexicon.py").read_text(encoding="utf-8").lower()
    for path in (safety_eval.DATA, safety_eval.HELDOUT):
        for row in safety_eval.load(path):
            words = canonical(row["text"])[0].replace(" ,", "").replace(" .", "").replace(" ?", "")
            if len(words.split()) >= 4:
                assert words not in source, row["text"]

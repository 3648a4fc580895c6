"""scripts/import_nlu_writers.py: which writer's text becomes training data under which label."""

import json

from bot.config import PROJECT_ROOT
from tests.support.scripts import load_script

imp = load_script("import_nlu_writers")


def _writers(labels: dict[str, str], text: str) -> dict[str, list[dict]]:
    return {w: [{"text": text, "label": label, "writer": w}] for w, label in labels.items()}


def test_a_text_most_writers_label_alike_keeps_that_label_and_loses_the_odd_one():
    by_writer = _writers({"a": "affirm", "b": "affirm", "c": "affirm", "d": "inform_school"}, "Ja")
    assert imp.ambiguous_texts(by_writer) == {"ja": {"inform_school"}}
    rendered = {w: imp.render(w, rows, imp.ambiguous_texts(by_writer), []) for w, rows in by_writer.items()}
    assert "intent: affirm" in rendered["a"] and "- Ja" in rendered["a"]
    assert "- Ja" not in rendered["d"]


def test_a_text_without_a_clear_majority_is_left_out_under_every_label():
    by_writer = _writers({"a": "inform_age", "b": "inform_heaviness", "c": "inform_age"}, "7")
    assert imp.ambiguous_texts(by_writer) == {"7": {"inform_age", "inform_heaviness"}}
    assert all("- 7" not in imp.render(w, rows, imp.ambiguous_texts(by_writer), []) for w, rows in by_writer.items())


def test_the_evaluation_sets_in_sub_folders_of_tests_data_are_never_imported():
    holdout = PROJECT_ROOT / "tests" / "data" / "themes_holdout"
    assert any(holdout.glob("*.jsonl"))
    texts = imp.evaluation_texts()
    first = next(p for p in sorted(holdout.glob("*.jsonl"))).read_text(encoding="utf-8").splitlines()[0]
    assert imp.is_evaluation_text(json.loads(first)["text"], texts)

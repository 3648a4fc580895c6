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


def test_a_new_writers_text_another_writers_file_has_under_another_intent_is_left_out(tmp_path):
    """Session 26 imported writers on top of the twelve already in nlu_data: "nee niet echt" was
    not_safe_now in an imported writer's file and deny in a new one, and Rasa's validation failed."""
    writers = tmp_path / "writers"
    writers.mkdir()
    (writers / "old.yml").write_text('version: "3.1"\nnlu:\n  - intent: not_safe_now\n    examples: |\n'
                                     "      - nee niet echt\n", encoding="utf-8")
    by_writer = _writers({"new": "deny"}, "Nee niet echt")
    others = imp.other_training_labels(tmp_path, writers, set(by_writer))
    assert imp.conflicts_with_other_files(by_writer, others) == {"nee niet echt": {"deny", "not_safe_now"}}
    # The writer's own earlier file is written again in the same run, so it is no conflict.
    assert imp.conflicts_with_other_files(_writers({"old": "deny"}, "nee niet echt"),
                                          imp.other_training_labels(tmp_path, writers, {"old"})) == {}


def test_a_writers_text_that_is_a_risk_corpus_message_is_left_out_and_a_short_one_kept():
    risk = ["do you speak english ?", "weet niet"]
    rows = [{"text": "Do you speak English?", "label": "taal", "writer": "w"},
            {"text": "weet niet", "label": "dont_know", "writer": "w"},
            {"text": "Spreekt u ook Engels?", "label": "taal", "writer": "w"}]
    rendered = imp.render("w", rows, {}, [], risk)
    assert "Do you speak English?" not in rendered
    assert "- weet niet" in rendered and "- Spreekt u ook Engels?" in rendered

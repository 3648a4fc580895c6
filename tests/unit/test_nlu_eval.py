"""make nlu-eval's scoring and history, without training (the trainings are the script's job)."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("nlu_eval", ROOT / "scripts" / "nlu_eval.py")
nlu_eval = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nlu_eval)


def _pred(label, intent, topic=None):
    from bot.classify import intent_topic

    return {"text": "x", "label": label, "intent": intent, "best": intent, "gold_topic": intent_topic(label),
            "topic": topic or intent_topic(intent)}


def test_topic_macro_f1_counts_a_theme_confused_with_another_theme_but_not_two_info_intents():
    preds = [_pred("ask_slaap", "ask_slaap"), _pred("ask_slaap", "ask_somberheid"), _pred("ask_somberheid", "ask_somberheid"),
             _pred("faq/kosten", "help"), _pred("privacy", "faq")]
    result = nlu_eval.score(preds)
    assert result["topic_accuracy"] == 4 / 5
    assert result["intent_accuracy"] == 2 / 5
    assert 0.7 < result["topic_macro_f1"] < 0.8  # slaap 0.67, somberheid 0.67, info 1.0


def test_wellbeing_messages_that_get_the_out_of_scope_answer_are_counted_apart_from_the_clarifying_question():
    preds = [_pred("ask_rouw", "out_of_scope"), _pred("other_care", "nlu_fallback", "out_of_scope"),
             _pred("ask_eten", "ask_eten"), _pred("greet", "out_of_scope")]
    result = nlu_eval.score(preds)
    assert (result["wellbeing"], result["wellbeing_out_of_scope"], result["wellbeing_fallback"]) == (3, 1, 1)


def test_a_left_out_writer_is_scored_on_its_file_and_its_held_out_theme_messages():
    holdout = [json.loads(x) for x in nlu_eval.THEME_HOLDOUT.read_text(encoding="utf-8").splitlines()]
    writer = holdout[0]["writer"]
    rows = nlu_eval.left_out_examples(writer)
    assert (holdout[0]["text"], holdout[0]["label"]) in rows
    assert len(rows) >= 400
    assert all("](" not in text for text, _ in rows)  # entity markup is stripped


def test_the_history_row_holds_figures_only_and_goes_into_one_table(tmp_path):
    out = tmp_path / "benchmarks.md"
    out.write_text("# Benchmarks\n\n## Something else\n\ntext\n")
    nlu_eval.append(None, nlu_eval.history_row("fresh", "`a.jsonl`", 100, "0.812", "n"), out)
    nlu_eval.append("## A section\n", nlu_eval.history_row("fresh", "`b.jsonl`", 90, "0.799", "n"), out)
    text = out.read_text()
    assert text.count("| when | kind |") == 1
    assert text.index("`a.jsonl`") < text.index("`b.jsonl`") < text.index(nlu_eval.HISTORY_MARK)
    assert text.rstrip().endswith("## A section")


def test_the_leave_one_writer_out_training_is_the_production_pipeline_without_the_faq_selector(tmp_path):
    import yaml

    config = yaml.safe_load(nlu_eval.lowo_config(tmp_path).read_text())
    production = yaml.safe_load((ROOT / "nlu_data" / "config.yml").read_text())
    assert config["pipeline"] == [c for c in production["pipeline"] if c["name"] != "ResponseSelector"]

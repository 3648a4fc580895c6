"""make nlu-eval's scoring and history, without training (the trainings are the script's job)."""

from bot.config import PROJECT_ROOT
from tests.support.scripts import load_script

nlu_eval = load_script("nlu_eval")


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


def test_a_left_out_writer_is_scored_on_every_message_of_its_file():
    writer = sorted(nlu_eval.WRITERS_DIR.glob("*.yml"))[0].stem
    rows = nlu_eval.left_out_examples(writer)
    assert {label for _, label in rows} >= {"ask_opvoeding", "ask_baby_jgz", "greet"}
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


def test_the_leave_one_writer_out_training_is_the_production_pipeline_without_what_does_not_decide_the_intent(tmp_path):
    """Without the FAQ selector; and without DIET only when the linear classifier after it decides
    the intent: the left-out writer's intents are exactly those of the pipeline measured."""
    import yaml

    linear = "bot.dialogue.linear_intent.LinearIntentClassifier"
    production = yaml.safe_load((PROJECT_ROOT / "nlu_data" / "config.yml").read_text())
    without = {**production, "pipeline": [c for c in production["pipeline"] if c["name"] != linear]}
    names = [c["name"] for c in without["pipeline"]]
    with_linear = {**without, "pipeline": [*without["pipeline"][:names.index("DIETClassifier") + 1], {"name": linear},
                                           *without["pipeline"][names.index("DIETClassifier") + 1:]]}
    config = yaml.safe_load(nlu_eval.lowo_config(tmp_path, without).read_text())
    assert config["pipeline"] == [c for c in without["pipeline"] if c["name"] != "ResponseSelector"]
    config = yaml.safe_load(nlu_eval.lowo_config(tmp_path, with_linear).read_text())
    assert config["pipeline"] == [c for c in with_linear["pipeline"] if c["name"] not in ("ResponseSelector", "DIETClassifier")]
    assert "bot.dialogue.unknown_words.UnknownWordsGuard" in [c["name"] for c in config["pipeline"]]


def test_intent_macro_f1_is_over_the_writers_intents_and_counts_the_clarifying_question_as_a_miss():
    preds = [_pred("faq/kosten", "faq"), _pred("faq/wachttijd", "faq"), _pred("greet", "greet"),
             _pred("greet", "nlu_fallback", "out_of_scope")]
    result = nlu_eval.score(preds)
    assert result["intent_macro_f1"] == (1.0 + 2 / 3) / 2  # faq 1.0, greet: precision 1, recall 1/2


def _res(f1s):
    return {"writers": {w: {"topic_macro_f1": f, "intent_macro_f1": f / 2} for w, f in f1s.items()}, "all_writers": 6}


def test_mean_and_worst_writer_and_a_run_over_some_writers_is_marked_partial():
    res = _res({"a": 0.9, "b": 0.6, "c": 0.75})
    assert nlu_eval.summary(res, "topic_macro_f1") == (0.75, "b", 0.6)
    assert nlu_eval.summary(res, "intent_macro_f1")[1:] == ("b", 0.3)
    assert nlu_eval.partial_note(res).startswith("PARTIAL: 3 of 6 writers")
    res["all_writers"] = 3
    assert nlu_eval.partial_note(res) == ""


def test_a_fresh_file_is_read_with_its_writers_and_a_bad_line_is_named_by_number_never_by_its_text(tmp_path):
    import pytest

    good = tmp_path / "fresh.jsonl"
    good.write_text('{"text": "hoi", "label": "greet", "lang": "nl", "writer": "w1"}\n\n'
                    '{"text": "kost het geld", "label": "faq/kosten", "lang": "nl", "writer": "w2"}\n')
    assert nlu_eval.fresh_examples(good) == ([("hoi", "greet"), ("kost het geld", "faq/kosten")], ["w1", "w2"], ["nl", "nl"])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "hoi", "label": "greet"}\n{"text": "geheim verhaal van iemand"}\n')
    with pytest.raises(SystemExit) as err:
        nlu_eval.fresh_examples(bad)
    assert "line 2" in str(err.value) and "geheim" not in str(err.value)
    assert nlu_eval.unknown_labels([("x", "ask_slaap"), ("y", "faq/kosten"), ("z", "ask_typo")]) == {"ask_typo": 1}


def test_the_fresh_run_prints_and_appends_figures_only(tmp_path, monkeypatch, capsys):
    import bot.training

    fresh = tmp_path / "fresh-writer.jsonl"
    fresh.write_text('{"text": "mijn dochter slaapt al weken slecht", "label": "ask_slaap", "lang": "nl", "writer": "w9"}\n'
                     '{"text": "what does it cost", "label": "faq/kosten", "lang": "en", "writer": "w9"}\n')
    monkeypatch.setattr(bot.training, "train", lambda settings: False)
    monkeypatch.setattr(nlu_eval, "predict", lambda model, rows: [_pred(label, "faq" if label.startswith("faq") else "ask_somberheid")
                                                         for _, label in rows])
    out = tmp_path / "benchmarks.md"
    assert nlu_eval.main(["--fresh", str(fresh), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    written = out.read_text()
    for text in ("slaapt", "cost"):
        assert text not in printed.out + printed.err and text not in written
    assert "`fresh-writer.jsonl`" in written and "writers w9" in written
    # which model was scored: the hash of the nlu_data/ it is trained from (its first 8 characters)
    from bot.config import load_settings
    from bot.training import nlu_hash

    assert f"model {nlu_hash(load_settings().nlu_dir)[:8]}" in written
    assert "by language en 1.000 (n 1), nl 0.000 (n 1)" in written


def test_a_fresh_folder_gets_one_row_per_writer_file_and_one_for_the_folder_with_its_worst_file(tmp_path, monkeypatch, capsys):
    import bot.training

    folder = tmp_path / "fresh9"
    folder.mkdir()
    (folder / "fresh-a.jsonl").write_text('{"text": "mijn dochter slaapt slecht", "label": "ask_slaap", "writer": "wa"}\n'
                                          '{"text": "wat kost het", "label": "faq/kosten", "writer": "wa"}\n')
    (folder / "fresh-b.jsonl").write_text('{"text": "hij slaapt niet", "label": "ask_slaap", "writer": "wb"}\n')
    (folder / "notes.txt").write_text("not a writer's file\n")
    monkeypatch.setattr(bot.training, "train", lambda settings: False)
    loads = []

    def predict(model, rows):  # every message right except the second writer's
        loads.append(len(rows))
        return [_pred(label, "ask_somberheid" if text == "hij slaapt niet" else label.split("/")[0]) for text, label in rows]

    monkeypatch.setattr(nlu_eval, "predict", predict)
    out = tmp_path / "benchmarks.md"
    assert nlu_eval.main(["--fresh", str(folder), "--out", str(out)]) == 0
    assert loads == [3]  # the model is loaded once for the whole folder
    rows = [line for line in out.read_text().splitlines() if line.startswith("| ") and "fresh" in line]
    assert len(rows) == 3, rows
    assert "`fresh-a.jsonl` | 2 | 1.000" in rows[0] and "`fresh-b.jsonl` | 1 | 0.000" in rows[1]
    assert "`fresh9/ (all 2 files)` | 3 |" in rows[2] and "worst file fresh-b.jsonl topic macro-F1 0.000" in rows[2]
    printed = capsys.readouterr()
    for text in ("slaapt", "kost"):
        assert text not in printed.out + printed.err and text not in out.read_text()

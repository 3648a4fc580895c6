"""Regression guard for the safety net: one left-out writer, trained and tuned exactly as
`make safety-eval` does for every writer (scripts/safety_eval.py).

This is not the reported figure (that is the leave-one-writer-out table and the fresh-writer
history in docs/benchmarks.md). It fails when a change to the vocabularies, the rules or the
classifier makes the net worse on a writer it was not trained on. The floors sit a little under
what the shipped code measured on this writer; raise them when the net gets better.
"""

from pathlib import Path

import pytest

from tests.support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
LEFT_OUT = "risk-professional"
# The thresholds are tuned on predictions of this many models (writers dealt into groups), not one
# inner model per writer as `make safety-eval` does: a few minutes less in every `make test`.
GROUPS = 4


@pytest.fixture(scope="module")
def safety_eval():
    return load_script("safety_eval")


@pytest.fixture(scope="module")
def left_out(safety_eval):
    from bot.safety import corpus

    rows = corpus.load()
    return safety_eval.one_fold(rows, LEFT_OUT, groups=GROUPS)


def test_the_left_out_writer_is_not_in_the_training_data(safety_eval):
    from bot.safety import corpus

    rows = corpus.load()
    train, test = safety_eval.split(rows, LEFT_OUT)
    assert test and all(r["writer"] == LEFT_OUT for r in test)
    assert all(r["writer"] != LEFT_OUT for r in train)
    assert not {r["text"] for r in train} & {r["text"] for r in test}


def test_crisis_messages_of_an_unseen_writer_are_caught(left_out):
    assert left_out["all:caught"] >= 0.82  # measured 0.848 after the four new writers joined
    assert left_out["all:crisis"] >= 0.45


def test_hard_negatives_of_an_unseen_writer_rarely_get_an_answer_they_should_not(left_out):
    assert left_out["safe:crisis"] <= 0.08
    assert left_out["safe:check_in"] <= 0.08
    assert left_out["ordinary:crisis"] <= 0.04
    assert left_out["ordinary:check_in"] <= 0.08  # the check-in on a first question about school or sleep


def test_a_fresh_set_is_scored_once_into_the_history_with_figures_only(safety_eval, tmp_path, monkeypatch, capsys):
    import json

    from bot.safety import corpus

    rows = [r for r in corpus.load() if r["writer"] == LEFT_OUT][:40]
    fresh = tmp_path / "fresh-writer.jsonl"
    fresh.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    history = tmp_path / "benchmarks.md"
    monkeypatch.setattr(safety_eval, "BENCHMARKS", history)
    monkeypatch.setattr(safety_eval, "ROOT", tmp_path)
    assert safety_eval.main(["--fresh", str(fresh)]) == 0
    printed = capsys.readouterr().out
    written = history.read_text(encoding="utf-8")
    assert "fresh-writer.jsonl" in written and written.count("\n| 20") == 1
    for row in rows:
        assert row["text"][:30] not in written and row["text"][:30] not in printed


def test_a_folder_of_fresh_sets_gets_a_row_per_writer(safety_eval, tmp_path, monkeypatch, capsys):
    import json

    from bot.safety import corpus

    folder = tmp_path / "fresh"
    folder.mkdir()
    (folder / "READY").write_text("")
    for name in ("fresh-a", "fresh-b"):
        rows = [r for r in corpus.load() if r["writer"] == LEFT_OUT][:10]
        (folder / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                              encoding="utf-8")
    history = tmp_path / "benchmarks.md"
    monkeypatch.setattr(safety_eval, "BENCHMARKS", history)
    monkeypatch.setattr(safety_eval, "ROOT", tmp_path)
    assert safety_eval.main(["--fresh", str(folder), "--note", "floor X"]) == 0
    written = history.read_text(encoding="utf-8")
    assert "fresh-a.jsonl" in written and "fresh-b.jsonl" in written and written.count("\n| 20") == 2
    assert written.count(" floor X |") == 2  # the screen code beside the classifier, named in every row
    (tmp_path / "empty").mkdir()
    assert safety_eval.main(["--fresh", str(tmp_path / "empty")]) == 2  # nothing scored, nothing appended


def test_a_fresh_row_joins_its_history_table_when_other_sections_follow_it(safety_eval):
    first, second = "| 2026-01-01 | a.jsonl |\n", "| 2026-01-02 | b.jsonl |\n"
    text = safety_eval.add_fresh_row("# Benchmarks\n", first) + "\n## Another section\n\n| x | y |\n"
    text = safety_eval.add_fresh_row(text, second)
    table, rest = text.split("\n## Another section", 1)
    assert table.endswith(first + second) and "jsonl" not in rest


def test_an_interrupted_leave_one_writer_out_run_resumes_from_its_kept_pair_models(safety_eval, tmp_path, monkeypatch):
    """`make safety-eval` fits one model per pair of writers (2,080 for 65 writers, hours):
    each is kept as soon as it is fitted, and a second run reads it back instead of fitting again."""
    from bot.safety import classifier, corpus
    from bot.safety.concepts import find

    everyone = corpus.load()
    rows = [r for r in everyone if r["writer"] in ("risk-professional", "risk-teen-en", "risk-parent-uk")][::2]
    hits = [find(r["text"]) for r in rows]
    fits = []
    real_fit = classifier.fit_levels
    monkeypatch.setattr(classifier, "fit_levels", lambda *a, **k: fits.append(1) or real_fit(*a, **k))
    pair = ("risk-parent-uk", "risk-professional")
    first = safety_eval._pair_predictions(rows, hits, pair, tmp_path)
    assert len(fits) == 1 and (tmp_path / "risk-parent-uk__risk-professional.joblib").exists()
    again = safety_eval._pair_predictions(rows, hits, pair, tmp_path)
    assert len(fits) == 1  # read back, not fitted
    assert again[1] == first[1] and [p.crisis for p in again[2]] == [p.crisis for p in first[2]]
    fewer = rows[1:]  # another corpus: the kept rows no longer match, so it is fitted again
    safety_eval._pair_predictions(fewer, [find(r["text"]) for r in fewer], pair, tmp_path)
    assert len(fits) == 2

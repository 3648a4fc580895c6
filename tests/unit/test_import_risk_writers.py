"""scripts/import_risk_writers.py: a writer's file comes into the risk corpus with its writer kept,
minus invalid lines, repeats and near-duplicates of other writers' messages; FRESH sets are refused."""

import json
from pathlib import Path

import pytest

from tests.support.scripts import load_script


@pytest.fixture(scope="module")
def importer():
    return load_script("import_risk_writers")


def _write(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _row(text, label="ordinary", writer="new-writer", category="school"):
    return {"text": text, "label": label, "category": category, "about": "child", "lang": "nl", "writer": writer}


def test_a_writer_comes_in_whole_minus_what_would_leak_between_writers(importer, tmp_path):
    corpus_dir = tmp_path / "risk"
    _write(corpus_dir / "old-writer.jsonl", [_row("mijn zoon wil al twee weken niet naar de sportclub, wat kan ik doen?",
                                                  writer="old-writer")])
    source = _write(tmp_path / "in" / "new-writer.jsonl", [
        _row("onze dochter slaapt slecht sinds de verhuizing, is dat normaal?"),
        _row("mijn zoon wil al twee weken niet naar de sportclub, wat moet ik doen?"),  # near another writer's
        _row("onze dochter slaapt slecht sinds de verhuizing, is dat normaal?"),  # a repeat
        _row("hij zegt dat hij niet meer wil leven", label="crisis", category="not-a-category"),
        _row("een bericht van iemand anders", writer="someone-else"),
        _row("ze heeft vannacht pillen geslikt en reageert niet", label="crisis", category="medical_danger"),
    ])
    report = importer.import_file(source, out_dir=corpus_dir, nlu_examples=[])
    kept = [json.loads(line) for line in (corpus_dir / "new-writer.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["text"][:12] for r in kept] == ["onze dochter", "ze heeft van"]
    assert {r["writer"] for r in kept} == {"new-writer"}
    assert [line.split(":")[0].strip() for line in report[1:]] == [
        "new-writer line 2", "new-writer line 3", "new-writer line 4", "new-writer line 5"]
    assert all("sportclub" not in line for line in report), "the report never carries a message"


def test_a_fresh_set_is_refused(importer, tmp_path):
    source = _write(tmp_path / "risk9-fresh" / "fresh-writer.jsonl", [_row("een vraag over school", writer="fresh-writer")])
    with pytest.raises(SystemExit):
        importer.import_file(source, out_dir=tmp_path / "risk", nlu_examples=[])
    assert not (tmp_path / "risk" / "fresh-writer.jsonl").exists()


def test_a_scored_set_is_tuning_data_and_an_unscored_one_is_held_out(importer, tmp_path):
    scored, unscored = tmp_path / "data" / "scored", tmp_path / "data" / "unscored"
    done = _write(scored / "fresh15-short" / "fresh-writer.jsonl", [_row("een vraag", writer="fresh-writer")])
    waiting = _write(unscored / "short16" / "new-writer.jsonl", [_row("een vraag", writer="new-writer")])
    elsewhere = _write(tmp_path / "fresh16-short" / "new-writer.jsonl", [_row("een vraag", writer="new-writer")])
    assert not importer.refused(done, scored=scored, unscored=unscored)
    assert importer.refused(waiting, scored=scored, unscored=unscored), "waiting for its one scoring"
    assert importer.refused(elsewhere, scored=scored, unscored=unscored)

"""scripts/hold_out_set.py: a new writer's evaluation set goes into data/unscored/ with invalid
lines, repeats and near-duplicates of the training corpus left out, counting them, never showing one."""

import json

import pytest

from tests.support.scripts import load_script


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "not json\n", encoding="utf-8")


def _row(text, label="crisis", category="suicide", writer="fresh-short-x"):
    return {"text": text, "label": label, "category": category, "about": "self", "lang": "nl", "writer": writer}


def test_a_held_out_set_leaves_out_what_the_model_has_seen_and_shows_no_message(tmp_path, capsys):
    script = load_script("hold_out_set")
    corpus_dir = tmp_path / "risk"
    corpus_dir.mkdir()
    seen = "ik heb alle pillen van mijn moeder in mijn kamer verstopt"
    (corpus_dir / "risk-someone.jsonl").write_text(json.dumps(_row(seen, writer="risk-someone")) + "\n", encoding="utf-8")
    source = tmp_path / "in" / "fresh-short-x.jsonl"
    source.parent.mkdir()
    _write(source, [
        _row("ik heb alle pillen van mijn moeder in m'n kamer verstopt"),  # near-duplicate of the corpus
        _row("wil er niet meer zijn"),
        _row("wil er niet meer zijn"),  # repeat
        _row("vandaag ging het beter op school", label="ordinary", category="ordinary"),
        _row("mijn zus slaat me", category="not a category"),  # invalid
        _row("ik ben bang voor mijn vader", writer="someone-else"),  # another writer's name
    ])
    report = script.hold_out([source], tmp_path / "unscored" / "fresh26", [corpus_dir])
    kept = [json.loads(line)["text"] for line in (tmp_path / "unscored" / "fresh26" / "fresh-short-x.jsonl").open()]
    assert kept == ["wil er niet meer zijn", "vandaag ging het beter op school"]
    (line,) = report
    assert "2 kept" in line and "near-duplicate of a corpus message': 1" in line and "'repeat': 1" in line
    assert "'not a JSON object': 1" in line
    assert not any(text in line for text in (seen, "wil er niet meer zijn", "mijn zus slaat me"))
    with pytest.raises(SystemExit):  # held out once
        script.hold_out([source], tmp_path / "unscored" / "fresh26", [corpus_dir])

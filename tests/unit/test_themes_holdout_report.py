"""scripts/themes_holdout_report.py: the hold-out table goes to docs/benchmarks.md as the test wrote
it, a fresh set's table is labelled FRESH, and a fresh folder is scored once."""

import json

import pytest

from tests.support import themes_holdout
from tests.support.scripts import load_script


@pytest.fixture
def report(tmp_path, monkeypatch):
    module = load_script("themes_holdout_report")
    monkeypatch.setattr(module, "REPORT", tmp_path / "themes-holdout.md")
    monkeypatch.setattr(module, "BENCHMARKS", tmp_path / "benchmarks.md")
    (tmp_path / "benchmarks.md").write_text("# Benchmarks\n", encoding="utf-8")
    return module


def _folder(tmp_path):
    folder = tmp_path / "fresh"
    folder.mkdir()
    (folder / "w1.jsonl").write_text(json.dumps({"text": "x", "topic": "slaap", "role": "parent", "writer": "w1"}) + "\n")
    return folder


def test_the_kept_set_table_is_appended_once(report, tmp_path):
    report.REPORT.write_text("2026-11-30 16:00 UTC, model abc, screen def\n\n| theme |\ncases passing: 1 of 1\n")
    assert report.main([]) == 0
    assert report.main([]) == 0
    docs = report.BENCHMARKS.read_text()
    assert docs.count("## Themes reached by hold-out writers through the stack — 2026-11-30 16:00 UTC") == 1
    assert "FRESH" not in docs and "cases passing: 1 of 1" in docs


def test_a_fresh_folder_is_labelled_fresh_and_refused_once_scored(report, tmp_path):
    folder = _folder(tmp_path)
    assert report.main(["--check-fresh", str(folder)]) == 0
    stamp = f"2026-11-30 17:10 UTC, model abc, screen def, FRESH writers w1 (folder fresh, data {themes_holdout.fingerprint(folder)})"
    report.REPORT.write_text(f"{stamp}\n\n| theme |\n")
    assert report.main([]) == 0
    docs = report.BENCHMARKS.read_text()
    assert "## Themes reached by FRESH hold-out writers (scored once, never tuned on) through the stack" in docs
    assert report.main(["--check-fresh", str(folder)]) == 1
    (folder / "w1.jsonl").write_text("changed\n")  # other writers: a new fingerprint
    assert report.main(["--check-fresh", str(folder)]) == 0


def test_a_fresh_folder_without_writer_files_or_the_kept_set_is_refused(report, tmp_path):
    assert report.main(["--check-fresh", str(tmp_path / "empty")]) == 1
    assert report.main(["--check-fresh", str(themes_holdout.HOLDOUT)]) == 1


def test_the_fresh_switch_points_the_checks_at_that_folder(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.setenv(themes_holdout.FRESH_ENV, str(folder))
    assert themes_holdout.holdout_dir() == folder.resolve()
    assert themes_holdout.holdout_writers() == {"w1": "ouder"}
    monkeypatch.delenv(themes_holdout.FRESH_ENV)
    assert themes_holdout.holdout_dir() == themes_holdout.HOLDOUT


def test_a_folder_scored_again_is_labelled_so_and_never_as_fresh(report, tmp_path):
    report.REPORT.write_text("2026-12-01 01:14 UTC, model abc, screen def, FRESH writers w1 (folder f, data 123)\n\n"
                             "| theme |\ncases passing: 2 of 2\n")
    assert report.main(["--rescored", "the harness knew the role question only in Dutch."]) == 0
    docs = report.BENCHMARKS.read_text()
    assert "SCORED AGAIN" in docs and "the harness knew the role question only in Dutch." in docs
    assert "scored once, never tuned on" not in docs

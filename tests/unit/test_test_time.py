"""scripts/test_time.py reads a `make test` log into one row per run (docs/benchmarks.md)."""

from __future__ import annotations

import pytest

from tests.support.scripts import load_script

LOG = """\
........................................................................ [100%]
1439 passed, 173 deselected, 4 warnings in 327.54s (0:05:27)
09:01:02 intake INFO bot.training: trained intake.tar.gz in 1612 s
........................................................................ [100%]
167 passed, 1 skipped, 4 xfailed, 8 warnings in 1801.20s (0:30:01)
make test: tests without Rasa exit 0, stack tests exit 0
EXIT 0 after 3905 s
"""


def test_each_round_and_the_whole_run_are_read():
    script = load_script("test_time")
    result = script.read(LOG)
    assert result["round1"] == ("1439 passed, 173 deselected, 4 warnings", 327.54)
    assert result["trained"] == 1612
    assert result["stack"] == ("167 passed, 1 skipped, 4 xfailed, 8 warnings", 1801.2)
    assert result["whole"] == (0, 3905)
    line = script.row(result, "clean clone")
    assert "| clean clone | 328 (1439 passed" in line and "| 1612 |" in line and "| 3905 (exit 0) |" in line


def test_a_run_that_stopped_after_round_1_says_so():
    script = load_script("test_time")
    result = script.read("3 failed, 1436 passed in 330.00s\nmake test: tests without Rasa exit 1\n")
    line = script.row(result, "x")
    assert "not trained" in line and "did not run" in line and "not recorded" in line


def test_a_log_without_any_pytest_summary_is_refused():
    with pytest.raises(SystemExit):
        load_script("test_time").read("lint failed\n")


def test_a_row_goes_into_its_own_table_even_when_other_sections_follow():
    script = load_script("test_time")
    first = script.with_row("# Benchmarks\n", "| a |")
    assert first.endswith("|---|---|---|---|---|---|\n| a |\n") and script.HEADING in first
    later = script.with_row(first + "\n## Another section\n\n| x | y |\n", "| b |")
    assert "| a |\n| b |\n\n## Another section" in later

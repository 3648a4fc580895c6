"""How readable the bot's Dutch is: the figures of bot/content/readability.py (Flesch-Douma and the
longest sentence) over every Dutch text the bot says (the msgids of locales/messages.pot, the same
selection as tests/unit/test_readability.py), with the first-line theme answers on their own.

Prints a summary table and, with --themes, one line per theme answer; --write appends the summary
to docs/benchmarks.md. The test fails on any text above the limits; this script says how far
inside them the texts are.
Usage: python scripts/readability_report.py [--themes] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
from pathlib import Path

from babel.messages.pofile import read_po

from bot.content.readability import MAX_SENTENCE_WORDS, MIN_FLESCH_DOUMA, Reading, read

ROOT = Path(__file__).resolve().parents[1]
# Texts for practice staff, skipped as the test skips them.
STAFF_FACING = ("<b>Jeugdintake</b>", "Afspraak {when} bij {worker} ({practice}) vervalt")
_THEME_RE = re.compile(r"utter_theme_(\w+)$")


def messages() -> list[tuple[str, str | None]]:
    """(msgid, theme or None) for every Dutch text."""
    with open(ROOT / "locales" / "messages.pot", "rb") as fh:
        catalog = read_po(fh)
    out = []
    for m in catalog:
        if not m.id or m.id.startswith(STAFF_FACING):
            continue
        themes = [t.group(1) for c in m.auto_comments if (t := _THEME_RE.match(c.strip()))]
        out.append((m.id, themes[0] if themes and "voor wie schrijf je" not in m.id.lower() else None))
    return out


def summary_row(label: str, readings: list[Reading]) -> str:
    scored = [r.flesch_douma for r in readings if r.flesch_douma is not None]
    failing = sum(1 for r in readings if r.problems())
    if not scored:
        return f"| {label} | {len(readings)} | - | - | - | {max(r.longest_sentence for r in readings)} | {failing} |"
    return (f"| {label} | {len(readings)} | {min(scored):.1f} | {statistics.median(scored):.1f} | "
            f"{statistics.mean(r.words for r in readings):.0f} | {max(r.longest_sentence for r in readings)} | {failing} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--themes", action="store_true", help="one line per theme answer")
    ap.add_argument("--write", action="store_true", help="append the summary to docs/benchmarks.md")
    args = ap.parse_args()
    texts = messages()
    readings = [(msgid, theme, read(msgid)) for msgid, theme in texts]
    themed = [r for _, theme, r in readings if theme]
    lines = [
        f"### Readability of the Dutch texts ({dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC)", "",
        f"scripts/readability_report.py; limits: Flesch-Douma at least {MIN_FLESCH_DOUMA:.0f} (texts of 15 words "
        f"or more), no sentence over {MAX_SENTENCE_WORDS} words.", "",
        "| texts | count | min Flesch-Douma | median | mean words | longest sentence | above B1 |",
        "|---|---|---|---|---|---|---|",
        summary_row("every Dutch text", [r for _, _, r in readings]),
        summary_row(f"theme answers ({len({t for _, t in texts if t})} themes)", themed),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.themes:
        for msgid, theme, r in sorted((x for x in readings if x[1]), key=lambda x: x[1]):
            score = "-" if r.flesch_douma is None else f"{r.flesch_douma:.1f}"
            print(f"{theme:20} words={r.words:3} flesch_douma={score:>5} longest={r.longest_sentence:2}  {msgid[:50]!r}")
    if args.write:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write("\n" + text)


if __name__ == "__main__":
    main()

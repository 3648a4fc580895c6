"""How often a typed message gets the first-contact card (bot/content/first_contact.py), on the
writers' NLU corpus: Dutch and English messages must not get it, Arabic, Turkish, Polish and
Ukrainian ones should. Prints the table; --write appends it to docs/benchmarks.md.

The corpus was looked at while the thresholds were set, so these are tuning figures.
Usage: python scripts/first_contact_eval.py [--corpus /work/writers/nlu] [--write]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
from pathlib import Path

from bot.content.first_contact import FIRST_CONTACT_LANGUAGES, language_of

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/work/writers/nlu")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for path in sorted(Path(args.corpus).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            lang = row.get("lang") or "nl"
            group = "nl/en" if lang in ("nl", "en") else lang
            if group != "nl/en" and group not in FIRST_CONTACT_LANGUAGES:
                continue  # mixed-language messages: either answer is fine
            got = language_of(row["text"])
            counts[group]["card" if got == (lang if group != "nl/en" else got) and got else "no card"] += 1
    lines = [f"### First-contact card on the writers' NLU corpus ({dt.date.today().isoformat()}, tuning figures)", "",
             "| written in | messages | got the card |", "|---|---|---|"]
    for group in ("nl/en", *FIRST_CONTACT_LANGUAGES):
        c = counts[group]
        total = sum(c.values())
        lines.append(f"| {group} | {total} | {c['card']} ({c['card'] / total:.1%}) |" if total else f"| {group} | 0 | - |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write("\n" + text)


if __name__ == "__main__":
    main()

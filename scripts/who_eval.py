"""Whom the crisis card and the check-in speak to, and in which language, on the writers' own labels.

Each risk writer says of every message whom it is about (``about``: self, child, other). The bot
answers someone at risk with the young person's card ("Ben je nu veilig?") and anyone who writes
about someone else with the card for who is worried ("Is je kind nu veilig?", "Is hij of zij nu
veilig?"). This script screens every crisis and concern message that gets the card or the
check-in and counts the two mistakes:

- someone else's danger answered as the writer's own (``about`` child/other, the young person's card);
- the writer's own danger answered as someone else's (``about`` self, the worried card), the worse one;

and, for messages in a language the card exists in (``lang`` nl, en, tr, pl, uk, ar), how many get
it in another language in a Dutch conversation (bot.safety.language.card_language).

``--ref REF`` also scores ``bot/safety/who.py`` and ``bot/safety/language.py`` as they were at a
git ref, on the same verdicts (the outcome depends on neither). The corpus (data/risk)
tuned who.py; a folder of unread writers is the honest figure. ``--write`` appends the rows to
docs/benchmarks.md.

Usage: python scripts/who_eval.py [PATH ...] [--ref REF] [--write]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MARK = "<!-- who-history: rows are inserted above this line by scripts/who_eval.py -->"
HEADER = ("## Card voice history (scripts/who_eval.py)\n\n"
          "Crisis and concern messages that get the card or the check-in, by the writers' own `about`. "
          "\"someone else's → young person's card\": about a child or another person, answered as the writer's "
          "own danger; \"own → worried card\": the writer's own danger answered as someone else's; \"card in another language\": a message in a language the card exists in, answered in another in a Dutch conversation.\n\n"
          "| when | who.py | set | n | someone else's → young person's card | own → worried card | card in another language |\n"
          "|---|---|---|---|---|---|---|\n")


def files(paths: list[Path]) -> list[Path]:
    out = []
    for path in paths:
        out += sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    return out


def rows_of(paths: list[Path]) -> list[dict]:
    rows = []
    for path in files(paths):
        with open(path, encoding="utf-8") as fh:
            rows += [r for r in (json.loads(line) for line in fh if line.strip())
                     if r.get("label") in ("crisis", "concern") and r.get("about") in ("self", "child", "other")]
    return rows


def module_at(ref: str, name: str):
    """bot/safety/<name>.py as it was at ``ref``, as a module of its own."""
    source = subprocess.run(["git", "show", f"{ref}:bot/safety/{name}.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    tmp = Path(tempfile.mkdtemp()) / f"{name}_at_ref.py"
    tmp.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"{name}_at_ref", tmp)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CARD_LANGS = ("nl", "en", "tr", "pl", "uk", "ar")


def score(rows: list[dict], modules: dict[str, tuple]) -> dict[str, collections.Counter]:
    from bot.safety import rules
    from bot.safety.concepts import find
    from bot.safety.screen import screen_many

    verdicts = screen_many([r["text"] for r in rows])
    counts = {name: collections.Counter() for name in modules}
    for row, verdict in zip(rows, verdicts, strict=True):
        if not (verdict.crisis or verdict.check_in):
            continue
        hits = find(row["text"])
        rules_about = rules.score(hits).about
        own = row["about"] == "self"
        for name, (module, language) in modules.items():
            self_voice = module.about(rules_about, hits.folded) not in ("child", "other")
            if row.get("lang") in CARD_LANGS:
                counts[name]["lang_n"] += 1
                counts[name]["lang_wrong"] += language.card_language(row["text"], "nl") != row["lang"]
            counts[name]["n"] += 1
            counts[name]["others_as_own"] += (not own) and self_voice
            counts[name]["own_as_others"] += own and not self_voice
            counts[name]["others"] += not own
            counts[name]["own"] += own
    return counts


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / max(whole, 1):.2f})"


def line(c: collections.Counter) -> tuple[str, str, str]:
    return (share(c["others_as_own"], c["others"]), share(c["own_as_others"], c["own"]),
            share(c["lang_wrong"], c["lang_n"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[ROOT / "data" / "risk"],
                    help="JSON-lines files or folders (default data/risk, the corpus: a tuning set)")
    ap.add_argument("--ref", help="also score bot/safety/who.py as it was at this git ref")
    ap.add_argument("--write", action="store_true", help="append the rows to docs/benchmarks.md")
    args = ap.parse_args(argv)
    rows = rows_of(args.paths)
    if not rows:
        print("no crisis or concern messages with an `about` label in " + ", ".join(map(str, args.paths)),
              file=sys.stderr)
        return 1
    from bot.safety import language, who

    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "bot/safety/who.py", "bot/safety/language.py"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    modules = {f"{head}{'+' if dirty else ''}": (who, language)}
    if args.ref:
        modules = {args.ref: (module_at(args.ref, "who"), module_at(args.ref, "language")), **modules}
    label = ", ".join(str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in args.paths)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    table = []
    for name, c in score(rows, modules).items():
        others, own, lang = line(c)
        table.append(f"| {stamp} | {name} | {label} | {c['n']} | {others} | {own} | {lang} |")
    print(HEADER + "\n".join(table))
    if args.write:
        path = ROOT / "docs" / "benchmarks.md"
        text = path.read_text(encoding="utf-8")
        if MARK not in text:
            text = text.rstrip("\n") + "\n\n" + HEADER + MARK + "\n"
        path.write_text(text.replace(MARK, "\n".join(table) + "\n" + MARK), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

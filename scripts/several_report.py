"""Appends the figures of the several-instances load run (`make test-several`) to
docs/benchmarks.md, and prints them.

The load run (tests/e2e/test_several_instances.py, with INTAKE_SEVERAL_FIGURES set) writes its own
figures as JSON: chats, messages, replies lost / sent twice, chats with replies out of order,
reply times (a person sending a message to the bot's first reply to it), the load average during
the run. This script adds the machine, the date and whether the test passed (pytest's exit code),
so no figure is typed by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.bench import machine  # noqa: E402


def seconds(value) -> str:
    return "-" if value is None else f"{value:.1f} s"


def report(figures: dict, *, exit_code: int, written: float) -> str:
    when = datetime.fromtimestamp(written, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    verdict = "passed" if exit_code == 0 else f"FAILED (pytest exit code {exit_code})"
    lines = [
        f"\n## make test-several (load run) — {when}: {verdict}\n",
        f"Machine: {machine()}. Load average (1 min) during the run: mean {figures['load_mean']:.1f}, "
        f"max {figures['load_max']:.1f} (other engineers' jobs share the machine; the run is niced).",
        "",
        f"PostgreSQL + Redis, {figures['bot_apps']} bot apps (webhook; each chat alternating between them), {figures['rasa_servers']} Rasa "
        f"servers, {figures['action_servers']} action servers; Rasa kill: {figures['rasa_kill']}. Written by "
        "tests/e2e/test_several_instances.py, appended by scripts/several_report.py. Lost: replies of the quiet "
        "run that did not arrive; sent twice: replies that arrived more often than in the quiet run (a reply "
        "that differs from the quiet run's counts once in each); reply time: a person sending a message to the "
        "bot's first reply to it.",
        "",
        "| chats | messages | replies expected | lost | sent twice | chats out of order | chats wrong "
        "| reply p50 | reply p95 | reply max |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {figures['chats']} | {figures['messages']} | {figures['expected_replies']} | {figures['lost']} | "
        f"{figures['duplicated']} | {figures['chats_out_of_order']} | {figures['chats_wrong']} | "
        f"{seconds(figures['reply_p50_s'])} | {seconds(figures['reply_p95_s'])} | {seconds(figures['reply_max_s'])} |",
        "",
        f"- Messages with a first reply timed: {figures['messages_answered']} of {figures['messages']}; "
        f"'één moment' notices {figures['notices']}; webhook deliveries retried {figures['retries']}.",
        f"- System ready after {figures['ready_s']} s; sending took {figures['sending_s']} s; everything answered "
        f"(or nothing more arriving) after {figures['answered_s']} s. Chaos: {'; '.join(figures['chaos'])}.",
    ]
    if "messages_wrong" in figures:
        lines.append(f"- Message by message (each reply linked to the message it answers): "
                     f"{figures['messages_wrong']} messages without exactly their quiet-run replies, in "
                     f"{figures['chats_wrong_by_message']} chats.")
    if figures.get("failed_checks") is not None:
        lines.append("- Failed checks: " + ("; ".join(figures["failed_checks"]) or "none") + ".")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", type=Path, help="the JSON the load run wrote (INTAKE_SEVERAL_FIGURES)")
    parser.add_argument("--exit-code", type=int, required=True, help="pytest's exit code for the run")
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to docs/benchmarks.md")
    args = parser.parse_args()
    if not args.figures.exists():
        print(f"{args.figures}: no figures (the load run stopped before it measured anything)", file=sys.stderr)
        return 1
    written = args.figures.stat().st_mtime
    if time.time() - written > 6 * 3600:
        print(f"{args.figures} is older than six hours: not the run that just ended", file=sys.stderr)
        return 1
    text = report(json.loads(args.figures.read_text()), exit_code=args.exit_code, written=written)
    print(text)
    if not args.no_write:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

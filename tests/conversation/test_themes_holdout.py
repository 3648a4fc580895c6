"""Every theme is reached by writers who wrote none of the training data, through the real Rasa
server, action server and bot app, for a parent and for a young person.

The messages are `tests/data/themes_holdout/<writer>.jsonl`: three first messages per theme by
each hold-out writer (a parent, a young person, a parent who writes Dutch as a second language),
briefed with a persona and the themes only. None of them wrote training data, and
tests/unit/test_themes_holdout_data.py fails when a hold-out text (or a near-duplicate) is in
nlu_data. Never train or tune on them; a new figure needs new writers (docs/nlu.md). Their table has
been read while tuning (sessions 4 and 5: which themes miss and what came instead), so since the
nlu4 writers landed it is a tuning-set figure, not a fresh one: see FRESH below.

How a message is sent: as the first message of a new conversation that came in through the
practice's link (`/start LINDE`, which Telegram sends when a person opens that link). When the bot
asks "Voor wie schrijf je?", the writer's own role is pressed. When the safety screen asks the
check-in question (thoughts of suicide?), "Nee" is pressed, as these writers wrote about a theme,
not a crisis; the bot then goes on with the message. All chats go through one `intake chat --json`
process per round (at most four rounds), so the run takes minutes, not one process per message.

Pass criterion, per theme and writer (each writer has one role, so this is per theme and role, and
the parent's role is held by two writers; the young person's writer has no messages for the two
themes only a parent brings, baby_jgz and overbelast_ouder): at least 2 of the writer's 3 messages get that theme's
answer written for that writer's role. The wrong theme, the other role's text, the clarifying
question or any other answer is a miss. For self-harm (zelfbeschadiging) the crisis card counts as
well: it puts 113 and 112 in front of the person at once, which is right for a first message about
self-harm. For every other theme a crisis card is a miss (a false alarm instead of the answer).

On the kept set (`make test`) the figure is checked as a whole, not case by case: at least
KEPT_FLOOR["cases"] of the cases pass, at least KEPT_FLOOR["messages"] messages reach their answer,
and each writer keeps at least their own floor. Per case this was a list of strict xfails, and CI
failed on main in session 8 because three of the 52 cases had moved (one message each, across the
2-of-3 line) since the list was measured: the same three moved on our own machine with the same model
and screen, after later changes to the dialogue and the screen's path. One message crossing a case's
line is not a regression; a change that costs several cases or messages is. The floors are the
figure measured on main (KEPT_MEASURED) minus that room; the table of all cases is printed whenever
this module runs, so which cases moved is always visible.

A fresh figure: `make themes-holdout FRESH=<folder>` sets THEMES_HOLDOUT_FRESH and runs this module
once on a folder of NEW hold-out writers (same format, never part of `make test`). There every case is
its own test (the kept set's floors do not apply): a case that misses fails, and the table, with
the folder's fingerprint, the model and the screen, is appended to docs/benchmarks.md labelled
FRESH by scripts/themes_holdout_report.py, which refuses a folder already scored.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import pytest

from bot.config import PROJECT_ROOT
from bot.content.themes import THEMES
from tests.support.theme_answers import (
    OTHER_RESPONSES,
    PARENT,
    YOUNG,
    answer_in,
    asks_who,
    payloads,
    texts,
)
from tests.support.themes_holdout import (
    ROLES,
    fingerprint,
    fresh_dir,
    holdout_messages,
    holdout_writers,
)

pytestmark = pytest.mark.stack

ROLE_BUTTON = {"ouder": PARENT, "jongere": YOUNG}
CHECK_IN_NO = "/deny_risk"
PASS_AT_LEAST = 2  # of a writer's 3 messages about a theme
CRISIS_IS_RIGHT = {"zelfbeschadiging"}
MAX_ROUNDS = 4
REPORT = PROJECT_ROOT / "var" / "themes-holdout.md"


def model_hash() -> str:
    """The nlu_data hash of the model the stack runs (models/intake.hash.json), shortened."""
    path = PROJECT_ROOT / "models" / "intake.hash.json"
    return json.loads(path.read_text())["hash"][:16] if path.exists() else "unknown"


def stamp() -> str:
    """The report's first line: when, which model and screen, and (for a fresh run) which writers."""
    from bot.safety.model import version

    line = f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, model {model_hash()}, screen {version()[:8]}"
    fresh = fresh_dir()
    if fresh is not None:
        line += f", FRESH writers {', '.join(holdout_writers())} (folder {fresh.name}, data {fingerprint(fresh)})"
    return line


# Measured with scripts/themes_holdout_report.py's table of this module (var/themes-holdout.md), on the
# model trained from main's nlu_data; updated when nlu_data changes (the table says the model hash).
KEPT_MEASURED = ("2026-12-01 06:52 UTC, model 7425f435, screen 58fe4468: 45 of 52 cases, 122 of 156 messages "
                 "(holdout-parent-nt2-eritrea 41/54, holdout-parent-vader 43/54, holdout-young-17 38/48)")
# The kept set's floors: the measured figure minus the room one retraining of the same data needs
# (3 cases, 6 messages; per writer 3 messages).
KEPT_FLOOR: dict[str, int] = {"cases": 42, "messages": 116}
KEPT_WRITER_FLOOR: dict[str, int] = {"holdout-parent-nt2-eritrea": 38, "holdout-parent-vader": 40, "holdout-young-17": 35}


@dataclass
class Conversation:
    row: dict
    user: str
    outs: list[dict] = field(default_factory=list)
    role_pressed: bool = False
    check_in_answered: bool = False

    @property
    def role(self) -> str:
        return ROLES[self.row["role"]]

    @property
    def answer(self) -> tuple[str, str] | None:
        return next((found for out in self.outs if (found := answer_in(out))), None)

    @property
    def crisis(self) -> bool:
        return any("/affirm_safe" in payloads(out) for out in self.outs)

    @property
    def check_in(self) -> bool:
        return any("/affirm_risk" in payloads(out) for out in self.outs)

    def next_line(self) -> dict | None:
        """What the writer sends next, or None when the conversation has its outcome."""
        last = self.outs[-1]
        if self.answer or self.crisis:
            return None
        if "/deny_risk" in payloads(last) and not self.check_in_answered:
            self.check_in_answered = True
            return {"user": self.user, "button": CHECK_IN_NO}
        if asks_who(last) and not self.role_pressed:
            self.role_pressed = True
            return {"user": self.user, "button": ROLE_BUTTON[self.role]}
        return None

    def outcome(self) -> str:
        """Short, for the table: the theme/role reached, or what came instead (never the text)."""
        if self.answer:
            return f"{self.answer[0]}/{self.answer[1]}"
        if self.crisis:
            return "crisis card"
        last = self.outs[-1]
        said = "\n".join(texts(last))
        if "Bedoel je een van deze?" in said or "Do you mean one of these?" in said:
            offered = f"/ask_{self.row['topic']}" in payloads(last)
            return "did-you-mean" + (" (its theme offered)" if offered else "")
        if "begreep ik niet" in said or "understand that" in said:
            return "clarifying question"
        if asks_who(last):
            return "role asked again"
        names = [OTHER_RESPONSES[t].removeprefix("utter_") for t in texts(last) if t in OTHER_RESPONSES]
        return names[0] if names else "other answer"

    def reached(self) -> bool:
        theme = self.row["topic"]
        return self.answer == (theme, self.role) or (theme in CRISIS_IS_RIGHT and self.crisis and not self.answer)


@pytest.fixture(scope="module")
def conversations(sqlite_stack, request) -> dict[tuple[str, str], list[Conversation]]:
    stack = sqlite_stack
    chats = [Conversation(row, stack.new_user("holdout")) for row in holdout_messages()]
    started = time.monotonic()
    lines = [line for c in chats for line in ({"user": c.user, "text": "/start LINDE"}, {"user": c.user, "text": c.row["text"]})]
    outs = stack.chat(lines, timeout=3600)
    for i, c in enumerate(chats):
        c.outs.append(outs[2 * i + 1])
    turns = len(lines)
    for _round in range(MAX_ROUNDS):
        pending = [(c, line) for c in chats if (line := c.next_line())]
        if not pending:
            break
        for (c, _line), out in zip(pending, stack.chat([line for _c, line in pending], timeout=3600), strict=True):
            c.outs.append(out)
        turns += len(pending)
    seconds = time.monotonic() - started
    by_case: dict[tuple[str, str], list[Conversation]] = {}
    for c in chats:
        by_case.setdefault((c.row["topic"], c.row["writer"]), []).append(c)
    report = table(by_case, seconds, turns)
    # Kept for docs/benchmarks.md (appended from this file, never typed by hand).
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(f"{stamp()}\n\n{report}\n", encoding="utf-8")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        for line in report.splitlines():
            reporter.write_line(line)
    return by_case


def table(by_case: dict[tuple[str, str], list[Conversation]], seconds: float, turns: int) -> str:
    names = holdout_writers()
    head = "| theme | " + " | ".join(f"{w} ({r})" for w, r in names.items()) + " |"
    lines = ["Hold-out writers, first messages through the real stack (reached / sent; what the misses got):",
             head, "|" + "---|" * (len(names) + 1)]
    totals = {w: [0, 0] for w in names}
    passed = 0
    for theme in THEMES:
        cells = []
        for writer in names:
            chats = by_case.get((theme, writer), [])
            if not chats:
                cells.append("-")  # a theme only a parent brings
                continue
            hits = sum(c.reached() for c in chats)
            totals[writer][0] += hits
            totals[writer][1] += len(chats)
            passed += hits >= PASS_AT_LEAST
            misses = ", ".join(c.outcome() for c in chats if not c.reached())
            check_ins = sum(c.check_in for c in chats)
            cells.append(f"{hits}/{len(chats)}" + (f" ({misses})" if misses else "")
                         + (f" [check-in {check_ins}]" if check_ins else ""))
        lines.append(f"| {theme} | " + " | ".join(cells) + " |")
    lines.append("| all | " + " | ".join(f"{h}/{n}" for h, n in totals.values()) + " |")
    lines.append(f"cases passing (>= {PASS_AT_LEAST} of 3): {passed} of {len(by_case)}; "
                 f"{turns} turns in {seconds:.0f} s")
    return "\n".join(lines)


def _cases():
    """(theme, writer) for every theme a fresh folder's writer wrote about, in the order of THEMES
    (none for the kept set, which is checked as a whole)."""
    if fresh_dir() is None:
        return
    written = {(row["topic"], row["writer"]) for row in holdout_messages()}
    for theme in THEMES:
        for writer, role in holdout_writers().items():
            if (theme, writer) in written:
                yield pytest.param(theme, writer, id=f"{theme}-{writer}-{role}")


def _tally(conversations) -> tuple[int, int, dict[str, int]]:
    """Cases passing, messages reached, and messages reached per writer."""
    cases = sum(sum(c.reached() for c in chats) >= PASS_AT_LEAST for chats in conversations.values())
    by_writer: dict[str, int] = {}
    for (_theme, writer), chats in conversations.items():
        by_writer[writer] = by_writer.get(writer, 0) + sum(c.reached() for c in chats)
    return cases, sum(by_writer.values()), by_writer


@pytest.mark.skipif(fresh_dir() is not None, reason="a fresh folder is scored case by case, below")
def test_the_kept_hold_out_writers_reach_their_theme_answers_at_least_as_often_as_measured(conversations):
    cases, messages, by_writer = _tally(conversations)
    got = f"{cases} cases, {messages} messages, per writer {by_writer} (measured: {KEPT_MEASURED})"
    assert cases >= KEPT_FLOOR["cases"], got
    assert messages >= KEPT_FLOOR["messages"], got
    for writer, floor in KEPT_WRITER_FLOOR.items():
        assert by_writer.get(writer, 0) >= floor, f"{writer}: {got}"


@pytest.mark.parametrize("theme, writer", list(_cases()))
def test_a_fresh_hold_out_writer_reaches_the_theme_answer_for_their_role(conversations, theme, writer):
    chats = conversations[(theme, writer)]
    assert len(chats) == 3
    got = [c.outcome() for c in chats]
    assert sum(c.reached() for c in chats) >= PASS_AT_LEAST, f"{theme} by {writer} ({chats[0].role}): {got}"


def test_every_hold_out_message_gets_a_kind_answer_and_no_apology_for_an_error(conversations):
    for chats in conversations.values():
        for c in chats:
            said = [t for out in c.outs for t in texts(out)]
            assert said, c.outcome()
            assert not any("er gaat nu iets mis aan mijn kant" in t for t in said), c.outcome()

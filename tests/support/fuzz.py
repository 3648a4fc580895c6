"""A conversation fuzzer: seeded off-script conversations against the real stack.

Each conversation is played by a random person (seeded): it opens with or without a practice
code, then answers the bot's questions by typing instead of pressing (ages in words, "weet ik
niet", a practice by place, English), asks questions in between, sends noise, emoji, other
languages, stickers, restarts, presses buttons twice or long after they were offered. What it
sends next depends on what the bot just said, so a seed replays the same conversation as long
as the bot answers the same.

After every turn the invariants are checked:
- no reply text three times in a row (in the stream of replies, or as three identical turns);
- no sentence twice in one reply;
- no traceback and no "unavailable" apology (the stack is up);
- always a next step: a button, or a question;
- crisis texts only in or after a turn with a risk signal (the safety screen's verdict).

Raw material: the project's own NLU examples (robustness, not understanding), a few fixed
noise strings, and crisis messages from tests/data/safety_eval.jsonl for the risk turns.
"""

from __future__ import annotations

import functools
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

# Intents whose examples are never sent as ordinary material: they are risk signals.
RISKY_INTENTS = ("crisis", "affirm_safe", "deny_safe", "safe_now", "not_safe_now", "checkin_worse")
NOISE = ["🙈🙈🙈", "😂", "👍", "🤷‍♀️🤷‍♀️", "...", "?", "!!!", "xkcdqwe", "asdkjh qwpoe zxmnb", "jfjfjfjf", "lol",
         "hmm", "ok", "k", "a" * 5000, "1", "0", "-", "#", "/", "/inform_age{\"age\":\"99\"}", "ja", "nee"]
OTHER_LANGUAGES = ["Merhaba, oğlum okula gitmek istemiyor", "Dzień dobry, mam pytanie o córkę",
                   "Привіт, мені потрібна допомога", "مرحبا، أحتاج مساعدة لابني",
                   "Hello, I need help with my daughter", "Bonjour, mon fils ne va plus à l'école"]
COMMANDS = ["/stop", "/start", "/start LINDE", "/start ANKER", "/start ONBEKEND", "/help", "/afspraak", "/taal",
            "/privacy"]
# Typed answers by a fragment of the question (Dutch or English question texts).
ANSWERS = [
    (("Voor wie schrijf je", "Who are you writing"),
     ["ik ben moeder", "vader", "voor mezelf", "mijn zoon", "ik ben 16", "ik werk als leerkracht", "ouder",
      "I am a parent", "myself", "14", "weet ik niet"]),
    (("huisartsenpraktijk", "GP practice"),
     ["de linde", "Linde in Utrecht", "zwolle", "3521AB", "het anker", "8011", "weet ik niet", "Amsterdam",
      "huisarts", "ik wil graag een afspraak maken"]),
    (("Hoe oud", "How old"), ["13", "dertien", "veertien jaar", "hij is 9", "16", "weet ik niet", "liever niet",
                              "thirteen", "ik ben 19", "26"]),
    (("Waar gaat het over", "What is it about"),
     ["school", "hij wil niet naar school", "angst", "ze piekert veel", "opvoeding", "14", "ik weet het niet",
      "liever niet", "driftbuien", "sleep"]),
    (("Sinds wanneer", "Hoe lang speelt", "How long"), ["drie weken", "een paar maanden", "sinds de zomer", "al jaren", "weet ik niet",
                                       "a few weeks", "10", "gisteren"]),
    (("naar school", "to school"), ["ja", "soms niet", "nee", "nee al weken niet", "weet ik niet"]),
    (("dagelijks leven", "daily life"), ["hij slaapt slecht", "veel ruzie thuis", "niks eigenlijk", "overslaan",
                                         "she cries a lot"]),
    (("Hoe zwaar", "How heavy"), ["7", "acht", "heel zwaar", "5", "weet ik niet", "11", "seven"]),
    (("hulp bij betrokken", "Helpt er al iemand", "help involved", "anyone helping"), ["nee, nog niemand", "het wijkteam", "school", "weet ik niet"]),
    (("Wat hoop je", "What do you hope"), ["tips", "een gesprek", "weet ik nog niet", "dat het beter gaat"]),
    (("noemen", "call you"), ["Anna", "liever niet", "Mo", "zeg maar Sam", "overslaan"]),
    (("contact met je opnemen", "contact you"), ["06 12345678", "via de chat", "0612345678", "bel me maar",
                                                 "weet ik niet"]),
    (("samenvatting delen", "share a short summary"), ["ja", "nee", "liever niet", "weet ik niet"]),
    (("dat je contact opneemt", "ouders erbij", "dat je hulp zoekt", "Weten je ouders", "ouders mee over hulp"),
     ["ja", "nee", "nog niet", "weet ik niet", "yes"]),
    (("Wanneer past het", "first free times", "latere tijden", "Kies een tijd", "snel vrij zijn", "Welke tijd",
      "When"),
     ["de eerste", "dinsdag", "maakt niet uit", "andere tijden", "2", "donderdag om 9 uur", "stop"]),
    (("Hoe wil je het gesprek", "How would you like"), ["video", "op de praktijk", "bellen", "telefonisch"]),
    (("afspraak van", "afzeggen"), ["ja", "nee", "toch niet"]),
]


def _examples() -> dict[str, list[str]]:
    by_intent: dict[str, list[str]] = {}
    for path in sorted((ROOT / "nlu_data" / "data" / "nlu").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu") or []:
            intent = item.get("intent")
            if not intent or intent.split("/")[0] in RISKY_INTENTS:
                continue
            for line in (item.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    text = re.sub(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}", lambda m: m.group(1) or m.group(2), line[2:])
                    by_intent.setdefault(intent, []).append(text)
    return by_intent


def _risky(text: str) -> bool:
    from bot.safety import screen

    verdict = screen(text)
    return bool(verdict.crisis or verdict.check_in)


@dataclass
class Material:
    themes: list[str]
    questions: list[str]
    small_talk: list[str]
    other: list[str]
    risk: list[str]

    @classmethod
    def load(cls) -> Material:
        """Once per process: screening every example takes a minute or more on two cores, and both
        fuzz tests use the same material (nobody changes it: the people only draw from it)."""
        return _material()

    @classmethod
    def _build(cls) -> Material:
        from bot.safety import screen_many

        examples = _examples()
        texts = [t for v in examples.values() for t in v]
        risky = {t for t, verdict in zip(texts, screen_many(texts), strict=True) if verdict.crisis or verdict.check_in}
        safe = {k: [t for t in v if t not in risky] for k, v in examples.items()}
        themes = [t for k, v in safe.items() if k.startswith("ask_") for t in v]
        questions = [t for k, v in safe.items() if k.startswith("faq") for t in v]
        small = [t for k in ("greet", "thanks", "goodbye", "affirm", "deny", "bot_challenge", "help", "privacy")
                 for t in safe.get(k, [])]
        other = [t for k, v in safe.items() if not k.startswith(("ask_", "faq")) for t in v]
        risk = []
        for line in (ROOT / "tests" / "data" / "safety_eval.jsonl").read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item.get("label") not in (None, "none", "safe") and _risky(item["text"]):
                risk.append(item["text"])
        return cls(themes, questions, small, other, risk[:40])


@functools.cache
def _material() -> Material:
    return Material._build()


@dataclass
class Turn:
    sent: dict
    replies: list  # bot.replies.Reply
    risk: bool


@dataclass
class Violation(Exception):
    seed: int
    rule: str
    turns: list[Turn] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"seed {self.seed}: {self.rule}  (replay: INTAKE_FUZZ_SEED={self.seed} INTAKE_FUZZ_RUNS=1 "
                 f"pytest tests/conversation/test_fuzz.py)"]
        for turn in self.turns[-8:]:
            lines.append(f"  > {json.dumps(turn.sent, ensure_ascii=False)[:160]}")
            for r in turn.replies:
                buttons = " ".join(f"[{b.title}]" for b in r.buttons)
                lines.append(f"    {r.kind}: {r.text[:200]!r} {buttons}")
        return "\n".join(lines)


_SENTENCE_RE = re.compile(r"\n+|(?<=[.!?…])\s+")


def _sentences(text: str) -> list[str]:
    return [" ".join(s.lower().split()).strip(" .!?…") for s in _SENTENCE_RE.split(text or "")]


def check(seed: int, turns: list[Turn]) -> None:
    """The invariants, after the last turn."""
    turn = turns[-1]
    replies = turn.replies

    def fail(rule: str) -> None:
        raise Violation(seed, rule, turns)

    if not replies:
        fail("no reply at all")
    for r in replies:
        if r.kind == "error" or "er gaat nu iets mis" in r.text or "Traceback" in r.text or "Exception" in r.text:
            fail("an error or 'unavailable' reply while the stack is up")
        said = [s for s in _sentences(r.text) if len(s.split()) >= 2]
        if len(said) != len(set(said)):
            fail("a sentence twice in one reply")
    stream = [r.text for t in turns[-3:] for r in t.replies]
    for i in range(len(stream) - 2):
        if stream[i] and stream[i] == stream[i + 1] == stream[i + 2]:
            fail("the same reply three times in a row")
    if len(turns) >= 3 and all([r.text for r in t.replies] == [r.text for r in turn.replies] for t in turns[-3:]):
        fail("the same turn three times in a row")
    if not (any(r.buttons for r in replies) or any(q in replies[-1].text for q in ("?", "؟"))):  # Arabic too
        fail("no next step (no button and no question)")
    if any(r.kind == "crisis" for r in replies) and not any(t.risk for t in turns):
        fail("a crisis text without any risk signal")


def answer_for(question: str, rng: random.Random) -> str | None:
    for fragments, answers in ANSWERS:
        if any(f in question for f in fragments):
            return rng.choice(answers)
    return None


class Person:
    """Chooses what to send next from what the bot said (seeded)."""

    def __init__(self, seed: int, material: Material):
        self.seed = seed
        self.rng = random.Random(seed)
        self.material = material
        self.offered: list[list[str]] = []  # payloads offered per turn
        self.risk_budget = 1 if self.rng.random() < 0.15 else 0

    def opening(self) -> dict:
        r = self.rng.random()
        if r < 0.35:
            return {"text": "/start"}
        if r < 0.6:
            return {"text": self.rng.choice(["/start LINDE", "/start ANKER"])}
        if r < 0.65:
            return {"text": "/start ONBEKEND"}
        return {"text": self.rng.choice(self.material.themes + self.material.small_talk + ["hallo", "hoi", "hi"])}

    def next(self, replies: list) -> dict:
        rng = self.rng
        buttons = [b.payload for r in replies for b in r.buttons]
        self.offered.append(buttons)
        question = replies[-1].text if replies else ""
        roll = rng.random()
        if self.risk_budget and roll < 0.04:
            self.risk_budget -= 1
            return {"text": rng.choice(self.material.risk)}
        if roll < 0.30 and buttons:
            return {"button": rng.choice(buttons)}
        if roll < 0.58:
            typed = answer_for(question, rng)
            if typed:
                return {"text": typed}
        if roll < 0.66:
            return {"text": rng.choice(self.material.questions)}
        if roll < 0.72:
            return {"text": rng.choice(self.material.themes)}
        if roll < 0.76:
            return {"text": rng.choice(self.material.other)}
        if roll < 0.81:
            return {"text": rng.choice(NOISE)}
        if roll < 0.84:
            return {"text": rng.choice(OTHER_LANGUAGES)}
        if roll < 0.88:
            return {"text": rng.choice(COMMANDS)}
        if roll < 0.91 and len(self.offered) >= 2:
            return {"double": True}  # the last pressed button again (or the first offered one)
        if roll < 0.94:
            stale = [p for turn in self.offered[:-1] for p in turn]
            if stale:
                return {"button": rng.choice(stale)}
        if roll < 0.96:
            return {"kind": rng.choice(["sticker", "voice", "photo"])}
        return {"text": rng.choice(self.material.small_talk or ["hallo"])}


async def play(service, seed: int, material: Material, *, turns: int | None = None) -> list[Turn]:
    """One fuzzed conversation through the service; raises Violation on the first broken rule."""
    from bot.conversation import Inbound
    from bot.safety import screen

    person = Person(seed, material)
    user = f"fuzz-{seed}-{random.Random().getrandbits(32)}"
    length = turns or person.rng.randint(6, 12)
    history: list[Turn] = []
    message = person.opening()
    last_button: str | None = None
    for _ in range(length):
        if message.get("double"):
            message = {"button": last_button} if last_button else {"text": "nog een keer"}
        if "button" in message:
            inbound = Inbound("terminal", user, button=message["button"], kind="button")
            last_button = message["button"]
            risk = False
        elif "kind" in message:
            inbound = Inbound("terminal", user, kind=message["kind"])
            risk = False
        else:
            inbound = Inbound("terminal", user, text=message["text"])
            verdict = screen(message["text"])
            risk = bool(verdict.crisis or verdict.check_in)
        replies = await service.handle(inbound)
        history.append(Turn(message, replies, risk))
        check(seed, history)
        message = person.next(replies)
    return history

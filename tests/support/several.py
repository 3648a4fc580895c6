"""Several instances as separate processes, for the several-instances test and `make
bench-scale`: PostgreSQL and Redis servers of their own, two action servers, N Rasa servers and
M bot apps (each `intake run --only ROLE`), the fake Bot API, small balancers in front of the
bot apps' /nlg and of the action servers (the proxy's job in deploy/compose.yaml), and a
deliverer that plays Telegram behind a load balancer for the webhook."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.fakes.telegram_api import BotAppProcess, FakeTelegram
from tests.support.http_proxy import HttpBalancer
from tests.support.postgres import running_postgres
from tests.support.redis import running_redis
from tests.support.stack import INTAKE, ROOT, base_env, free_port, wait_http

PATH = "/telegram/webhook"
SECRET = "several-instances-test-secret"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Role:
    """`intake run --only ROLE` as its own process, with its own data dir and log."""

    def __init__(self, name: str, env: dict[str, str], health: str, root: Path):
        self.name, self.health = name, health
        self.env = {**env, "INTAKE_DATA_DIR": str(root / name)}
        self.log_path = root / f"{name}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Role:
        role = self.name.split("-")[0]
        self.proc = subprocess.Popen([INTAKE, "run", "--only", role], env=self.env, cwd=ROOT,
                                     stdout=open(self.log_path, "ab"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        return self

    def wait(self, timeout: float) -> None:
        try:
            wait_http(self.health, timeout, self.proc)
        except (TimeoutError, RuntimeError) as exc:
            raise RuntimeError(f"{self.name} did not start ({exc}):\n{self.log_path.read_text()[-3000:]}") from None

    def kill(self, sig=signal.SIGKILL) -> None:
        os.killpg(self.proc.pid, sig)
        self.proc.wait(timeout=60)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


class Deliverer:
    """Telegram plus the load balancer: one chat's updates in order, each POSTed to the bot app
    that did not take the chat's update before (so a chat's messages cross the instances
    whenever both take them; a global round-robin left a chat on one app by chance, and under
    load too many chats did), and to the other one when it does not answer 200."""

    def __init__(self, apps: list[BotAppProcess]):
        self.apps = apps
        self.turn = 0
        self.retries = 0
        self.delivered = 0
        self.accepted_by: dict[int, set[int]] = {}  # chat -> the bot apps that took its updates
        self.accepted: list[tuple[float, int, int]] = []  # (monotonic time, chat, bot app) per update
        self._next: dict[int, int] = {}

    async def deliver(self, client: httpx.AsyncClient, update: dict) -> None:
        deadline = time.monotonic() + 300
        chat = update.get("message", {}).get("chat", {}).get("id")
        while True:
            index = self._next.get(chat, self.turn) % len(self.apps)
            self.turn += 1
            try:
                resp = await client.post(f"{self.apps[index].url}{PATH}", json=update, headers={HEADER: SECRET})
                if resp.status_code == 200:
                    self.delivered += 1
                    self.accepted_by.setdefault(chat, set()).add(index)
                    self.accepted.append((time.monotonic(), chat, index))
                    self._next[chat] = index + 1
                    return
            except httpx.HTTPError:
                pass
            self._next[chat] = index + 1  # this one did not take it: the other one
            self.retries += 1
            if time.monotonic() > deadline:
                raise AssertionError(f"update {update['update_id']} was never accepted")
            await asyncio.sleep(0.2)



@contextlib.contextmanager
def running_system(root: Path, *, rasa_servers: int, bot_apps: int, action_servers: int = 2,
                   extra_env: dict[str, str] | None = None, rasa_urls_for_apps: int | None = None):
    """Everything started and healthy; yields a dict with the parts."""
    fake = FakeTelegram().start()
    try:
        with running_postgres("run several instances on PostgreSQL") as pg, \
                running_redis("run several instances with Redis") as redis:
            env = base_env(root, INTAKE_DATABASE_URL=pg.url, INTAKE_REDIS_URL=redis.url,
                           INTAKE_RASA_TIMEOUT="60", INTAKE_LOG_LEVEL="INFO")
            for cmd in (["db", "upgrade"], ["db", "seed", "--demo"]):
                subprocess.run([INTAKE, *cmd], env=env, check=True, capture_output=True, cwd=ROOT, timeout=300)
            web_ports = [free_port() for _ in range(bot_apps)]
            nlg = HttpBalancer(web_ports).start()
            action_ports = [free_port() for _ in range(action_servers)]
            actions = [Role(f"actions-{i + 1}", {**env, "INTAKE_ACTION_PORT": str(port)},
                            f"http://127.0.0.1:{port}/health", root).start()
                       for i, port in enumerate(action_ports)]
            # Rasa reaches the action servers through a balancer, as through the proxy's :5055.
            action_lb = HttpBalancer(action_ports, retry_sent=False).start()
            rasa_ports = [free_port() for _ in range(rasa_servers)]
            rasas = [Role(f"rasa-{i + 1}", {**env, "INTAKE_RASA_PORT": str(port),
                                            "INTAKE_ACTION_URL": f"{action_lb.url}/webhook",
                                            "INTAKE_NLG_URL": f"{nlg.url}/nlg"},
                          f"http://127.0.0.1:{port}/", root).start()
                     for i, port in enumerate(rasa_ports)]
            apps = [_bot_app(fake, env, root, i, port, rasa_ports, extra_env) for i, port in enumerate(web_ports)]
            try:
                for action_server in actions:
                    action_server.wait(180)
                for app in apps:
                    app.start(timeout=180)
                for rasa in rasas:
                    rasa.wait(float(os.environ.get("INTAKE_RASA_STARTUP_TIMEOUT", "1200")))
                yield {"fake": fake, "apps": apps, "rasas": rasas, "actions": actions, "pg": pg,
                       "redis": redis, "env": env, "root": root, "rasa_ports": rasa_ports}
            finally:
                for app in apps:
                    app.stop()
                for proc in (*rasas, *actions):
                    proc.stop()
                nlg.stop()
                action_lb.stop()
    finally:
        fake.stop()


def _bot_app(fake, env, root, i, port, rasa_ports, extra_env) -> BotAppProcess:
    web_env = {**env, "INTAKE_RASA_URL": ",".join(f"http://127.0.0.1:{p}" for p in rasa_ports), **(extra_env or {})}
    app = BotAppProcess(fake, web_env, root / f"web-{i + 1}.log", webhook_path=PATH, secret=SECRET)
    app.port = port
    app.env["INTAKE_WEB_PORT"] = str(port)
    app.env["INTAKE_TELEGRAM_WEBHOOK_URL"] = f"https://bot.test{PATH}"  # the load balancer's address
    return app


def use_rasa_servers(app: BotAppProcess, rasa_ports: list[int]) -> None:
    """Restart a bot app with another list of Rasa servers."""
    app.stop()
    app.env["INTAKE_RASA_URL"] = ",".join(f"http://127.0.0.1:{p}" for p in rasa_ports)
    app.start(timeout=180)


# -- what a chat got, against what a quiet run of the same script got ----------------------------


@dataclass(frozen=True)
class Comparison:
    ok: bool
    lost: int          # expected replies that did not arrive (counted as a multiset)
    duplicated: int    # replies that arrived more often than expected (or were never expected)
    out_of_order: bool  # the right replies, but in an order the rules below do not allow
    diverges_at: int   # index in `got` of the first reply that differs from the quiet run's order


def compare_replies(expected: list[str], got: list[str], immediate: set[str]) -> Comparison:
    """Whether a chat got exactly the replies of the quiet run, once each, in order.

    One difference is allowed, and only this one: a block of replies the bot sends itself at once,
    without Rasa (``immediate``: the crisis card, the check-in question and its follow-ups), may
    arrive earlier than in the quiet run, ahead of replies to earlier messages that were kept
    while Rasa was away (the screen answers at once, as it must). Such a block stays whole, the
    blocks keep their order among themselves, and no block may arrive later than in the quiet
    run. Every other reply keeps the quiet run's order exactly."""
    blocks: list[tuple[str, ...]] = []
    before: list[int] = []  # how many other replies precede each block in the quiet run
    rest: list[str] = []
    i = 0
    while i < len(expected):
        if expected[i] in immediate:
            j = i
            while j < len(expected) and expected[j] in immediate:
                j += 1
            blocks.append(tuple(expected[i:j]))
            before.append(len(rest))
            i = j
        else:
            rest.append(expected[i])
            i += 1

    deepest = 0
    seen: set[tuple[int, int, int]] = set()
    stack = [(0, 0, 0)]  # replies of `got` matched, other replies matched, blocks matched
    matched = False
    while stack:
        g, r, b = stack.pop()
        if (g, r, b) in seen:
            continue
        seen.add((g, r, b))
        deepest = max(deepest, g)
        if g == len(got) and r == len(rest) and b == len(blocks):
            matched = True
            break
        if b < len(blocks) and r <= before[b] and tuple(got[g:g + len(blocks[b])]) == blocks[b]:
            stack.append((g + len(blocks[b]), r, b + 1))
        if r < len(rest) and g < len(got) and got[g] == rest[r] and (b == len(blocks) or r < before[b]):
            stack.append((g + 1, r + 1, b))

    want, have = Counter(expected), Counter(got)
    lost = sum((want - have).values())
    duplicated = sum((have - want).values())
    return Comparison(ok=matched, lost=lost, duplicated=duplicated,
                      out_of_order=not matched and lost == 0 and duplicated == 0,
                      diverges_at=len(got) if matched else deepest)


# -- what each message got, by the transcript's reply_to link ------------------------------------


@dataclass(frozen=True)
class ChatTranscript:
    """One chat's transcript as the load run reads it (decrypted)."""

    messages: list[str]  # the person's messages as stored, oldest first
    replies: list[tuple[int | None, str]]  # the bot's lines as written, each with the index of the
    #                                        message it answers (reply_to); None: linked to none


def bare(line: str) -> str:
    """A transcript line without the titles of its buttons (bot.conversation.transcript_text)."""
    head, _, tail = line.rpartition("\n")
    return head if head and tail.startswith("[") and tail.endswith("]") else line


def replies_by_message(transcript: ChatTranscript, ignore: set[str]) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in transcript.messages]
    for index, line in transcript.replies:
        if index is not None and bare(line) not in ignore:
            out[index].append(line)
    return out


def check_by_message(script: list[str], quiet: ChatTranscript, got: ChatTranscript, immediate: set[str],
                     ignore: set[str]) -> list[str]:
    """What is wrong with one chat of the load run, message by message, by the reply_to link; []
    when every message was stored once and got exactly the replies its quiet run got, once each.

    Across messages the replies keep the messages' order, with one exception: a reply the bot
    gives itself at once (``immediate``: the crisis card, the check-in) may be written ahead of
    Rasa's replies to earlier messages that were kept while Rasa was away. ``ignore``: lines that
    only the load run has (the "één moment" notice) and the bot's own messages (not linked)."""
    problems: list[str] = []
    if got.messages != script:
        problems.append(f"{len(got.messages)} messages stored for {len(script)} sent"
                        + ("" if len(got.messages) != len(script) else " (different ones or in another order)"))
        return problems
    unlinked = [line for index, line in got.replies if index is None and bare(line) not in ignore]
    if unlinked:
        problems.append(f"{len(unlinked)} replies linked to no message: {[bare(t)[:40] for t in unlinked]}")
    want, have = replies_by_message(quiet, ignore), replies_by_message(got, ignore)
    for i, (w, h) in enumerate(zip(want, have, strict=True)):
        if w == h:
            continue
        lost, twice = Counter(w) - Counter(h), Counter(h) - Counter(w)
        what = (f"lost {[bare(t)[:40] for t in lost.elements()]}, extra {[bare(t)[:40] for t in twice.elements()]}"
                if lost or twice else "its replies in another order")
        problems.append(f"message {i + 1} {script[i][:30]!r}: {what}")
    written = [(index, bare(line)) for index, line in got.replies if index is not None and bare(line) not in ignore]
    for a, (first, text_a) in enumerate(written):
        later = next(((index, text_b) for index, text_b in written[a + 1:] if index < first
                      and not (text_a in immediate and text_b not in immediate)), None)
        if later is not None:
            problems.append(f"a reply to message {later[0] + 1} ({later[1][:40]!r}) was written after one to "
                            f"message {first + 1} ({text_a[:40]!r})")
            break
    return problems

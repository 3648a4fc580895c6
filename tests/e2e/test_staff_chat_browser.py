"""The support worker holds a whole conversation through the workspace, in a real browser.

Debian's chromium (Playwright, headless) drives the staff web of the real bot app process,
whose Telegram front end talks to the fake Bot API on loopback. Rasa is not running: in a
taken-over conversation the bot does not need it, and a crisis message must get its help
lines without it anyway.
"""

from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path

import pytest

from tests.fakes.telegram_api import BotAppProcess, FakeTelegram
from tests.support.stack import base_env
from tests.support.staff_seed import PASSWORD, add_user, totp_now

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ALERT_CHAT = -1009876543
SANNE = "sanne.devries@delinde.example"  # the demo practice's POH-Jeugd
KEES = "kees@delinde.example"  # a colleague without a worker record
_chats = itertools.count(random.randint(3 * 10**8, 4 * 10**8))

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is missing: run `make browsers`")


class World:
    def __init__(self, fake, app, store, secrets):
        self.fake, self.app, self.store, self.secrets = fake, app, store, secrets

    def person(self, text: str = "/start LINDE") -> tuple[int, dict]:
        """A person starts a Telegram chat with the practice; the intake hands over (seeded)."""
        from bot.intake.handover import submit_intake
        from bot.intake.record import IntakeRecord
        from bot.store import repo

        chat = next(_chats)
        self.fake.exchange(chat, lambda: self.fake.send_text(chat, text))
        with self.store.session() as s:
            conv = repo.find_conversation(s, channel="telegram", external_id=str(chat))
            assert conv is not None and conv.practice_id is not None
            record = IntakeRecord(role="ouder", relation="dochter", age=14, topic="angst", themes=["angst"],
                                  duration_days=30, duration_text="een maand", heaviness=6,
                                  contact_method="telegram", consent_parents="ja", consent_huisarts=False)
            h = submit_intake(s, conversation_id=conv.id, record=record, cipher=self.store.cipher)
            return chat, {"id": h.id, "reference": conv.reference, "conversation_id": conv.id}

    def to(self, chat: int) -> list[str]:
        return [m.get("text", "") for m in self.fake.sent(chat)]

    def alerts(self) -> list[str]:
        return self.to(ALERT_CHAT)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from bot.config import Settings
    from bot.store.db import Store
    from bot.store.migrate import upgrade
    from bot.store.seed import seed_demo

    data_dir = tmp_path_factory.mktemp("staff-chat")
    env = base_env(data_dir, INTAKE_RASA_URL="http://127.0.0.1:9", INTAKE_STAFF_ALERT_CHAT=str(ALERT_CHAT))
    settings = Settings.from_env(env)
    upgrade(settings)
    store = Store(settings)
    with store.session() as s:
        seed_demo(s)
    secrets = {email: add_user(store, email=email, practice="LINDE") for email in (SANNE, KEES)}
    fake = FakeTelegram().start()
    app = BotAppProcess(fake, env, data_dir / "bot-app.log").start()
    try:
        yield World(fake, app, store, secrets)
    finally:
        app.stop()
        fake.stop()
        store.dispose()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def logged_in(world, browser, email):
    context = browser.new_context(viewport={"width": 1180, "height": 900})
    page = context.new_page()
    page.goto(world.app.url + "/staff/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=code]", totp_now(world.secrets[email]))
    page.click("button[type=submit]")
    page.wait_for_url(world.app.url + "/staff/")
    return context, page


@pytest.fixture(scope="module")
def sanne(world, browser):
    context, page = logged_in(world, browser, SANNE)
    yield page
    context.close()


@pytest.fixture(scope="module")
def kees(world, browser):
    context, page = logged_in(world, browser, KEES)
    yield page
    context.close()


def test_a_worker_takes_over_writes_and_reads_the_answer_without_reloading(world, sanne):
    chat, h = world.person()
    sanne.goto(f"{world.app.url}/staff/handovers/{h['id']}")
    sanne.get_by_role("button", name="Gesprek overnemen").click()
    sanne.wait_for_selector("text=Teruggeven aan de assistent")
    world.fake.wait_for(lambda: any(t.startswith("Je praat nu met Sanne de Vries (POH-Jeugd)") for t in world.to(chat)),
                        timeout=20, what="the person is told who they talk to")

    sanne.fill("#bericht textarea[name=text]", "Hoi, ik ben Sanne. Hoe gaat het nu met je dochter?")
    sanne.get_by_role("button", name="Verstuur").click()
    sanne.wait_for_selector("text=Bericht gaat nu naar de cliënt")
    got = world.fake.wait_for(
        lambda: [t for t in world.to(chat) if "Hoe gaat het nu met je dochter?" in t], timeout=20,
        what="the worker's message in the person's Telegram chat")
    assert got == ["Sanne de Vries (POH-Jeugd):\nHoi, ik ben Sanne. Hoe gaat het nu met je dochter?"]
    sends = [c for c in world.fake.calls_of("sendMessage") if "je dochter" in str(c.params.get("text"))]
    assert len(sends) == 1, "delivered exactly once"

    # The person answers in Telegram; the open page shows it without a reload.
    sanne.evaluate("window.stillTheSamePage = true")
    answered_before = len(world.to(chat))
    world.fake.send_text(chat, "Het gaat wat beter, ze sliep vannacht goed")
    sanne.locator("#transcript li.in", has_text="ze sliep vannacht goed").wait_for(timeout=20_000)
    assert sanne.evaluate("window.stillTheSamePage") is True
    assert "Cliënt" in sanne.locator("#transcript li.in").last.inner_text()
    staff_line = sanne.locator("#transcript li.staff").last.inner_text()
    assert "Sanne de Vries (POH-Jeugd)" in staff_line
    # The bot stays quiet in a taken-over conversation; the practice is alerted without content.
    alert = world.fake.wait_for(lambda: [t for t in world.alerts() if h["reference"] in t and "Nieuw bericht" in t],
                                timeout=30, what="a staff alert about the new message")
    assert "sliep" not in alert[0]
    assert len(world.to(chat)) == answered_before

    # Give it back: the person is told, and the page shows the assistant answers again.
    sanne.get_by_role("button", name="Teruggeven aan de assistent").click()
    sanne.wait_for_selector("text=Gesprek overnemen")
    world.fake.wait_for(lambda: any("teruggegeven aan de assistent" in t for t in world.to(chat)), timeout=20,
                        what="the person is told the assistant is back")


def test_a_crisis_message_during_a_takeover_gets_the_help_lines_at_once_and_alerts_the_staff(world, sanne):
    chat, h = world.person()
    sanne.goto(f"{world.app.url}/staff/handovers/{h['id']}")
    sanne.get_by_role("button", name="Gesprek overnemen").click()
    sanne.wait_for_selector("text=Teruggeven aan de assistent")
    world.fake.wait_for(lambda: any(t.startswith("Je praat nu met") for t in world.to(chat)), timeout=20,
                        what="the takeover message")
    before = len(world.to(chat))
    world.fake.send_text(chat, "ik wil er niet meer zijn")
    replies = world.fake.wait_for(lambda: world.to(chat)[before:], timeout=15, what="the crisis reply")
    assert "113" in replies[0] and "0800-0113" in replies[0]
    crisis_alert = world.fake.wait_for(lambda: [t for t in world.alerts() if h["reference"] in t and "crisis" in t],
                                       timeout=30, what="the crisis alert in the staff chat")
    assert "niet meer" not in crisis_alert[0]
    # The worker still holds the conversation and sees the message on the page.
    sanne.locator("#transcript li.in", has_text="ik wil er niet meer zijn").wait_for(timeout=20_000)
    assert sanne.get_by_role("button", name="Teruggeven aan de assistent").is_visible()


def test_two_workers_racing_for_one_takeover_one_wins_and_the_other_is_told(world, sanne, kees):
    chat, h = world.person()
    url = f"{world.app.url}/staff/handovers/{h['id']}"
    sanne.goto(url)
    kees.goto(url)
    # Both press at the same moment: submit both forms before waiting for either answer.
    form = "form[action$='/overnemen']"
    sanne.evaluate(f"document.querySelector(\"{form}\").requestSubmit()")
    kees.evaluate(f"document.querySelector(\"{form}\").requestSubmit()")
    sanne.wait_for_load_state()
    kees.wait_for_load_state()
    sanne.wait_for_selector(".ok, .error")
    kees.wait_for_selector(".ok, .error")
    outcomes = sorted([sanne.locator(".ok, .error").first.inner_text(), kees.locator(".ok, .error").first.inner_text()])
    assert outcomes == ["Een collega heeft dit gesprek al overgenomen.",
                        "Je hebt het gesprek overgenomen. De cliënt krijgt te horen dat hij of zij nu met jou praat."]
    with world.store.session() as s:
        from sqlalchemy import select

        from bot.store.models_staffchat import Takeover

        rows = list(s.execute(select(Takeover).where(Takeover.conversation_id == h["conversation_id"])).scalars())
    assert len(rows) == 1
    told = world.fake.wait_for(lambda: [t for t in world.to(chat) if t.startswith("Je praat nu met")], timeout=20,
                               what="the person is told once")
    world.fake.wait_for(lambda: True, timeout=1)
    assert len([t for t in world.to(chat) if t.startswith("Je praat nu met")]) == len(told) == 1


def test_the_navigation_count_and_the_call_back_list_show_a_request(world, kees):
    from bot.staffchat import callback
    from bot.store.models import Conversation

    chat, h = world.person()
    with world.store.session() as s:
        callback.request(s, conversation=s.get(Conversation, h["conversation_id"]), text="bel me op 0612345678")
    kees.goto(world.app.url + "/staff/")
    section = kees.locator("section.callbacks")
    assert h["reference"] in section.inner_text()
    assert int(kees.locator("#attention").inner_text()) >= 1
    alert = world.fake.wait_for(lambda: [t for t in world.alerts() if h["reference"] in t and "Terugbel" in t],
                                timeout=30, what="the call-back alert")
    assert "0612345678" not in alert[0]

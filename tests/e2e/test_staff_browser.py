"""The staff workspace in a real browser: Playwright driving Debian's chromium, headless,
against the bot app served by uvicorn on a free port with a temporary database (no Rasa).

Screenshots of the inbox and a handover page are written to docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.stack import ROOT, base_env, free_port, wait_http
from tests.support.staff_seed import PASSWORD, add_handover, add_user, totp_now

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "docs" / "screenshots"
# Screenshots are written to docs/screenshots/ when missing or when UPDATE_SCREENSHOTS=1, so an
# ordinary test run does not dirty the checkout with new PNG bytes.
UPDATE_SCREENSHOTS = os.environ.get("UPDATE_SCREENSHOTS") == "1"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is missing: run `make browsers`")

XSS = "Hij zegt steeds <script>window.pwned = 1; alert('x')</script> en <img src=x onerror=\"window.pwned=2\">"


class Site:
    def __init__(self, url: str, data_dir: Path, store, users: dict, handovers: dict):
        self.url, self.data_dir, self.store, self.users, self.handovers = url, data_dir, store, users, handovers

    def db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.data_dir / "intake.db")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from bot.config import Settings
    from bot.store.db import Store
    from bot.store.migrate import upgrade
    from bot.store.seed import seed_demo

    data_dir = tmp_path_factory.mktemp("staff-web")
    port = free_port()
    env = base_env(data_dir, INTAKE_WEB_PORT=str(port), INTAKE_RASA_URL="http://127.0.0.1:9")
    settings = Settings.from_env(env)
    upgrade(settings)
    store = Store(settings)
    with store.session() as s:
        seed_demo(s)
    users = {
        "sanne": ("sanne.devries@delinde.example", add_user(store, email="sanne.devries@delinde.example", practice="LINDE")),
        "kees": ("kees@delinde.example", add_user(store, email="kees@delinde.example", practice="LINDE")),
    }
    handovers = {
        "urgent": add_handover(store, practice="LINDE", lines=[
            ("in", "Mijn zoon van 13 durft al drie weken niet naar school"),
            ("out", "Wat vervelend. Hoe lang speelt dit al?"), ("in", XSS)]),
        "regular": add_handover(store, practice="LINDE", lines=[("in", "Mijn dochter piekert veel")],
                                age=16, heaviness=5, school="gewoon", duration_days=60, book=False),
        "other_practice": add_handover(store, practice="ANKER", lines=[("in", "Hallo")], age=9),
    }
    log = open(data_dir / "web.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "bot.web.app:create_app_from_env",
         "--host", "127.0.0.1", "--port", str(port), "--ws", "none", "--no-access-log"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", timeout=60, proc=proc)
        yield Site(f"http://127.0.0.1:{port}", data_dir, store, users, handovers)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        store.dispose()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Clicks:
    """Counts the clicks a person makes; typing into fields is not a click."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()


def _fill_login(page, site: Site, who: str, code: str | None = None) -> None:
    email, secret = site.users[who]
    page.goto(site.url + "/staff/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=code]", code or totp_now(secret))


@pytest.fixture(scope="module")
def kees(site, browser):
    """A logged-in browser context for the second worker (one login per module: TOTP codes
    are single-use)."""
    context = browser.new_context(viewport={"width": 1180, "height": 900}, accept_downloads=True)
    page = context.new_page()
    _fill_login(page, site, "kees")
    page.click("button[type=submit]")
    page.wait_for_url(site.url + "/staff/")
    yield context
    context.close()


def _screenshot(page, site: Site, name: str) -> None:
    target = SCREENSHOTS / name
    if not UPDATE_SCREENSHOTS and target.exists():
        target = site.data_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000


def test_worker_gets_from_login_to_a_read_handover_in_three_clicks(site, browser):
    context = browser.new_context(viewport={"width": 1180, "height": 900})
    page = context.new_page()
    clicks = Clicks(page)
    _fill_login(page, site, "sanne")
    clicks.click(page.get_by_role("button", name="Inloggen"))
    page.wait_for_url(site.url + "/staff/")
    rows = page.locator("table.inbox tbody tr")
    assert rows.count() == 2  # the two LINDE handovers; the ANKER one is not there
    # Most urgent first.
    assert site.handovers["urgent"]["reference"] in rows.nth(0).inner_text()
    assert "urgent" in rows.nth(0).locator(".badge").inner_text()
    assert site.handovers["other_practice"]["reference"] not in page.content()
    _screenshot(page, site, "inbox.png")

    clicks.click(page.get_by_role("link", name=site.handovers["urgent"]["reference"]))
    page.wait_for_url(f"{site.url}/staff/handovers/{site.handovers['urgent']['id']}")
    assert "Situatie" in page.locator(".sbar").inner_text()
    _screenshot(page, site, "handover.png")

    clicks.click(page.get_by_role("button", name="Markeer als gelezen"))
    page.wait_for_selector("#status:has-text('gelezen')")
    assert clicks.count == 3
    with site.db() as db:
        status = db.execute("SELECT status FROM handovers WHERE id = ?", (site.handovers["urgent"]["id"],)).fetchone()
        views = db.execute("SELECT count(*) FROM staff_audit WHERE action = 'view' AND object_type = 'handover' "
                           "AND user_email = 'sanne.devries@delinde.example'").fetchone()
    assert status == ("read",)
    assert views[0] >= 1
    context.close()


def test_a_wrong_authenticator_code_does_not_log_in(site, browser):
    context = browser.new_context()
    page = context.new_page()
    _fill_login(page, site, "sanne", code="000000")
    page.get_by_role("button", name="Inloggen").click()
    assert page.locator(".error").is_visible()
    assert page.url.endswith("/staff/login")
    page.goto(site.url + "/staff/")
    assert page.url.endswith("/staff/login")
    context.close()


def test_script_in_a_transcript_is_shown_as_text_and_never_runs(site, kees):
    page = kees.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    response = page.goto(f"{site.url}/staff/handovers/{site.handovers['urgent']['id']}")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    transcript = page.locator("#transcript")
    assert "<script>window.pwned = 1; alert('x')</script>" in transcript.inner_text()
    assert transcript.locator("script").count() == 0
    assert transcript.locator("img").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None
    assert dialogs == []
    page.close()


def test_pdf_export_downloads_a_pdf_and_is_logged(site, kees):
    page = kees.new_page()
    page.goto(f"{site.url}/staff/handovers/{site.handovers['urgent']['id']}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Exporteer als PDF").click()
    download = info.value
    path = download.path()
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 2000
    assert download.suggested_filename == f"overdracht-{site.handovers['urgent']['reference']}.pdf"
    with site.db() as db:
        exports = db.execute("SELECT conversation_reference FROM staff_audit WHERE action = 'export' "
                             "AND user_email = 'kees@delinde.example'").fetchall()
    assert (site.handovers["urgent"]["reference"],) in exports
    page.close()


def test_reschedule_moves_the_appointment_and_tells_the_person(site, kees):
    if site.handovers["urgent"]["appointment_id"] is None:
        pytest.skip("booking is not in this build")
    page = kees.new_page()
    page.goto(f"{site.url}/staff/handovers/{site.handovers['urgent']['id']}")
    before = page.locator("#appointment").inner_text()
    options = page.locator("select[name=slot] option")
    assert options.count() >= 2
    target = options.nth(1).get_attribute("value")
    page.select_option("select[name=slot]", target)
    page.get_by_role("button", name="Verzet").click()
    page.wait_for_selector("text=Afspraak verzet")
    after = page.locator("#appointment").inner_text()
    assert after != before
    with site.db() as db:
        statuses = db.execute("SELECT status FROM appointments WHERE handover_id = ? ORDER BY id",
                              (site.handovers["urgent"]["id"],)).fetchall()
        told = db.execute("SELECT count(*) FROM chat_outbox WHERE kind = 'staff_rescheduled' "
                          "AND conversation_id = ?", (site.handovers["urgent"]["conversation_id"],)).fetchone()
    assert statuses == [("rescheduled",), ("booked",)]
    assert told[0] == 1
    page.close()


def test_another_practices_handover_answers_404(site, kees):
    page = kees.new_page()
    response = page.goto(f"{site.url}/staff/handovers/{site.handovers['other_practice']['id']}")
    assert response.status == 404
    response = page.goto(f"{site.url}/staff/handovers/{site.handovers['other_practice']['id']}/pdf")
    assert response.status == 404
    page.close()


def test_calendar_shows_the_week_with_working_hours(site, kees):
    page = kees.new_page()
    page.goto(f"{site.url}/staff/agenda")
    assert page.locator(".day").count() == 7
    # De Linde's demo worker works on Tuesday 09:00-12:30.
    assert page.locator(".block", has_text="09:00–12:30").count() >= 1
    page.close()


def test_tablet_width_needs_no_horizontal_scrolling(site, kees):
    page = kees.new_page()
    page.set_viewport_size({"width": 820, "height": 1180})
    for path in ("/staff/", f"/staff/handovers/{site.handovers['urgent']['id']}", "/staff/agenda",
                 "/staff/beschikbaarheid"):
        page.goto(site.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    page.close()


def test_no_inline_scripts_or_styles_on_any_page(site, kees):
    page = kees.new_page()
    for path in ("/staff/", f"/staff/handovers/{site.handovers['regular']['id']}", "/staff/agenda",
                 "/staff/beschikbaarheid", "/staff/chat-instellingen"):
        page.goto(site.url + path)
        # Only the workspace's own script file (CSP script-src 'self'), never inline code.
        scripts = page.eval_on_selector_all("script", "els => els.map(e => [e.src, e.textContent])")
        assert scripts == [[site.url + "/staff/static/staff.js", ""]], path
        assert page.locator("style").count() == 0, path
        assert page.locator("[style]").count() == 0, path
    page.close()


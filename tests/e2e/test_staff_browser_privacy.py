"""Staff least privilege and the person's rights in a real browser (Playwright driving Debian's
chromium, headless) against the bot app served by uvicorn with a temporary database (no Rasa):
enrolment through a one-time link, an admin limited to their own practice, password change and
a new authenticator, and a copy and an erasure from the handover page."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pyotp
import pytest

from tests.e2e.test_staff_browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.stack import ROOT, base_env, free_port, wait_http
from tests.support.staff_seed import PASSWORD, add_handover, add_user, totp_now

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is missing: run `make browsers`")

NEW_PASSWORD = "mijn-eigen-nieuwe-wachtwoord"


def _next_code(secret: str) -> str:
    # The code of the next 30-second step: a code that was just used cannot be used again.
    return pyotp.TOTP(secret).at(time.time() + 30)


class Site:
    def __init__(self, url: str, store, users: dict, handovers: dict):
        self.url, self.store, self.users, self.handovers = url, store, users, handovers


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from bot.config import Settings
    from bot.store.db import Store
    from bot.store.migrate import upgrade
    from bot.store.seed import seed_demo

    data_dir = tmp_path_factory.mktemp("staff-privacy")
    port = free_port()
    env = base_env(data_dir, INTAKE_WEB_PORT=str(port), INTAKE_RASA_URL="http://127.0.0.1:9")
    settings = Settings.from_env(env)
    upgrade(settings)
    store = Store(settings)
    with store.session() as s:
        seed_demo(s)
    users = {name: (email, add_user(store, email=email, practice=practice, role=role)) for name, email, practice, role in (
        ("admin", "beheer@delinde.example", "LINDE", "admin"),
        ("worker", "fatima@delinde.example", "LINDE", "worker"),
        ("anker", "youssef@hetanker.example", "ANKER", "worker"),
    )}
    handovers = {
        "linde": add_handover(store, practice="LINDE", lines=[("in", "Mijn dochter van 10 slaapt slecht")]),
        "anker": add_handover(store, practice="ANKER", lines=[("in", "Hallo")], age=9, book=False),
    }
    log = open(data_dir / "web.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "bot.web.app:create_app_from_env",
         "--host", "127.0.0.1", "--port", str(port), "--ws", "none", "--no-access-log"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", timeout=60, proc=proc)
        yield Site(f"http://127.0.0.1:{port}", store, users, handovers)
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


def _log_in(browser, site: Site, email: str, password: str, code: str):
    context = browser.new_context(viewport={"width": 1180, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(site.url + "/staff/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.fill("input[name=code]", code)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(site.url + "/staff/")
    return context


@pytest.fixture(scope="module")
def admin(site, browser):
    email, secret = site.users["admin"]
    context = _log_in(browser, site, email, PASSWORD, totp_now(secret))
    yield context
    context.close()


def test_a_new_colleague_sets_up_their_own_account_through_the_link(site, browser, admin):
    page = admin.new_page()
    page.goto(site.url + "/staff/")
    page.get_by_role("link", name="Beheer", exact=True).click()
    page.get_by_role("link", name="Accounts").click()
    page.fill("input[name=email]", "nieuwe.collega@delinde.example")
    page.get_by_role("button", name="Maak inlog-link").click()
    invited = page.locator("#invited")
    assert "nieuwe.collega@delinde.example" in invited.inner_text()
    assert invited.locator("img").count() == 0 and page.locator("input[name=password]").count() == 0
    link = invited.locator("code.link").inner_text().strip()
    assert re.match(rf"{re.escape(site.url)}/staff/welkom/\S+$", link)
    page.close()

    newcomer = browser.new_context()
    page = newcomer.new_page()
    page.goto(link)
    assert page.locator("img[alt^='QR-code']").is_visible()
    secret = page.locator("li code").inner_text().strip()
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=repeat]", NEW_PASSWORD)
    page.fill("input[name=code]", totp_now(secret))
    page.get_by_role("button", name="Account instellen").click()
    page.wait_for_url(site.url + "/staff/login?ingesteld=1")
    assert "Je account is ingesteld" in page.locator(".notice").inner_text()
    page.fill("input[name=email]", "nieuwe.collega@delinde.example")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=code]", _next_code(secret))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(site.url + "/staff/")
    assert site.handovers["linde"]["reference"] in page.content()
    page.goto(link)  # the link worked once
    assert "werkt niet" in page.locator(".error").inner_text()
    newcomer.close()


def test_an_admin_sees_and_changes_only_their_own_practice(site, admin):
    page = admin.new_page()
    page.goto(site.url + "/staff/beheer/accounts")
    table = page.locator("table").inner_text()
    assert "fatima@delinde.example" in table and "youssef@hetanker.example" not in table
    assert [o.get_attribute("value") for o in page.locator("select[name=practice] option").all()] == ["LINDE"]
    page.goto(site.url + "/staff/beheer/praktijken")
    assert "ANKER" not in page.locator("table").inner_text()
    page.goto(site.url + "/staff/beheer/audit")
    assert site.handovers["anker"]["reference"] not in page.content()
    page.close()


def test_a_worker_changes_password_and_links_a_new_authenticator(site, browser):
    email, secret = site.users["worker"]
    context = _log_in(browser, site, email, PASSWORD, totp_now(secret))
    page = context.new_page()
    page.goto(site.url + "/staff/")
    page.get_by_role("link", name="Mijn account").click()
    page.wait_for_url(site.url + "/staff/account")
    page.fill("input[name=current] >> nth=0", PASSWORD)
    page.fill("input[name=new]", NEW_PASSWORD)
    page.fill("input[name=repeat]", NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    assert "Je wachtwoord is gewijzigd" in page.locator(".notice").inner_text()
    page.get_by_role("button", name="Nieuwe app koppelen").click()
    assert page.locator("#totp img").is_visible()
    new_secret = page.locator("#totp code").inner_text().strip()
    page.fill("#totp input[name=current]", NEW_PASSWORD)
    page.fill("#totp input[name=code]", totp_now(new_secret))
    page.get_by_role("button", name="Nieuwe app bevestigen").click()
    assert "nieuwe authenticator-app is gekoppeld" in page.locator(".notice").inner_text()
    for path in ("/staff/account",):
        page.goto(site.url + path)
        # No inline script or style (the CSP forbids them); staff.js is loaded from the app.
        assert page.locator("script:not([src])").count() == 0 and page.locator("[style]").count() == 0
    context.close()
    again = _log_in(browser, site, email, NEW_PASSWORD, _next_code(new_secret))
    again.close()


def test_an_admin_gives_a_copy_and_erases_from_the_handover_page(site, admin):
    h = site.handovers["linde"]
    page = admin.new_page()
    page.goto(f"{site.url}/staff/handovers/{h['id']}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Kopie van alle gegevens").click()
    body = Path(info.value.path()).read_text(encoding="utf-8")
    assert h["reference"] in body and "Mijn dochter van 10 slaapt slecht" in body
    page.fill("#rights input[name=confirm]", h["reference"])
    page.get_by_role("button", name="Alles wissen").click()
    page.wait_for_url(re.compile(r".*/staff/\?gewist="))
    assert f"Gesprek {h['reference']} is gewist" in page.locator(".notice").inner_text()
    assert h["reference"] not in page.locator("table").inner_text()
    response = page.goto(f"{site.url}/staff/handovers/{h['id']}")
    assert response.status == 404
    page.close()

"""Staff least privilege through Starlette's test client: admins manage only their own
practices, new staff enrol through a one-time link (the admin never sees a password or an
authenticator secret), password change and authenticator re-enrolment, and the audit log:
failed logins, audit and CLI reads, calendar feeds, and its hash chain."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select, text
from starlette.testclient import TestClient

from bot.staff import accounts
from bot.staff.audit import verify_chain
from bot.store.models import utcnow
from bot.store.models_staff import StaffSession, StaffUser
from tests.support.staff_seed import PASSWORD, totp_now
from tests.unit.test_staff_web import (
    BASE,
    _csrf,
    _events,
    _fast_hashing,  # noqa: F401 - the autouse fixture
    login,
    site,  # noqa: F401 - the fixture
)

INTAKE = str(Path(sys.executable).parent / "intake")
ROOT = Path(__file__).resolve().parents[2]
NEW_PASSWORD = "een-heel-nieuw-wachtwoord"


def _invite(admin: TestClient, email: str, practice: str = "LINDE", role: str = "worker"):
    csrf = _csrf(admin.get("/staff/beheer/accounts").text)
    return admin.post("/staff/beheer/accounts", data={"csrf": csrf, "action": "invite", "email": email,
                                                      "role": role, "practice": practice})


def _link(html: str) -> str:
    return re.search(r'<code class="link">http://[^/]+(/staff/welkom/[^<]+)</code>', html).group(1)


def _enrol(app, path: str, password: str = NEW_PASSWORD, repeat: str | None = None, code: str | None = None):
    client = TestClient(app, base_url=BASE)
    page = client.get(path)
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page.text).group(1) if page.status_code == 200 else ""
    r = client.post(path, data={"csrf": _csrf(page.text) if page.status_code == 200 else "", "password": password,
                                "repeat": password if repeat is None else repeat,
                                "code": code or (totp_now(secret) if secret else "000000")},
                    follow_redirects=False)
    return r, secret


def _login(app, email: str, password: str, code: str):
    client = TestClient(app, base_url=BASE)
    page = client.get("/staff/login")
    r = client.post("/staff/login", data={"csrf": _csrf(page.text), "email": email, "password": password,
                                          "code": code}, follow_redirects=False)
    return client, r


def _next_code(secret: str) -> str:
    # A code of the next time step: the one just used (to enrol, to log in) cannot be used again.
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_an_admin_invites_and_the_new_colleague_sets_password_and_authenticator_themselves(site):  # noqa: F811
    store, secrets, _h, app = site
    admin = login(app, secrets, "admin")
    page = _invite(admin, "nieuw@delinde.example")
    assert "Account voor nieuw@delinde.example" in page.text
    assert 'name="password"' not in page.text and "data:image/svg" not in page.text  # no secret for the admin
    path = _link(page.text)
    assert path not in admin.get("/staff/beheer/accounts").text  # shown once
    assert "wacht op inlog-link" in admin.get("/staff/beheer/accounts").text

    _, r = _login(app, "nieuw@delinde.example", "", "000000")
    assert r.status_code == 401  # no password yet: the account cannot log in
    r, _ = _enrol(app, path, repeat="iets-anders-dan-dat")
    assert "niet hetzelfde" in r.text and r.status_code == 400
    r, _ = _enrol(app, path, code="123456")
    assert "code klopt niet" in r.text
    r, secret = _enrol(app, path)
    assert r.status_code == 303 and r.headers["location"].endswith("/staff/login?ingesteld=1")
    again, _ = _enrol(app, path)
    assert again.status_code == 404 and "werkt niet" in again.text  # one time only

    _, r = _login(app, "nieuw@delinde.example", NEW_PASSWORD, _next_code(secret))
    assert r.status_code == 303
    with store.session() as s:
        user = s.execute(select(StaffUser).where(StaffUser.email == "nieuw@delinde.example")).scalar_one()
        assert [p.code for p in user.practices] == ["LINDE"] and user.enrol_token_hash is None
    rows = _events(store, action="account_create")
    assert rows[-1].detail == "nieuw@delinde.example (worker); inlog-link gemaakt" and rows[-1].practice_code == "LINDE"


def test_an_enrolment_link_expires_after_three_days(site):  # noqa: F811
    store, _secrets, _h, _app = site
    with store.session() as s:
        user, token = accounts.invite_user(s, cipher=store.cipher, email="laat@delinde.example", role="worker",
                                           practice_codes=["LINDE"])
        assert accounts.enrolment_for(s, token=token, now=utcnow() + timedelta(hours=71)) is user
        assert accounts.enrolment_for(s, token=token, now=utcnow() + timedelta(hours=73)) is None


def test_an_admin_manages_only_their_own_practices(site):  # noqa: F811
    store, secrets, handovers, app = site
    youssef = login(app, secrets, "youssef")  # ANKER: leaves audit rows of another practice
    youssef.get(f"/staff/handovers/{handovers['anker']['id']}")
    admin = login(app, secrets, "admin")  # admin of LINDE only
    accounts_page = admin.get("/staff/beheer/accounts").text
    assert "sanne@delinde.example" in accounts_page and "youssef@hetanker.example" not in accounts_page
    practices_page = admin.get("/staff/beheer/praktijken").text
    assert "De Linde" in practices_page or "LINDE" in practices_page
    assert "ANKER" not in practices_page
    workers_page = admin.get("/staff/beheer/medewerkers").text
    assert "ANKER" not in workers_page
    assert "Kies een praktijk" in _invite(admin, "x@hetanker.example", practice="ANKER").text

    with store.session() as s:
        youssef_id = s.execute(select(StaffUser.id).where(StaffUser.email == "youssef@hetanker.example")).scalar_one()
    csrf = _csrf(accounts_page)
    for action in ("toggle", "reset"):
        r = admin.post("/staff/beheer/accounts", data={"csrf": csrf, "action": action, "id": youssef_id})
        assert r.status_code == 404
    audit = admin.get("/staff/beheer/audit").text
    assert handovers["anker"]["reference"] not in audit and "youssef@hetanker.example" not in audit
    assert _events(store, action="view", object_type="audit_log", user_email="beheer@delinde.example")


def test_a_new_inlog_link_stops_the_old_password_and_ends_sessions(site):  # noqa: F811
    store, secrets, _h, app = site
    sanne = login(app, secrets, "sanne")
    admin = login(app, secrets, "admin")
    with store.session() as s:
        sanne_id = s.execute(select(StaffUser.id).where(StaffUser.email == "sanne@delinde.example")).scalar_one()
    reset = admin.post("/staff/beheer/accounts", data={"csrf": _csrf(admin.get("/staff/beheer/accounts").text),
                                                       "action": "reset", "id": sanne_id})
    assert "Nieuwe inlog-link voor sanne@delinde.example" in reset.text
    assert sanne.get("/staff/", follow_redirects=False).status_code == 303  # logged out
    _, r = _login(app, "sanne@delinde.example", PASSWORD, _next_code(secrets["sanne"]))
    assert r.status_code == 401
    r, secret = _enrol(app, _link(reset.text))
    assert r.status_code == 303
    _, r = _login(app, "sanne@delinde.example", NEW_PASSWORD, _next_code(secret))
    assert r.status_code == 303


def test_changing_ones_password_ends_the_other_sessions(site):  # noqa: F811
    store, secrets, _h, app = site
    phone = login(app, secrets, "sanne")
    with store.session() as s:  # a second device, without waiting for the next TOTP step
        user = s.execute(select(StaffUser).where(StaffUser.email == "sanne@delinde.example")).scalar_one()
        token, _row = accounts.start_session(s, user=user)
    laptop = TestClient(app, base_url=BASE, cookies={"staff_session": token})
    page = laptop.get("/staff/account")
    assert page.status_code == 200
    data = {"csrf": _csrf(page.text), "action": "password", "current": "fout", "new": NEW_PASSWORD,
            "repeat": NEW_PASSWORD}
    assert "huidige wachtwoord klopt niet" in laptop.post("/staff/account", data=data).text
    r = laptop.post("/staff/account", data={**data, "current": PASSWORD})
    assert "Je wachtwoord is gewijzigd" in r.text
    assert laptop.get("/staff/", follow_redirects=False).status_code == 200
    assert phone.get("/staff/", follow_redirects=False).status_code == 303
    with store.session() as s:
        user = s.execute(select(StaffUser).where(StaffUser.email == "sanne@delinde.example")).scalar_one()
        assert accounts.verify_password(user.password_hash, NEW_PASSWORD)
        open_sessions = s.execute(select(StaffSession).where(StaffSession.user_id == user.id,
                                                             StaffSession.ended_at.is_(None))).scalars().all()
    assert len(open_sessions) == 1


def test_re_enrolling_the_authenticator_needs_the_password_and_a_code_from_the_new_app(site):  # noqa: F811
    store, secrets, _h, app = site
    sanne = login(app, secrets, "sanne")
    page = sanne.post("/staff/account", data={"csrf": _csrf(sanne.get("/staff/account").text),
                                              "action": "totp_start"})
    new_secret = re.search(r"<code>([A-Z2-7]+)</code>", page.text).group(1)
    assert new_secret != secrets["sanne"]
    data = {"csrf": _csrf(page.text), "action": "totp_confirm", "current": PASSWORD,
            "code": totp_now(secrets["sanne"])}
    assert "code klopt niet" in sanne.post("/staff/account", data=data).text  # the old app's code
    r = sanne.post("/staff/account", data={**data, "code": totp_now(new_secret)})
    assert "nieuwe authenticator-app is gekoppeld" in r.text
    _, r = _login(app, "sanne@delinde.example", PASSWORD, _next_code(secrets["sanne"]))
    assert r.status_code == 401
    _, r = _login(app, "sanne@delinde.example", PASSWORD, _next_code(new_secret))
    assert r.status_code == 303


def test_failed_logins_are_audit_logged_without_what_was_typed_for_unknown_accounts(site):  # noqa: F811
    store, _secrets, _h, app = site
    _login(app, "sanne@delinde.example", "verkeerd-wachtwoord", "000000")
    _login(app, "mijn-wachtwoord-per-ongeluk", "x", "000000")
    rows = _events(store, action="login_failed")
    assert [r.user_email for r in rows] == ["sanne@delinde.example", "(onbekend account)"]
    assert all("mijn-wachtwoord" not in (r.detail + r.user_email) for r in rows)


def test_the_audit_log_is_a_hash_chain_that_shows_a_changed_row(site, settings):  # noqa: F811
    store, secrets, handovers, app = site
    sanne = login(app, secrets, "sanne")
    sanne.get(f"/staff/handovers/{handovers['linde']['id']}")
    sanne.get("/staff/")
    env = {"PATH": "/usr/bin:/bin", "INTAKE_DATA_DIR": str(settings.data_dir), "INTAKE_ENV": "test",
           "INTAKE_DATABASE_URL": settings.database_url, "INTAKE_SECRET_KEY": settings.secret_key}
    with store.session() as s:
        check = verify_chain(s)
    assert check.ok and check.rows >= 3
    out = subprocess.run([INTAKE, "audit", "verify", "--json"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and json.loads(out.stdout)["ok"] is True
    with store.engine.begin() as c:  # someone with file access edits history behind the app's back
        c.execute(text("DROP TRIGGER staff_audit_no_update"))
        target = c.execute(text("SELECT id FROM staff_audit WHERE action = 'view' ORDER BY id LIMIT 1")).scalar()
        c.execute(text("UPDATE staff_audit SET user_email = 'iemand-anders' WHERE id = :i"), {"i": target})
    with store.session() as s:
        check = verify_chain(s)
    assert not check.ok and check.broken_at == target + 1
    out = subprocess.run([INTAKE, "audit", "verify"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 1 and f"row {target + 1}" in out.stdout


def test_reads_by_command_and_calendar_feed_are_audit_logged(site, settings):  # noqa: F811
    store, _secrets, handovers, app = site
    env = {"PATH": "/usr/bin:/bin", "INTAKE_DATA_DIR": str(settings.data_dir), "INTAKE_ENV": "test",
           "INTAKE_DATABASE_URL": settings.database_url, "INTAKE_SECRET_KEY": settings.secret_key}
    out = subprocess.run([INTAKE, "handovers", "--json"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    views = _events(store, action="view", object_type="handover")
    assert {v.conversation_reference for v in views} >= {handovers["linde"]["reference"], handovers["anker"]["reference"]}
    assert all(v.user_email.startswith("cli:") for v in views)
    subprocess.run([INTAKE, "audit", "--json"], env=env, capture_output=True, text=True, cwd=ROOT, check=True)
    assert _events(store, action="view", object_type="audit_log")
    from bot.store.models import Worker

    with store.session() as s:
        worker = s.execute(select(Worker)).scalars().first()
        token, worker_id = worker.calendar_token, worker.id
    assert TestClient(app, base_url=BASE).get(f"/calendar/{token}.ics").status_code == 200
    (feed,) = _events(store, object_type="calendar_feed")
    assert feed.object_id == str(worker_id) and feed.user_email.startswith("agenda-feed:")


def test_no_audit_row_can_be_changed_through_the_app(site):  # noqa: F811
    from bot.staff.audit import Actor, AuditLogIsAppendOnly, record

    store, *_ = site
    with pytest.raises(AuditLogIsAppendOnly), store.session() as s:
        row = record(s, actor=Actor(None, "x"), action="view")
        row.detail = "anders"
        s.flush()


def test_an_admin_serves_a_copy_and_an_erasure_from_the_handover_page(site):  # noqa: F811
    store, secrets, handovers, app = site
    h = handovers["linde"]
    sanne = login(app, secrets, "sanne")
    assert sanne.get(f"/staff/handovers/{h['id']}/gegevens").status_code == 404  # workers: no
    assert 'id="rights"' not in sanne.get(f"/staff/handovers/{h['id']}").text
    admin = login(app, secrets, "admin")
    assert admin.get(f"/staff/handovers/{handovers['anker']['id']}/gegevens").status_code == 404  # other practice
    copy = admin.get(f"/staff/handovers/{h['id']}/gegevens")
    assert copy.status_code == 200 and h["reference"] in copy.text and "Help <script>" in copy.text
    assert copy.headers["content-disposition"] == f'attachment; filename="gegevens-{h["reference"]}.txt"'
    page = admin.get(f"/staff/handovers/{h['id']}")
    assert 'id="rights"' in page.text
    wrong = admin.post(f"/staff/handovers/{h['id']}/wissen", data={"csrf": _csrf(page.text), "confirm": "JI-NEE"},
                       follow_redirects=False)
    assert wrong.headers["location"].endswith("?fout=wissen")
    r = admin.post(f"/staff/handovers/{h['id']}/wissen", data={"csrf": _csrf(page.text),
                                                              "confirm": h["reference"].lower()})
    assert f"Gesprek {h['reference']} is gewist" in r.text
    assert admin.get(f"/staff/handovers/{h['id']}").status_code == 404
    (erase,) = _events(store, action="erase")
    assert (erase.user_email, erase.conversation_reference, erase.detail) == (
        "beheer@delinde.example", h["reference"], "op verzoek via staff")
    assert _events(store, action="export", object_type="conversation")


def test_operators_invite_and_reset_from_the_command_line(site, settings):  # noqa: F811
    _store, _secrets, _h, app = site
    env = {"PATH": "/usr/bin:/bin", "INTAKE_DATA_DIR": str(settings.data_dir), "INTAKE_ENV": "test",
           "INTAKE_DATABASE_URL": settings.database_url, "INTAKE_SECRET_KEY": settings.secret_key}
    out = subprocess.run([INTAKE, "staff", "invite", "--email", "cli@delinde.example", "--practice", "LINDE",
                          "--role", "worker", "--base-url", "https://intake.example.org", "--json"],
                         env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    link = json.loads(out.stdout)["link"]
    assert link.startswith("https://intake.example.org/staff/welkom/")
    r, _secret = _enrol(app, link.removeprefix("https://intake.example.org"))
    assert r.status_code == 303
    out = subprocess.run([INTAKE, "staff", "reset", "--email", "cli@delinde.example", "--json"],
                         env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "/staff/welkom/" in json.loads(out.stdout)["link"]

"""The staff web app through Starlette's test client: security, isolation, audit, actions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from starlette.testclient import TestClient

from bot.store.models_staff import AuditEvent, StaffNote, StaffSession
from bot.store.seed import seed_demo
from tests.support.staff_seed import PASSWORD, add_handover, add_user, fast_hashing, totp_now

BASE = "http://127.0.0.1"


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch):
    fast_hashing(monkeypatch)


@pytest.fixture
def site(settings, store):
    from bot.web.app import create_app

    with store.session() as s:
        seed_demo(s)
    secrets = {
        "sanne": add_user(store, email="sanne@delinde.example", practice="LINDE"),
        "youssef": add_user(store, email="youssef@hetanker.example", practice="ANKER"),
        "admin": add_user(store, email="beheer@delinde.example", practice="LINDE", role="admin"),
    }
    handovers = {
        "linde": add_handover(store, practice="LINDE",
                              lines=[("in", "Help <script>alert(1)</script> <b>vet</b>"), ("out", "Dank je")]),
        "anker": add_handover(store, practice="ANKER", lines=[("in", "Hallo")], age=9),
    }
    app = create_app(settings)
    return store, secrets, handovers, app


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def login(app, secrets, who: str, email: str | None = None) -> TestClient:
    client = TestClient(app, base_url=BASE)
    page = client.get("/staff/login")
    email = email or {"sanne": "sanne@delinde.example", "youssef": "youssef@hetanker.example",
                      "admin": "beheer@delinde.example"}[who]
    r = client.post("/staff/login", data={"csrf": _csrf(page.text), "email": email, "password": PASSWORD,
                                          "code": totp_now(secrets[who])}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def _events(store, **where):
    with store.session() as s:
        q = select(AuditEvent)
        for key, value in where.items():
            q = q.where(getattr(AuditEvent, key) == value)
        return list(s.execute(q).scalars())


def test_every_response_carries_the_security_headers(site):
    store, secrets, handovers, app = site
    client = login(app, secrets, "sanne")
    for path in ("/staff/login", "/staff/", f"/staff/handovers/{handovers['linde']['id']}",
                 "/staff/static/staff.css", "/staff/handovers/99999"):
        r = client.get(path, follow_redirects=False)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, path
        assert "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["cache-control"] == "no-store"


def test_session_cookie_is_httponly_strict_and_secure_over_https(site):
    store, secrets, _h, app = site
    client = TestClient(app, base_url="https://127.0.0.1")
    page = client.get("/staff/login")
    r = client.post("/staff/login", data={"csrf": _csrf(page.text), "email": "sanne@delinde.example",
                                          "password": PASSWORD, "code": totp_now(secrets["sanne"])},
                    follow_redirects=False)
    cookie = [c for c in r.headers.get_list("set-cookie") if c.startswith("staff_session=")][0]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
    assert "Path=/staff" in cookie


def test_pages_need_a_login(site):
    _store, _secrets, handovers, app = site
    client = TestClient(app, base_url=BASE)
    for path in ("/staff/", f"/staff/handovers/{handovers['linde']['id']}", "/staff/agenda",
                 "/staff/beheer/audit", f"/staff/handovers/{handovers['linde']['id']}/pdf"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].endswith("/staff/login"), path


def test_login_form_without_its_csrf_token_is_refused(site):
    _store, secrets, _h, app = site
    client = TestClient(app, base_url=BASE)
    client.get("/staff/login")
    r = client.post("/staff/login", data={"csrf": "geraden", "email": "sanne@delinde.example",
                                          "password": PASSWORD, "code": totp_now(secrets["sanne"])})
    assert r.status_code == 403


def test_wrong_code_is_refused_and_many_failures_are_throttled(site):
    _store, secrets, _h, app = site
    client = TestClient(app, base_url=BASE)
    statuses = []
    for _ in range(6):
        page = client.get("/staff/login")
        r = client.post("/staff/login", data={"csrf": _csrf(page.text), "email": "sanne@delinde.example",
                                              "password": "fout-wachtwoord-123", "code": "000000"})
        statuses.append(r.status_code)
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    page = client.get("/staff/login")
    r = client.post("/staff/login", data={"csrf": _csrf(page.text), "email": "sanne@delinde.example",
                                          "password": PASSWORD, "code": totp_now(secrets["sanne"])})
    assert r.status_code == 429


def test_post_without_the_session_csrf_token_or_from_another_site_is_refused(site):
    store, secrets, handovers, app = site
    client = login(app, secrets, "sanne")
    hid = handovers["linde"]["id"]
    r = client.post(f"/staff/handovers/{hid}/status", data={"status": "closed"})
    assert r.status_code == 403
    html = client.get(f"/staff/handovers/{hid}").text
    r = client.post(f"/staff/handovers/{hid}/status", data={"status": "closed", "csrf": _csrf(html)},
                    headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    r = client.post(f"/staff/handovers/{hid}/status", data={"status": "closed", "csrf": _csrf(html)},
                    headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    assert "nieuw" in client.get(f"/staff/handovers/{hid}").text


def test_a_worker_never_sees_another_practices_handover(site):
    store, secrets, handovers, app = site
    client = login(app, secrets, "sanne")
    other = handovers["anker"]
    assert other["reference"] not in client.get("/staff/").text
    assert client.get(f"/staff/handovers/{other['id']}").status_code == 404
    assert client.get(f"/staff/handovers/{other['id']}/pdf").status_code == 404
    csrf = _csrf(client.get("/staff/").text)
    for action, data in (("status", {"status": "closed"}), ("notitie", {"text": "x"}),
                         ("afspraak", {"action": "cancel", "appointment": str(other["appointment_id"])})):
        r = client.post(f"/staff/handovers/{other['id']}/{action}", data={**data, "csrf": csrf})
        assert r.status_code == 404, action
    # And a handover that does not exist looks exactly the same.
    assert client.get("/staff/handovers/424242").status_code == 404
    from bot.store.models_handover import Handover

    with store.session() as s:
        assert s.get(Handover, other["id"]).status == "new"
        assert s.execute(select(StaffNote)).first() is None
    # The other practice's worker does see it.
    assert login(app, secrets, "youssef").get(f"/staff/handovers/{other['id']}").status_code == 200


def test_transcript_text_is_escaped(site):
    _store, secrets, handovers, app = site
    html = login(app, secrets, "sanne").get(f"/staff/handovers/{handovers['linde']['id']}").text
    assert "<script>alert(1)</script>" not in html and "<b>vet</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The only script is the workspace's own file (CSP script-src 'self'): nothing inline.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/staff/static/staff.js" defer>']
    assert "<script src=\"/staff/static/staff.js\" defer></script>" in html


def test_inbox_sorts_by_urgency_then_longest_waiting(site):
    store, secrets, handovers, app = site
    from bot.store.models import utcnow
    from bot.store.models_handover import Handover

    extra = [add_handover(store, practice="LINDE", lines=[("in", f"vraag {i}")], book=False) for i in range(3)]
    now = utcnow()
    with store.session() as s:
        # regular, 2 days; crisis, 1 hour; regular, 5 days; (linde) urgent, now
        for h, urgency, age in zip(extra, ("regular", "crisis", "regular"), (48, 1, 120), strict=True):
            s.execute(update(Handover).where(Handover.id == h["id"]).values(
                urgency=urgency, created_at=now - timedelta(hours=age)))
    html = login(app, secrets, "sanne").get("/staff/").text
    order = [m for m in re.findall(r"JI-[A-Z0-9]{6}", html)]
    expected = [extra[1]["reference"], handovers["linde"]["reference"], extra[2]["reference"], extra[0]["reference"]]
    assert list(dict.fromkeys(order)) == expected


def test_inbox_filters(site):
    store, secrets, handovers, app = site
    client = login(app, secrets, "sanne")
    ref = handovers["linde"]["reference"]
    assert ref in client.get("/staff/?urgentie=urgent").text
    assert ref not in client.get("/staff/?urgentie=advice").text
    assert ref in client.get("/staff/?thema=school").text
    assert ref not in client.get("/staff/?thema=opvoeding").text
    assert ref not in client.get("/staff/?status=closed").text


def test_views_changes_and_exports_are_audited_with_reference_user_and_behalf(site):
    store, secrets, handovers, app = site
    client = login(app, secrets, "sanne")
    hid, ref = handovers["linde"]["id"], handovers["linde"]["reference"]
    html = client.get(f"/staff/handovers/{hid}").text
    client.post(f"/staff/handovers/{hid}/status", data={"status": "accepted", "csrf": _csrf(html)})
    client.post(f"/staff/handovers/{hid}/notitie", data={"text": "Moeder bellen op dinsdag", "csrf": _csrf(html)})
    pdf = client.get(f"/staff/handovers/{hid}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    events = _events(store, conversation_reference=ref)
    assert [e.action for e in events] == ["view", "change", "view", "change", "view", "export"]
    assert {e.user_email for e in events} == {"sanne@delinde.example"}
    assert {e.on_behalf_of for e in events} == {"LINDE"}
    assert "new -> accepted" in events[1].detail
    with store.session() as s:
        note = s.execute(select(StaffNote)).scalar_one()
        assert b"Moeder" not in bytes(note.body)
        assert store.cipher.decrypt(note.body) == "Moeder bellen op dinsdag"
    assert "Moeder bellen op dinsdag" in client.get(f"/staff/handovers/{hid}").text


def test_cancel_tells_the_person_in_the_chat(site):
    store, secrets, handovers, app = site
    h = handovers["linde"]
    if h["appointment_id"] is None:
        pytest.skip("booking is not in this build")
    client = login(app, secrets, "sanne")
    csrf = _csrf(client.get(f"/staff/handovers/{h['id']}").text)
    r = client.post(f"/staff/handovers/{h['id']}/afspraak",
                    data={"csrf": csrf, "action": "cancel", "appointment": str(h["appointment_id"])})
    assert "Afspraak geannuleerd" in r.text
    from bot.store.models_booking import Appointment, ChatOutbox

    with store.session() as s:
        assert s.get(Appointment, h["appointment_id"]).status == "cancelled"
        kinds = [o.kind for o in s.execute(select(ChatOutbox).where(
            ChatOutbox.conversation_id == h["conversation_id"])).scalars()]
    assert "staff_cancelled" in kinds
    assert _events(store, object_type="appointment", action="change")


def test_session_expires_after_inactivity(site):
    store, secrets, _h, app = site
    client = login(app, secrets, "sanne")
    assert client.get("/staff/").status_code == 200
    with store.session() as s:
        for row in s.execute(select(StaffSession)).scalars():
            row.last_seen_at -= timedelta(minutes=16)
    r = client.get("/staff/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("/staff/login?verlopen=1")
    assert "niet actief" in client.get(r.headers["location"]).text


def test_logout_ends_the_session(site):
    store, secrets, _h, app = site
    client = login(app, secrets, "sanne")
    csrf = _csrf(client.get("/staff/").text)
    token = client.cookies.get("staff_session")
    r = client.post("/staff/logout", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    # Even a copy of the old cookie no longer works.
    again = TestClient(app, base_url=BASE, cookies={"staff_session": token})
    assert again.get("/staff/", follow_redirects=False).status_code == 303
    assert [e.action for e in _events(store, user_email="sanne@delinde.example")][-1] == "logout"


def test_admin_pages_are_for_admins_only(site):
    _store, secrets, _h, app = site
    worker = login(app, secrets, "sanne")
    for path in ("/staff/beheer/praktijken", "/staff/beheer/medewerkers", "/staff/beheer/accounts",
                 "/staff/beheer/audit"):
        assert worker.get(path).status_code == 404, path
    admin = login(app, secrets, "admin")
    for path in ("/staff/beheer/praktijken", "/staff/beheer/medewerkers", "/staff/beheer/accounts",
                 "/staff/beheer/audit"):
        assert admin.get(path).status_code == 200, path


def test_admin_adds_a_practice_and_a_worker(site):
    store, secrets, _h, app = site
    admin = login(app, secrets, "admin")
    csrf = _csrf(admin.get("/staff/beheer/praktijken").text)
    r = admin.post("/staff/beheer/praktijken", data={"csrf": csrf, "code": "eik", "name": "Praktijk De Eik",
                                                     "municipality": "Amersfoort"})
    assert "Praktijk De Eik" in r.text
    r = admin.post("/staff/beheer/praktijken", data={"csrf": csrf, "code": "EIK", "name": "Nog een",
                                                     "municipality": "X"})
    assert "al een praktijk" in r.text
    r = admin.post("/staff/beheer/medewerkers", data={"csrf": csrf, "name": "Ilse Bakker",
                                                      "email": "ilse@eik.example", "practice": "EIK"})
    assert "Ilse Bakker" in r.text


def test_availability_editor_adds_and_removes_blocks(site):
    store, secrets, _h, app = site
    from bot.store.models import WeeklyHours

    client = login(app, secrets, "sanne")
    page = client.get("/staff/beschikbaarheid").text
    csrf = _csrf(page)
    worker = re.search(r'name="worker" value="(\d+)"', page).group(1)
    practice = re.search(r'<select name="practice"><option value="(\d+)"', page).group(1)
    form = {"csrf": csrf, "worker": worker, "action": "add", "weekday": "4", "start": "09:00",
            "end": "12:00", "practice": practice}
    client.post("/staff/beschikbaarheid", data=form)
    with store.session() as s:
        block = s.execute(select(WeeklyHours).where(WeeklyHours.weekday == 4,
                                                    WeeklyHours.worker_id == int(worker))).scalar_one()
    r = client.post("/staff/beschikbaarheid", data={**form, "start": "11:00", "end": "13:00"})
    assert "overlapt" in r.text
    r = client.post("/staff/beschikbaarheid", data={**form, "start": "13:00", "end": "12:00"})
    assert "begin voor het eind" in r.text
    client.post("/staff/beschikbaarheid", data={"csrf": csrf, "worker": worker, "action": "delete",
                                                "id": str(block.id)})
    with store.session() as s:
        assert s.get(WeeklyHours, block.id) is None
    assert len(_events(store, object_type="weekly_hours")) == 2
    # Another practice's worker is not editable from here.
    anker = login(app, secrets, "youssef")
    assert anker.get(f"/staff/beschikbaarheid?worker={worker}").status_code == 404


def test_calendar_shows_the_booked_appointment(site):
    store, secrets, handovers, app = site
    if handovers["linde"]["appointment_id"] is None:
        pytest.skip("booking is not in this build")
    from bot.staff.filters import local
    from bot.store.models_booking import Appointment

    with store.session() as s:
        start = s.get(Appointment, handovers["linde"]["appointment_id"]).start_utc
    html = login(app, secrets, "sanne").get(f"/staff/agenda?week={local(start).date().isoformat()}").text
    assert local(start).strftime("%H:%M") in html
    assert f"/staff/handovers/{handovers['linde']['id']}" in html


def test_availability_editor_records_an_absence_in_amsterdam_days(site):
    store, secrets, _h, app = site
    AvailabilityException = pytest.importorskip("bot.store.models_booking").AvailabilityException
    client = login(app, secrets, "admin")
    page = client.get("/staff/beschikbaarheid").text
    worker = re.search(r'name="worker" value="(\d+)"', page).group(1)
    # The summer time week: 30 March 2026 is the Monday after the clocks went forward.
    client.post("/staff/beschikbaarheid", data={"csrf": _csrf(page), "worker": worker, "action": "add_exception",
                                                "from": "2026-03-27", "to": "2026-03-30", "kind": "holiday"})
    with store.session() as s:
        row = s.execute(select(AvailabilityException)).scalar_one()
        assert (row.start_utc.isoformat(), row.end_utc.isoformat()) == ("2026-03-26T23:00:00", "2026-03-30T22:00:00")
    assert "vakantie" in client.get("/staff/beschikbaarheid").text
    client.post("/staff/beschikbaarheid", data={"csrf": _csrf(page), "worker": worker,
                                                "action": "delete_exception", "id": str(row.id)})
    with store.session() as s:
        assert s.execute(select(AvailabilityException)).first() is None


def test_a_handover_without_a_free_urgent_slot_says_call_back(site):
    store, secrets, handovers, app = site
    import json

    from bot.store.models_handover import Handover

    with store.session() as s:
        h = s.get(Handover, handovers["linde"]["id"])
        h.flags = json.dumps([*json.loads(h.flags), "geen_spoedplek"])
    client = login(app, secrets, "sanne")
    assert "bel terug" in client.get("/staff/").text
    assert "Geen spoedplek vrij: bel de cliënt terug" in client.get(f"/staff/handovers/{h.id}").text


def test_inbox_shows_the_booked_appointment(site):
    store, secrets, handovers, app = site
    if handovers["linde"]["appointment_id"] is None:
        pytest.skip("booking is not in this build")
    from bot.staff.filters import when
    from bot.store.models_booking import Appointment

    with store.session() as s:
        start = s.get(Appointment, handovers["linde"]["appointment_id"]).start_utc
    html = login(app, secrets, "sanne").get("/staff/").text
    row = html[html.index(handovers["linde"]["reference"]):].split("</tr>")[0]
    assert when(start) in row

"""Staff see the waiting time: the check-in answer in the inbox ("worse" first within its
urgency) and on the handover page; the safety plan only when shared, and that view is logged."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.store.models import utcnow
from bot.store.models_handover import Handover
from bot.store.models_staff import AuditEvent
from bot.store.models_waiting import Checkin
from bot.store.seed import seed_demo
from bot.waiting import plan as P
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
    secret = add_user(store, email="sanne@delinde.example", practice="LINDE")
    older = add_handover(store, practice="LINDE", lines=[("in", "Hallo")], heaviness=5, school="gewoon")
    newer = add_handover(store, practice="LINDE", lines=[("in", "Hoi")], heaviness=5, school="gewoon")
    app = create_app(settings)
    client = TestClient(app, base_url=BASE)
    page = client.get("/staff/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = client.post("/staff/login", data={"csrf": csrf, "email": "sanne@delinde.example", "password": PASSWORD,
                                          "code": totp_now(secret)}, follow_redirects=False)
    assert r.status_code == 303
    return store, client, older, newer


def _order(html: str, *references: str) -> list[str]:
    return sorted(references, key=html.index)


def test_worse_at_the_checkin_moves_the_handover_up_within_its_urgency(site):
    store, client, older, newer = site
    html = client.get("/staff/").text
    assert _order(html, older["reference"], newer["reference"]) == [older["reference"], newer["reference"]]
    with store.session() as s:
        h = s.get(Handover, newer["id"])
        h.checkin_answer, h.checkin_at = "worse", utcnow()
        assert h.urgency == s.get(Handover, older["id"]).urgency == "regular"
    html = client.get("/staff/").text
    assert _order(html, older["reference"], newer["reference"]) == [newer["reference"], older["reference"]]
    assert "wachttijd: slechter" in html


def test_the_handover_page_shows_the_checkin_in_the_family_s_words(site):
    store, client, older, _newer = site
    with store.session() as s:
        s.add(Checkin(conversation_id=older["conversation_id"], handover_id=older["id"], sender_id="x",
                      sent_at=utcnow(), answered_at=utcnow(), answer="worse", heaviness_before=5, heaviness_after=9,
                      urgency_after="urgent", change=store.cipher.encrypt("Hij eet & slaapt <niet>"),
                      created_at=utcnow(), updated_at=utcnow()))
    html = client.get(f"/staff/handovers/{older['id']}").text
    section = html[html.index('id="checkin"'):]
    assert "slechter" in section and "5 → 9" in section and "urgent" in section
    assert "Hij eet &amp; slaapt &lt;niet&gt;" in section


def test_the_safety_plan_shows_only_when_shared_and_the_view_is_logged(site):
    store, client, older, _newer = site
    content = {"warning_signs": "Ik trek me terug", "contacts": "Mijn zus"}
    with store.session() as s:
        state = P.PlanState(content=content)
        P.save(s, older["conversation_id"], state, store.cipher)
    html = client.get(f"/staff/handovers/{older['id']}").text
    assert 'id="safety-plan"' not in html and "Ik trek me terug" not in html
    with store.session() as s:
        state.shared = True
        P.save(s, older["conversation_id"], state, store.cipher)
    html = client.get(f"/staff/handovers/{older['id']}").text
    assert 'id="safety-plan"' in html and "Ik trek me terug" in html and "Mijn zus" in html
    with store.session() as s:
        views = s.execute(select(AuditEvent).where(AuditEvent.object_type == "safety_plan")).scalars().all()
        assert len(views) == 1 and views[0].conversation_reference == older["reference"] and views[0].action == "view"
        assert "Ik trek" not in (views[0].detail or "")

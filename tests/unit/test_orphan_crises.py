"""A crisis before the person chose a practice lands in a queue every practice's staff can see."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.conversation import Inbound, RasaClient
from bot.features import build_service
from bot.store import repo
from bot.store.models import StaffAlert
from bot.store.models_handover import Handover
from bot.store.models_staff import AuditEvent
from bot.store.seed import seed_demo
from tests.support.staff_seed import PASSWORD, add_user, fast_hashing, totp_now

CRISIS = "ik wil er niet meer zijn"


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch):
    fast_hashing(monkeypatch)


def _service(settings, store):
    rasa = RasaClient("http://rasa.test", client=httpx.AsyncClient(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json=[]))))
    return build_service(settings, store, rasa)


def _login(app, secret, email) -> TestClient:
    client = TestClient(app, base_url="http://127.0.0.1")
    page = client.get("/staff/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = client.post("/staff/login", data={"csrf": csrf, "email": email, "password": PASSWORD,
                                          "code": totp_now(secret)}, follow_redirects=False)
    assert r.status_code == 303
    return client


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


@pytest.fixture
def world(settings, store):
    from bot.web.app import create_app

    with store.session() as s:
        seed_demo(s)
    secrets = {
        "sanne": add_user(store, email="sanne@delinde.example", practice="LINDE"),
        "youssef": add_user(store, email="youssef@hetanker.example", practice="ANKER"),
    }
    return secrets, create_app(settings)


async def test_a_crisis_without_a_practice_is_queued_for_every_practice_and_the_alert_points_there(
        settings, store, world):
    secrets, app = world
    out = await _service(settings, store).handle(Inbound("terminal", "orphan-1", text=CRISIS))
    assert out[0].kind == "crisis"
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="orphan-1", cipher=store.cipher)
        reference = conv.reference
        (alert,) = s.execute(select(StaffAlert).where(StaffAlert.conversation_id == conv.id)).scalars()
        (h,) = s.execute(select(Handover).where(Handover.conversation_id == conv.id)).scalars()
        assert h.practice_id is None and h.urgency == "crisis"
    assert alert.kind == "crisis_unassigned" and "zonder praktijk" in alert.text and reference in alert.text
    assert CRISIS not in alert.text

    sanne = _login(app, secrets["sanne"], "sanne@delinde.example")
    youssef = _login(app, secrets["youssef"], "youssef@hetanker.example")
    for client in (sanne, youssef):
        inbox = client.get("/staff/")
        assert "Crisissignalen zonder praktijk" in inbox.text and reference in inbox.text
        assert CRISIS not in inbox.text, "the queue shows codes, never what the person wrote"
    # Not readable before someone picks it up.
    assert sanne.get(f"/staff/handovers/{h.id}").status_code == 404

    page = sanne.get("/staff/")
    taken = sanne.post(f"/staff/zonder-praktijk/{h.id}/oppakken",
                       data={"csrf": _csrf(page.text), "practice": "LINDE"}, follow_redirects=False)
    assert taken.status_code == 303 and taken.headers["location"].endswith(f"/handovers/{h.id}?melding=opgepakt")
    late = youssef.post(f"/staff/zonder-praktijk/{h.id}/oppakken",
                        data={"csrf": _csrf(youssef.get("/staff/").text), "practice": "ANKER"},
                        follow_redirects=False)
    assert late.headers["location"].endswith("?fout=opgepakt"), "the second one is told it is taken"
    assert "al door iemand anders opgepakt" in youssef.get(late.headers["location"]).text
    assert reference not in youssef.get("/staff/").text
    assert youssef.get(f"/staff/handovers/{h.id}").status_code == 404
    assert sanne.get(f"/staff/handovers/{h.id}").status_code == 200
    with store.session() as s:
        assert s.get(Handover, h.id).practice_id is not None
        claims = s.execute(select(AuditEvent).where(AuditEvent.conversation_reference == reference,
                                                    AuditEvent.action == "change")).scalars().all()
    assert claims and claims[0].practice_code == "LINDE"


async def test_choosing_a_practice_later_moves_the_crisis_handover_there(settings, store, world):
    svc = _service(settings, store)
    await svc.handle(Inbound("terminal", "orphan-2", text=CRISIS))
    await svc.handle(Inbound("terminal", "orphan-2", text="/start ANKER"))
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="orphan-2", cipher=store.cipher)
        (h,) = s.execute(select(Handover).where(Handover.conversation_id == conv.id)).scalars()
        anker = repo.practice_by_code(s, code="ANKER")
        assert h.practice_id == anker.id == conv.practice_id


async def test_a_crisis_with_a_practice_alerts_as_before(settings, store, world):
    svc = _service(settings, store)
    await svc.handle(Inbound("terminal", "orphan-3", text="/start LINDE"))
    await svc.handle(Inbound("terminal", "orphan-3", text=CRISIS))
    with store.session() as s:
        kinds = [a.kind for a in s.execute(select(StaffAlert)).scalars()]
    assert kinds == ["crisis"]

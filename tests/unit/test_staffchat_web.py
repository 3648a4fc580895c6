"""The support worker in the chat, through the staff web (Starlette's test client)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.store.models import Conversation, StaffAlert
from bot.store.models_booking import ChatOutbox
from bot.store.models_staff import AuditEvent
from bot.store.models_staffchat import MessageTemplate, Takeover
from tests.unit.test_staff_web import _csrf, _fast_hashing, login, site  # noqa: F401 - fixtures


@pytest.fixture
def chat_site(site):  # noqa: F811 - the staff web's fixture, under the name this module uses
    return site


HTML_FORM = re.compile(r'<form method="post" action="([^"]+/messages)"')


def _page(client, handover_id):
    r = client.get(f"/staff/handovers/{handover_id}")
    assert r.status_code == 200
    return r.text


def test_the_message_form_posts_text_with_the_csrf_token_and_queues_it_for_the_person(chat_site):
    store, secrets, handovers, app = chat_site
    client = login(app, secrets, "sanne")
    h = handovers["linde"]
    html = _page(client, h["id"])
    assert HTML_FORM.search(html).group(1) == f"/staff/handovers/{h['id']}/messages"
    assert '<textarea name="text"' in html
    r = client.post(f"/staff/handovers/{h['id']}/messages", data={"csrf": _csrf(html), "text": "Hoi, ik bel je."},
                    follow_redirects=False)
    assert r.status_code == 303
    with store.session() as s:
        row = s.execute(select(ChatOutbox).where(ChatOutbox.kind == "staff_message")).scalar_one()
        assert store.cipher.decrypt(row.body_enc) == "Hoi, ik bel je." and row.conversation_id == h["conversation_id"]
        assert row.author.endswith("(medewerker van de praktijk)")
        event = s.execute(select(AuditEvent).where(AuditEvent.object_type == "chat_message")).scalar_one()
        assert event.user_email == "sanne@delinde.example" and event.conversation_reference == h["reference"]
        assert "Hoi" not in event.detail  # the log names the act, never the text
    # The page shows it, honestly, as waiting: this conversation is on the terminal channel.
    html = client.get(r.headers["location"]).text
    assert "Hoi, ik bel je." in html and "wacht: de cliënt ziet dit pas" in html


def test_a_post_without_the_csrf_token_sends_nothing(chat_site):
    store, secrets, handovers, app = chat_site
    client = login(app, secrets, "sanne")
    r = client.post(f"/staff/handovers/{handovers['linde']['id']}/messages", data={"text": "x"})
    assert r.status_code == 403
    with store.session() as s:
        assert s.execute(select(ChatOutbox).where(ChatOutbox.kind == "staff_message")).first() is None


def test_another_practice_cannot_write_or_take_over(chat_site):
    store, secrets, handovers, app = chat_site
    client = login(app, secrets, "youssef")
    html = client.get("/staff/").text
    h = handovers["linde"]
    for path in ("messages", "overnemen", "teruggeven"):
        r = client.post(f"/staff/handovers/{h['id']}/{path}", data={"csrf": _csrf(html), "text": "x"})
        assert r.status_code == 404, path
    assert client.get(f"/staff/handovers/{h['id']}/berichten").status_code == 404
    with store.session() as s:
        assert s.execute(select(Takeover)).first() is None
        assert s.execute(select(ChatOutbox).where(ChatOutbox.kind != "reminder")).first() is None


def test_taking_over_and_giving_back_through_the_page(chat_site):
    store, secrets, handovers, app = chat_site
    sanne, admin = login(app, secrets, "sanne"), login(app, secrets, "admin")
    h = handovers["linde"]
    html = _page(sanne, h["id"])
    assert "Gesprek overnemen" in html
    sanne.post(f"/staff/handovers/{h['id']}/overnemen", data={"csrf": _csrf(html)})
    html = _page(sanne, h["id"])
    assert "Overgenomen door" in html and "Teruggeven aan de assistent" in html
    # A colleague who still had the old page open is refused and told who has it.
    other = _page(admin, h["id"])
    r = admin.post(f"/staff/handovers/{h['id']}/overnemen", data={"csrf": _csrf(other)})
    assert "fout=overgenomen" in str(r.url)
    assert "Een collega heeft dit gesprek al overgenomen" in r.text
    with store.session() as s:
        assert len(list(s.execute(select(Takeover)).scalars())) == 1
        details = [e.detail for e in s.execute(select(AuditEvent).where(AuditEvent.object_type == "takeover")).scalars()]
    assert details[0].startswith("gesprek overgenomen") and details[1].startswith("overnemen geweigerd")
    sanne.post(f"/staff/handovers/{h['id']}/teruggeven", data={"csrf": _csrf(html)})
    with store.session() as s:
        assert s.execute(select(Takeover)).scalar_one().end_reason == "released"
        kinds = [r.kind for r in s.execute(select(ChatOutbox).where(ChatOutbox.kind.like("takeover%"))
                                           .order_by(ChatOutbox.id)).scalars()]
    assert kinds == ["takeover_start", "takeover_end"]


def test_the_poll_returns_new_lines_as_json_and_counts_as_a_view_but_not_as_activity(chat_site):
    from bot.store import repo

    store, secrets, handovers, app = chat_site
    client = login(app, secrets, "sanne")
    h = handovers["linde"]
    html = _page(client, h["id"])
    after = re.search(r'data-after="(\d+)"', html).group(1)
    client.post(f"/staff/handovers/{h['id']}/overnemen", data={"csrf": _csrf(html)})
    with store.session() as s:
        conv = s.get(Conversation, h["conversation_id"])
        repo.add_message(s, conversation=conv, cipher=store.cipher, direction="in", text="Ben je daar? <b>x</b>")
    assert login(app, secrets, "admin").get("/staff/meldingen").json()["unread"] == 1
    data = client.get(f"/staff/handovers/{h['id']}/berichten?na={after}").json()
    new = [line for line in data["lines"] if line["id"].startswith("m")]
    assert [(line["who"], line["text"]) for line in new] == [("Cliënt", "Ben je daar? <b>x</b>")]
    assert data["takeover"] is not None and data["attention"]["unread"] == 0
    with store.session() as s:
        views = [e.detail for e in s.execute(select(AuditEvent).where(AuditEvent.action == "view")).scalars()]
    assert "1 nieuwe regel(s) van het gesprek bekeken" in views


def test_the_navigation_counts_call_backs_and_unread_conversations(chat_site):
    from bot.staffchat import callback

    store, secrets, handovers, app = chat_site
    with store.session() as s:
        callback.request(s, conversation=s.get(Conversation, handovers["linde"]["conversation_id"]),
                         text="bel me op 0612345678")
        assert s.execute(select(StaffAlert).where(StaffAlert.kind == "call_back")).scalar_one()
    client = login(app, secrets, "sanne")
    html = client.get("/staff/").text
    assert re.search(r'<span class="count" id="attention"[^>]*>1</span>', html)
    assert "Terugbelverzoeken (1)" in html and handovers["linde"]["reference"] in html
    page = _page(client, handovers["linde"]["id"])
    assert "06 12345678" in page  # the worker sees the number to call
    request_id = re.search(r'/terugbelverzoek/(\d+)"', page).group(1)
    client.post(f"/staff/handovers/{handovers['linde']['id']}/terugbelverzoek/{request_id}",
                data={"csrf": _csrf(page)})
    assert "Terugbelverzoeken" not in client.get("/staff/").text
    assert login(app, secrets, "youssef").get("/staff/meldingen").json()["total"] == 0


def test_templates_are_edited_per_practice_and_fill_the_message_box(chat_site):
    store, secrets, handovers, app = chat_site
    client = login(app, secrets, "sanne")
    html = client.get("/staff/chat-instellingen").text
    assert "Voorstellen" in html  # the defaults, until the practice saves its own
    client.post("/staff/chat-instellingen", data={"csrf": _csrf(html), "practice": "LINDE", "what": "templates",
                                                  "title0": "Groet", "body0": "Hoi, met {naam} van {praktijk}."})
    with store.session() as s:
        rows = list(s.execute(select(MessageTemplate)).scalars())
    assert [(r.title, r.body) for r in rows] == [("Groet", "Hoi, met {naam} van {praktijk}.")]
    page = _page(client, handovers["linde"]["id"])
    assert ">Groet</a>" in page
    filled = client.get(f"/staff/handovers/{handovers['linde']['id']}?sjabloon={rows[0].id}").text
    assert "Hoi, met Sanne van Huisartsenpraktijk De Linde.</textarea>" in filled
    # Another practice still has the defaults; a worker cannot change another practice's.
    youssef = login(app, secrets, "youssef")
    other = youssef.get("/staff/chat-instellingen").text
    assert "Voorstellen" in other
    r = youssef.post("/staff/chat-instellingen", data={"csrf": _csrf(other), "practice": "LINDE", "what": "templates",
                                                      "title0": "x", "body0": "y"})
    assert r.status_code == 404


def test_only_admins_change_opening_hours_and_the_idle_time(chat_site):
    from bot.staffchat import hours as H

    store, secrets, handovers, app = chat_site
    worker = login(app, secrets, "sanne")
    html = worker.get("/staff/chat-instellingen").text
    assert 'name="hours"' not in html
    worker.post("/staff/chat-instellingen", data={"csrf": _csrf(html), "practice": "LINDE", "what": "hours",
                                                  "hours": "za 09:00-10:00", "idle_minutes": "10"})
    admin = login(app, secrets, "admin")
    html = admin.get("/staff/chat-instellingen").text
    assert "ma 08:00-17:00" in html  # the demo practice's hours
    r = admin.post("/staff/chat-instellingen", data={"csrf": _csrf(html), "practice": "LINDE", "what": "hours",
                                                     "hours": "ma-do 08:30-16:30", "idle_minutes": "15"})
    assert "Openingstijden van LINDE opgeslagen" in r.text
    bad = admin.post("/staff/chat-instellingen", data={"csrf": _csrf(html), "practice": "LINDE", "what": "hours",
                                                       "hours": "maandag", "idle_minutes": "15"})
    assert "Regel niet begrepen" in bad.text
    with store.session() as s:
        linde = s.execute(select(Conversation.practice_id).where(
            Conversation.id == handovers["linde"]["conversation_id"])).scalar_one()
        assert H.opening_hours(s, practice_id=linde) == [(d, "08:30", "16:30") for d in range(4)]

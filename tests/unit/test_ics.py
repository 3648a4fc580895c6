"""iCalendar: the file sent with the confirmation and the secret per-worker feed."""

from datetime import datetime, timezone

import pytest
from icalendar import Calendar
from starlette.testclient import TestClient

from bot.booking import ics
from bot.booking import service as B
from bot.store import repo
from bot.store.seed import seed_demo

NOW = datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def booked(store):
    with store.session() as s:
        seed_demo(s)
        practice = repo.practice_by_code(s, code="LINDE")
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="ics")
        slot = B.find_slots(s, practice_id=practice.id)[0]
        appt = B.book(s, practice_id=practice.id, slot_id=slot.slot_id, type_code="praktijk", conversation_id=conv.id)
        return {"id": appt.id, "start": appt.start_utc, "token": practice.workers[0].calendar_token,
                "reference": conv.reference}


def test_appointment_ics_has_utc_times_place_and_worker(store, booked):
    from bot.store.models_booking import Appointment

    with store.session() as s:
        appt = s.get(Appointment, booked["id"])
        cal = Calendar.from_ical(ics.appointment_ics(s, appt))
        assert ics.appointment_filename(appt).endswith(".ics")
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == booked["start"].replace(tzinfo=timezone.utc)
    assert (event.decoded("dtend") - event.decoded("dtstart")).seconds == 45 * 60
    assert "Sanne de Vries" in str(event["summary"])
    assert "Lindelaan 12" in str(event["location"])
    assert str(event["uid"]) == f"appointment-{booked['id']}@jeugdintake"


def test_worker_feed_is_served_at_the_secret_url_without_client_details(store, settings, booked):
    from bot.web.app import create_app

    with TestClient(create_app(settings)) as client:
        resp = client.get(f"/calendar/{booked['token']}.ics")
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/calendar")
        (event,) = Calendar.from_ical(resp.content).walk("VEVENT")
        assert booked["reference"] in str(event["summary"])
        assert client.get("/calendar/not-the-right-token-at-all.ics").status_code == 404
        assert client.get("/calendar/short.ics").status_code == 404


def test_cancelled_appointments_leave_the_feed(store, booked):
    from bot.store.models import Worker

    with store.session() as s:
        B.cancel(s, appointment_id=booked["id"])
        worker = ics.worker_by_token(s, booked["token"])
        assert isinstance(worker, Worker)
        assert Calendar.from_ical(ics.worker_feed(s, worker)).walk("VEVENT") == []

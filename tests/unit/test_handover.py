"""Handovers in the database: submit, crisis upgrade, repository functions and the CLI."""

import json

import pytest
from sqlalchemy import text

from bot.intake import repo as hrepo
from bot.intake.handover import submit_intake, upgrade_to_crisis
from bot.intake.record import IntakeRecord
from bot.store import repo
from bot.store.seed import seed_demo

SLOTS = {
    "role": "ouder", "relation": "zoon", "age": 13.0, "topic": "school", "themes": ["school"],
    "duration_days": 21.0, "school_attendance": "geen", "impact": "hij slaapt slecht",
    "impact_areas": ["slaap"], "impact_severe": False, "heaviness": 6.0, "help": "nee",
    "help_kinds": ["geen"], "hope": "dat hij weer naar school gaat", "name": "Sanne",
    "contact": "+31612345678", "consent_parents": "ja", "consent_huisarts": True,
}


@pytest.fixture
def conv_id(store):
    with store.session() as s:
        seed_demo(s)
        conv = repo.get_or_create_conversation(s, channel="test", external_id="u1")
        conv.practice_id = repo.practice_by_code(s, code="LINDE").id
        repo.add_message(s, conversation=conv, cipher=store.cipher, direction="in",
                         text="mijn zoon van 13 durft al drie weken niet naar school")
        s.flush()
        return conv.id


def test_a_completed_intake_becomes_an_urgent_handover_with_flags_sbar_and_consent(store, conv_id):
    with store.session() as s:
        h = submit_intake(s, conversation_id=conv_id, record=IntakeRecord.from_slots(SLOTS), cipher=store.cipher)
        hid = h.id
    with store.session() as s:
        h = hrepo.get_handover(s, handover_id=hid)
        view = hrepo.handover_view(s, handover=h, cipher=store.cipher)
    assert view.urgency == "urgent"
    assert "school_absent_over_2_weeks" in view.flags
    assert view.practice_code == "LINDE" and view.age_band == "12_15" and view.themes == ["school"]
    for part in ("S — Situatie", "B — Achtergrond", "B — Beoordeling", "A — Advies/vraag"):
        assert part in view.summary
    assert "+31612345678" not in view.summary  # the number is in the answers, not the summary
    assert view.answers["phone"] == "+31612345678" and view.answers["name"] == "Sanne"
    assert view.consent["band"] == "12_15" and view.consent["share_with_huisarts"] is True
    assert view.status == "new" and view.complete
    assert [line.text for line in view.transcript] == ["mijn zoon van 13 durft al drie weken niet naar school"]


def test_free_text_and_summary_are_encrypted_at_rest(store, conv_id):
    with store.session() as s:
        submit_intake(s, conversation_id=conv_id, record=IntakeRecord.from_slots(SLOTS), cipher=store.cipher)
    with store.engine.connect() as c:
        answers, summary = c.execute(text("select answers, summary from handovers")).one()
    assert b"Sanne" not in bytes(answers) and b"naar school" not in bytes(summary)


def test_a_crisis_opens_a_crisis_handover_that_the_intake_completes_and_keeps_crisis(store, conv_id):
    with store.session() as s:
        h = upgrade_to_crisis(s, conv_id, "suicide", cipher=store.cipher)
        assert h.urgency == "crisis" and not h.complete
        first_id = h.id
    with store.session() as s:
        h = submit_intake(s, conversation_id=conv_id, record=IntakeRecord.from_slots({**SLOTS, "heaviness": 3.0}),
                          cipher=store.cipher)
        assert h.id == first_id
        assert h.urgency == "crisis" and h.complete
        assert {"crisis_signal", "school_absent_over_2_weeks"} <= set(hrepo.flags_of(h))


def test_a_crisis_after_the_handover_upgrades_the_open_one(store, conv_id):
    with store.session() as s:
        hid = submit_intake(s, conversation_id=conv_id, record=IntakeRecord.from_slots(SLOTS), cipher=store.cipher).id
    with store.session() as s:
        h = upgrade_to_crisis(s, conv_id, "abuse", cipher=store.cipher)
        assert h.id == hid and h.urgency == "crisis"
        assert "crisis" in hrepo.summary_of(h, cipher=store.cipher).lower()


def test_list_sorts_by_urgency_and_filters_by_practice_and_status(store, conv_id):
    with store.session() as s:
        regular = submit_intake(s, conversation_id=conv_id, record=IntakeRecord.from_slots(
            {**SLOTS, "school_attendance": "gewoon"}), cipher=store.cipher)
        regular.status = "read"
        other = repo.get_or_create_conversation(s, channel="test", external_id="u2")
        other.practice_id = repo.practice_by_code(s, code="ANKER").id
        s.flush()
        urgent = submit_intake(s, conversation_id=other.id, record=IntakeRecord.from_slots(SLOTS), cipher=store.cipher)
        linde, anker = regular.practice_id, urgent.practice_id
    with store.session() as s:
        assert [h.urgency for h in hrepo.list_handovers(s)] == ["urgent", "regular"]
        assert [h.practice_id for h in hrepo.list_handovers(s, practice_ids=[linde])] == [linde]
        assert [h.practice_id for h in hrepo.list_handovers(s, statuses=["new"])] == [anker]
        assert hrepo.get_handover(s, handover_id=urgent.id, practice_ids=[linde]) is None


def test_set_status_accepts_only_known_statuses(store, conv_id):
    with store.session() as s:
        hid = submit_intake(s, conversation_id=conv_id, record=IntakeRecord.from_slots(SLOTS), cipher=store.cipher).id
        assert hrepo.set_status(s, handover_id=hid, status="accepted").status == "accepted"
        with pytest.raises(ValueError):
            hrepo.set_status(s, handover_id=hid, status="deleted")


def test_cli_handovers_json_lists_the_operator_fields_without_transcript(store, conv_id, settings, capsys):
    from argparse import Namespace

    from bot.intake.cli import cmd_handovers

    with store.session() as s:
        submit_intake(s, conversation_id=conv_id, record=IntakeRecord.from_slots(SLOTS), cipher=store.cipher)
    assert cmd_handovers(Namespace(json=True, practice=None, status=None), settings) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1
    row = rows[0]
    assert {"id", "practice", "created", "urgency", "topic", "flags", "summary", "status"} <= set(row)
    assert row["practice"] == "LINDE" and row["urgency"] == "urgent" and row["topic"] == "school"
    assert row["created"].endswith("+00:00")
    assert "transcript" not in row and "durft al drie weken" not in json.dumps(row)


def test_migration_downgrade_removes_the_table(settings, store):
    from alembic import command

    from bot.store.migrate import alembic_config

    command.downgrade(alembic_config(settings.database_url), "0001_foundation")
    with store.engine.connect() as c:
        names = {r[0] for r in c.execute(text("select name from sqlite_master where type='table'"))}
    assert "handovers" not in names

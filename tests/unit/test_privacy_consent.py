"""Consent that can be shown: who gave it, when, and the version of the text shown; on the
staff handover page and in the person's copy; gone with an erasure."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.intake.handover import submit_intake
from bot.intake.record import IntakeRecord
from bot.privacy import erasure, export
from bot.privacy.consent import consents_of, shown_text, text_version
from bot.staff.audit import Actor
from bot.store import repo
from bot.store.models_privacy import ConsentRecord, ConsentText
from bot.store.seed import seed_demo
from tests.unit.test_staff_web import (
    _fast_hashing,  # noqa: F401 - the autouse fixture
    login,
    site,  # noqa: F401 - the fixture
)


def _intake(store, external_id: str, *, role: str, age: int, language: str = "nl") -> tuple[int, int]:
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="telegram", external_id=external_id)
        conv.practice_id = repo.practice_by_code(s, code="LINDE").id
        conv.language = language
        h = submit_intake(s, conversation_id=conv.id, cipher=store.cipher, record=IntakeRecord(
            role=role, age=age, themes=["angst"], consent_parents="ja", consent_huisarts=False))
        return conv.id, h.id


def test_each_consent_records_who_when_and_the_text_version_shown(store):
    with store.session() as s:
        seed_demo(s)
    conv_id, handover_id = _intake(store, "c1", role="ouder", age=13)
    with store.session() as s:
        views = consents_of(s, conversation_id=conv_id)
        linde = repo.practice_by_code(s, code="LINDE")
        name, text = shown_text(kind="consent_parents", role="ouder", age=13, language="nl", practice=linde)
    assert [(v.kind, v.answer, v.given_by, v.age_band) for v in views] == [
        ("consent_parents", "ja", "ouder", "12_15"), ("consent_huisarts", "nee", "ouder", "12_15")]
    assert name == "utter_ask_consent_parents_ouder_12_15"
    assert views[0].version == text_version(text) and views[0].text == text
    assert "vanaf 12 jaar beslissen je kind en de ouders met gezag samen" in text
    assert views[0].given_at is not None
    _intake(store, "c2", role="ouder", age=14)  # the same question, the same text: one stored version
    _intake(store, "c3", role="jongere", age=16)
    _intake(store, "c4", role="ouder", age=13, language="en")
    with store.session() as s:
        versions = {r.text_version for r in s.execute(select(ConsentRecord)).scalars()}
        assert s.execute(select(func.count()).select_from(ConsentText)).scalar_one() == len(versions) == 5
        young = consents_of(s, conversation_id=repo.find_conversation(s, channel="telegram", external_id="c3").id)
        english = consents_of(s, conversation_id=repo.find_conversation(s, channel="telegram", external_id="c4").id)
    assert young[0].given_by == "jongere" and young[0].age_band == "16_17"
    assert english[0].language == "en" and english[0].version != views[0].version


def test_the_handover_page_and_the_copy_show_the_consent_and_erasure_removes_it(site):  # noqa: F811
    store, secrets, handovers, app = site
    h = handovers["linde"]
    page = login(app, secrets, "sanne").get(f"/staff/handovers/{h['id']}").text
    with store.session() as s:
        (parents, _huisarts) = consents_of(s, conversation_id=h["conversation_id"])
    assert "gegeven door een ouder" in page and f"tekstversie {parents.version} (nl)" in page
    assert "Tekst die getoond is" in page
    with store.session() as s:
        conv = erasure.find_by_reference(s, h["reference"])
        body = export.render_text(export.collect(s, conv, cipher=store.cipher), "nl")
    assert "Toestemming die je gaf" in body and "gegeven door een ouder" in body
    with store.session() as s:
        erasure.erase(s, reference=h["reference"], actor=Actor(None, "test"), via="staff")
    with store.session() as s:
        assert consents_of(s, conversation_id=h["conversation_id"]) == []
        assert s.execute(select(func.count()).select_from(ConsentText)).scalar_one() >= 1  # the bot's words stay


"""bot.rasa_server: Rasa's command line with the action-server answer checked by one validator made
once. The answers Rasa accepts and refuses, and its error text, must stay what Rasa's own check gives."""

from __future__ import annotations

import jsonschema
import pytest

from bot.supervisor import build_specs

ANSWERS = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "age", "value": 14}], "responses": [{"text": "Dank je."}]},
    {"events": [{"event": "followup", "name": "action_listen"}]},
    {},
    {"events": "not a list"},
    {"events": [{"event": "slot"}]},  # a slot event without a name
    {"events": [{"event": "no_such_event"}]},
    {"responses": "Dank je."},
    [],
]


def _verdict(check, answer):
    try:
        return check(answer), None
    except jsonschema.ValidationError as exc:
        return False, (exc.message, list(exc.path), exc.validator)


@pytest.fixture(scope="module")
def checks():
    from rasa.core.actions.action import RemoteAction

    rasa_own = RemoteAction._validate_action_result
    action = RemoteAction.__new__(RemoteAction)
    before = [_verdict(lambda a: rasa_own(action, a), a) for a in ANSWERS]
    from bot.rasa_server import validate_once

    validate_once()
    try:
        after = [_verdict(lambda a: RemoteAction._validate_action_result(action, a), a) for a in ANSWERS]
    finally:
        RemoteAction._validate_action_result = rasa_own
    return before, after


def test_every_answer_is_accepted_or_refused_as_by_rasas_own_check(checks):
    before, after = checks
    assert [ok for ok, _ in after] == [ok for ok, _ in before]
    assert [ok for ok, _ in after] == [True, True, True, True, False, False, False, False, False]


def test_a_refused_answer_has_rasas_error_and_advice(checks):
    before, after = checks
    assert after == before
    message = after[4][1][0]
    assert "Failed to validate Action server response" in message and "/custom-actions" in message


def test_intake_run_starts_rasa_through_it(tmp_path, settings):
    import dataclasses

    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "intake.tar.gz").write_bytes(b"")
    specs = build_specs(dataclasses.replace(settings, project_root=tmp_path), with_rasa=True, with_telegram=False)
    rasa = next(s for s in specs if s.name == "rasa")
    assert rasa.argv[1:4] == ["-m", "bot.rasa_server", "run"]

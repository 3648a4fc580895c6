"""Keys: production refuses weak keys, a wrong key stops start-up, rotation re-encrypts all."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.config import ConfigError, Settings
from bot.privacy import keys
from bot.privacy.trackers import EVENTS
from bot.store import repo
from bot.store.crypto import (
    Cipher,
    KeyMismatchError,
    UnreadableError,
    generate_key,
    production_key_problem,
)
from bot.store.db import Store
from bot.store.migrate import upgrade

INTAKE = str(Path(sys.executable).parent / "intake")
ROOT = Path(__file__).resolve().parents[2]


def _settings(tmp_path, key: str | None, env: str = "test") -> Settings:
    values = {"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_DATABASE_URL": f"sqlite:///{tmp_path / 'intake.db'}",
              "INTAKE_ENV": env}
    if key is not None:
        values["INTAKE_SECRET_KEY"] = key
    return Settings.from_env(values)


@pytest.mark.parametrize("key, fragment", [
    (None, "must be set"),
    ("replace-with-a-long-random-string", "placeholder"),  # the .env.example value
    ("change-me", "placeholder"),
    ("k", "not a Fernet key"),
    ("a-long-passphrase-that-is-not-base64-but-long-enough", "not a Fernet key"),
    ("A" * 43 + "=", "not random enough"),  # valid format, 32 zero bytes
])
def test_production_refuses_placeholders_short_and_weak_keys(tmp_path, key, fragment):
    env = {"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_ENV": "production"}
    if key is not None:
        env["INTAKE_SECRET_KEY"] = key
    with pytest.raises(ConfigError) as err:
        Settings.from_env(env)
    assert fragment in str(err.value) and "intake keys generate" in str(err.value)


def test_production_accepts_generated_keys_and_names_the_bad_one_of_several():
    good, other = generate_key(), generate_key()
    assert production_key_problem(good) is None
    assert production_key_problem(f"{good},{other}") is None
    assert "key 2" in production_key_problem(f"{good},short")


def test_production_refuses_the_development_key_file(tmp_path):
    dev = _settings(tmp_path, None, env="development")
    from bot.store.crypto import cipher_for, secret_for

    cipher_for(dev)  # writes <data dir>/secret.key
    dev_key = (tmp_path / "secret.key").read_text().strip()
    prod = _settings(tmp_path, dev_key, env="production")
    with pytest.raises(ConfigError) as err:
        secret_for(prod)
    assert "development key" in str(err.value)
    assert secret_for(_settings(tmp_path, generate_key(), env="production"))


def test_a_wrong_key_raises_instead_of_showing_unreadable_text():
    token = Cipher(generate_key()).encrypt("mijn zoon slaapt slecht")
    with pytest.raises(UnreadableError) as err:
        Cipher(generate_key()).decrypt(token)
    assert "slaapt" not in str(err.value)


def test_several_keys_decrypt_old_values_and_encrypt_with_the_first():
    old, new = generate_key(), generate_key()
    token = Cipher(old).encrypt("hoi")
    both = Cipher(f"{new},{old}")
    assert both.decrypt(token) == "hoi"
    assert not both.is_current(token)
    rotated = both.rotate(token)
    assert Cipher(new).decrypt(rotated) == "hoi"
    assert both.lookup_hash("42") in both.lookup_hashes("42")
    assert Cipher(old).lookup_hash("42") in both.lookup_hashes("42")
    assert Cipher(old).lookup_hash("42") != Cipher(new).lookup_hash("42")


def test_the_first_start_writes_a_key_check_and_a_wrong_key_stops_the_next(tmp_path):
    settings = _settings(tmp_path, generate_key())
    upgrade(settings)
    store = Store(settings)
    keys.verify(store)
    keys.verify(store)
    store.dispose()
    wrong = Store(_settings(tmp_path, generate_key()))
    with pytest.raises(KeyMismatchError) as err:
        keys.verify(wrong)
    wrong.dispose()
    assert "INTAKE_SECRET_KEY does not decrypt" in str(err.value) and "intake keys rotate" in str(err.value)


def test_intake_run_with_a_wrong_key_stops_with_a_clear_message_before_starting_anything(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "INTAKE_DATA_DIR": str(tmp_path), "INTAKE_ENV": "test",
           "INTAKE_SECRET_KEY": generate_key()}
    subprocess.run([INTAKE, "db", "upgrade"], env=env, check=True, capture_output=True, cwd=ROOT)
    env["INTAKE_SECRET_KEY"] = generate_key()
    result = subprocess.run([INTAKE, "run"], env=env, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert "INTAKE_SECRET_KEY does not decrypt" in result.stderr
    assert "Traceback" not in result.stderr and "starting" not in result.stderr


def _fill(store: Store) -> dict:
    """A value in every encrypted column: a conversation with a message, a handover with a staff
    note, a call-back request with a phone number, a worker's message on its way, a message
    waiting for Rasa, a stored Telegram update, a staff account re-linking its authenticator,
    a waiting-time check-in answer and a safety plan (made and being changed), and a Rasa event."""
    from bot.intake.handover import submit_intake
    from bot.intake.record import IntakeRecord
    from bot.scale import updates
    from bot.staff.accounts import create_user
    from bot.staffchat import messages as M
    from bot.staffchat.identity import StaffIdentity
    from bot.store.models import utcnow
    from bot.store.models_booking import UrgentRequest
    from bot.store.models_scale import DeferredTurn, TelegramUpdate
    from bot.store.models_staff import StaffNote
    from bot.store.models_waiting import Checkin, SafetyPlan
    from bot.store.seed import seed_demo

    with store.session() as s:
        seed_demo(s)
        conv = repo.get_or_create_conversation(s, channel="telegram", external_id="777001")
        repo.add_message(s, conversation=conv, cipher=store.cipher, direction="in", text="geheim bericht")
        record = IntakeRecord(role="ouder", age=9, themes=["angst"], name="Fenna", phone="+31612345678")
        h = submit_intake(s, conversation_id=conv.id, record=record, cipher=store.cipher)
        user, _secret = create_user(s, cipher=store.cipher, email="a@praktijk.nl", password="een lang wachtwoord",
                           role="worker", practice_codes=["LINDE"])
        user.totp_pending = store.cipher.encrypt("JBSWY3DPEHPK3PXP")
        s.add(StaffNote(handover_id=h.id, user_email="a@praktijk.nl", body=store.cipher.encrypt("notitie")))
        s.add(UrgentRequest(practice_id=conv.practice_id or 1, conversation_id=conv.id, reason="asked",
                            phone_enc=store.cipher.encrypt("+31612345678")))
        M.send(s, conversation=conv, who=StaffIdentity(1, "Sanne", "POH-Jeugd"), text="geheim van de praktijk")
        s.add(DeferredTurn(conversation_id=conv.id, sender_id=conv.sender_id, message=store.cipher.encrypt("wacht"),
                           typed=store.cipher.encrypt("ik ben 16")))
        # An update still waiting to be answered, and one answered (its payload is gone).
        waiting = {"update_id": 2, "message": {"message_id": 5, "chat": {"id": 777001, "type": "private"}}}
        s.add(TelegramUpdate(update_id=2, chat_key=updates.chat_key(store.cipher, 777001),
                             payload=store.cipher.encrypt(json.dumps(waiting))))
        s.add(TelegramUpdate(update_id=1, chat_key=updates.chat_key(store.cipher, 777001), payload=None,
                             done_at=utcnow()))
        s.add(Checkin(conversation_id=conv.id, handover_id=h.id, sender_id=conv.sender_id, answer="worse",
                      change=store.cipher.encrypt("slaapt slecht")))
        s.add(SafetyPlan(conversation_id=conv.id, content=store.cipher.encrypt('{"warning_signs": "mijn plan"}'),
                         draft=store.cipher.encrypt('{"warning_signs": "veranderd"}')))
        EVENTS.create(s.connection(), checkfirst=True)
        s.execute(EVENTS.insert().values(sender_id=conv.sender_id, type_name="user",
                                         data=store.cipher.encrypt_text(json.dumps({"text": "geheim"}))))
        return {"conversation": conv.id}


def test_rotation_re_encrypts_every_value_and_then_the_old_key_can_go(tmp_path):
    old, new = generate_key(), generate_key()
    settings = _settings(tmp_path, old)
    upgrade(settings)
    store = Store(settings)
    keys.verify(store)
    ids = _fill(store)
    store.dispose()

    both = Store(_settings(tmp_path, f"{new},{old}"))
    with both.session() as s:  # a look-up during the rotation still finds the person
        assert repo.find_conversation(s, channel="telegram", external_id="777001").id == ids["conversation"]
    dry = keys.rotate(both, dry_run=True)
    assert dry.counts["messages.body"] == 1 and dry.counts["events.data"] == 1
    report = keys.rotate(both)
    assert report.counts == dry.counts and not report.unreadable
    # Every encrypted column of every model (a feature's new one too) was filled and rotated.
    every = {f"{c.table.name}.{c.name}" for c in keys.encrypted_columns()}
    assert every >= {"chat_outbox.body_enc", "urgent_requests.phone_enc", "deferred_turns.message",
                     "telegram_updates.payload", "staff_notes.body"}
    for name in sorted(every | {"events.data"} | set(keys.KEYED_HASHES)):
        assert report.counts.get(name, 0) >= 1, name
    assert report.counts["telegram_updates.chat_key"] == 2  # the waiting update's, and the answered one's dropped
    assert sum(keys.rotate(both).counts.values()) == 0  # nothing left under the old key
    both.dispose()

    only_new = Store(_settings(tmp_path, new))
    keys.verify(only_new)
    from bot.intake.repo import answers_of, list_handovers

    with only_new.session() as s:
        conv = repo.find_conversation(s, channel="telegram", external_id="777001")
        assert conv.id == ids["conversation"]
        assert repo.external_id_of(conv, cipher=only_new.cipher) == "777001"
        assert [x.text for x in repo.transcript(s, conversation_id=conv.id, cipher=only_new.cipher)] == ["geheim bericht"]
        (h,) = list_handovers(s)
        assert answers_of(h, cipher=only_new.cipher)["name"] == "Fenna"
        data = s.execute(select(EVENTS.c.data)).scalar_one()
        assert json.loads(only_new.cipher.decrypt_text(data)) == {"text": "geheim"}
    # The chat's next update looks its waiting ones up under the new key: the older one comes first.
    from bot.scale import updates

    waiting = updates.claim_next(only_new, key=updates.chat_key(only_new.cipher, 777001), owner="test")
    assert waiting is not None and waiting.update_id == 2
    with only_new.session() as s:
        from bot.store.models_scale import TelegramUpdate

        answered = s.execute(select(TelegramUpdate).where(TelegramUpdate.update_id == 1)).scalar_one()
        assert answered.chat_key == updates.NO_CHAT  # no chat key left under a key that is gone
    only_new.dispose()
    with pytest.raises(KeyMismatchError):
        keys.verify(Store(_settings(tmp_path, old)))


def test_intake_keys_rotate_and_check_from_the_command_line(tmp_path):
    old, new = generate_key(), generate_key()
    env = {"PATH": "/usr/bin:/bin", "INTAKE_DATA_DIR": str(tmp_path), "INTAKE_ENV": "test", "INTAKE_SECRET_KEY": old}
    store = Store(_settings(tmp_path, old))
    upgrade(store.settings)
    keys.verify(store)
    _fill(store)
    store.dispose()
    env["INTAKE_SECRET_KEY"] = f"{new},{old}"
    check = subprocess.run([INTAKE, "keys", "check", "--json"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert check.returncode == 0, check.stderr
    assert json.loads(check.stdout)["values_under_older_keys"] > 0
    out = subprocess.run([INTAKE, "keys", "rotate", "--json"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["reencrypted"]["messages.body"] == 1
    env["INTAKE_SECRET_KEY"] = new
    check = subprocess.run([INTAKE, "keys", "check", "--json"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert check.returncode == 0 and json.loads(check.stdout)["values_under_older_keys"] == 0
    env["INTAKE_SECRET_KEY"] = old
    wrong = subprocess.run([INTAKE, "keys", "check"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert wrong.returncode == 2 and "does not decrypt" in wrong.stderr


def test_every_keyed_hash_column_is_computed_again_by_a_rotation_or_says_why_not():
    assert set(keys.keyed_hash_columns()) == set(keys.KEYED_HASHES) | set(keys.NOT_REHASHED)
    assert {"conversations.external_hash", "telegram_updates.chat_key"} <= set(keys.KEYED_HASHES)


def test_every_binary_column_says_whether_it_is_encrypted():
    assert keys.binary_columns_without_decision() == []
    names = {f"{c.table.name}.{c.name}" for c in keys.encrypted_columns()}
    assert {"messages.body", "handovers.answers", "conversations.external_id_enc"} <= names


def test_stored_channel_ids_are_a_keyed_hash_and_ciphertext(store):
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="telegram", external_id="5550123")
    with store.engine.connect() as c:
        row = c.execute(text("select * from conversations")).mappings().one()
    assert all("5550123" not in str(v) for v in row.values())
    assert len(row["external_hash"]) == 64
    assert repo.external_id_of(conv, cipher=store.cipher) == "5550123"

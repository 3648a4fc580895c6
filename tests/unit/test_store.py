"""Storage: migrations, demo data, the encrypted transcript."""

from sqlalchemy import select, text

from bot.store import repo
from bot.store.migrate import current_heads, upgrade
from bot.store.models import Message
from bot.store.seed import seed_demo


def test_migrations_reach_head_and_are_idempotent(settings):
    upgrade(settings)  # from an empty database (the `store` fixture copies one migrated per session)
    upgrade(settings)  # a second run is a no-op
    heads = current_heads(settings.database_url)
    assert len(heads) == 1


def test_demo_seed_adds_two_practices_with_workers_and_weekly_hours_once(store):
    with store.session() as s:
        assert set(seed_demo(s)) == {"LINDE", "ANKER"}
    with store.session() as s:
        assert seed_demo(s) == []
        practices = repo.list_practices(s)
        assert len(practices) == 2
        for p in practices:
            assert p.workers, p.code
            hours = p.workers[0].weekly_hours
            assert sum(1 for _ in hours) >= 3
        titles = {p.code: p.worker_title for p in practices}
        assert titles["LINDE"] == "POH-Jeugd"


def test_transcript_is_encrypted_at_rest_and_readable_through_the_cipher(store):
    secret_text = "mijn zoon van 13 wil niet naar school"
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id="u1")
        repo.add_message(s, conversation=conv, cipher=store.cipher, direction="in", text=secret_text)
        conv_id = conv.id
    with store.engine.connect() as c:
        raw = c.execute(text("select body from messages")).scalar_one()
    assert secret_text.encode() not in bytes(raw)
    with store.session() as s:
        lines = repo.transcript(s, conversation_id=conv_id, cipher=store.cipher)
    assert [ln.text for ln in lines] == [secret_text]


def test_one_conversation_per_channel_user_and_reset_gives_rasa_a_new_sender(store):
    with store.session() as s:
        # A chat id long enough that the random hex of a sender id cannot contain it by chance
        # ("42" did, in about one run in sixteen).
        a = repo.get_or_create_conversation(s, channel="telegram", external_id="4242424242")
        b = repo.get_or_create_conversation(s, channel="telegram", external_id="4242424242")
        assert a.id == b.id
        assert a.reference.startswith("JI-") and "4242424242" not in a.sender_id
        old = a.sender_id
        assert repo.conversation_by_sender(s, old).id == a.id  # what Rasa's actions look up
        repo.reset_conversation(s, a)
        assert a.sender_id != old
        assert repo.conversation_by_sender(s, old) is None  # the old tracker's sender no longer finds it
        assert repo.conversation_by_sender(s, a.sender_id).id == a.id
    with store.session() as s:
        assert s.execute(select(Message)).first() is None


def test_the_cipher_key_survives_a_restart_in_development(tmp_path):
    from bot.config import Settings
    from bot.store.crypto import cipher_for

    s = Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path)})
    token = cipher_for(s).encrypt("hoi")
    assert cipher_for(s).decrypt(token) == "hoi"
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600

"""On PostgreSQL the app runs as a role that owns nothing: it reads and writes data, adds to the
audit log, and cannot change, delete, truncate, alter or drop the audit log (migrations run as
the owner's role, INTAKE_DATABASE_ADMIN_URL). On a server this test starts itself."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from bot.config import Settings
from bot.privacy import erasure, keys, retention
from bot.staff.audit import Actor, record, verify_chain
from bot.store import repo
from bot.store.db import Store
from bot.store.migrate import upgrade
from bot.store.seed import seed_demo
from tests.support.postgres import running_postgres


@pytest.fixture(scope="module")
def roles():
    with running_postgres("test the app's database role on PostgreSQL", dbname="postgres_roles_setup") as pg:
        for statement in ("CREATE ROLE jeugd_owner LOGIN", "CREATE ROLE jeugd_app LOGIN",
                          "CREATE DATABASE jeugd OWNER jeugd_owner"):
            pg.execute(statement, dbname="postgres")
        base = f"postgresql://{{}}@127.0.0.1:{pg.port}/jeugd"
        yield base.format("jeugd_app"), base.format("jeugd_owner")


@pytest.fixture(scope="module")
def app_store(roles, tmp_path_factory):
    app_url, owner_url = roles
    settings = Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path_factory.mktemp("pg-roles")), "INTAKE_ENV": "test",
                                  "INTAKE_SECRET_KEY": "roles-test", "INTAKE_DATABASE_URL": app_url,
                                  "INTAKE_DATABASE_ADMIN_URL": owner_url})
    upgrade(settings)
    store = Store(settings)
    yield store
    store.dispose()


def test_the_app_role_does_its_work(app_store):
    store = app_store
    keys.verify(store)
    with store.session() as s:
        seed_demo(s)
        conv = repo.get_or_create_conversation(s, channel="telegram", external_id="31337")
        repo.add_message(s, conversation=conv, cipher=store.cipher, direction="in", text="hallo")
        repo.reset_conversation(s, conv)  # deletes Rasa's events of the old sender
        record(s, actor=Actor(None, "test"), action="view", reference=conv.reference)
        reference = conv.reference
    retention.run(store)
    with store.session() as s:
        assert erasure.erase(s, reference=reference, actor=Actor(None, "test"), via="staff") is not None
    with store.session() as s:
        check = verify_chain(s)
    assert check.ok and check.rows == 2


@pytest.mark.parametrize("statement", [
    "UPDATE staff_audit SET detail = 'anders'",
    "DELETE FROM staff_audit",
    "TRUNCATE staff_audit",
    "ALTER TABLE staff_audit DISABLE TRIGGER ALL",
    "ALTER TABLE staff_audit ADD COLUMN extra integer",
    "DROP TABLE staff_audit",
    "DROP TRIGGER staff_audit_no_update ON staff_audit",
    "CREATE TABLE something_new (id integer)",
])
def test_the_app_role_cannot_rewrite_or_drop_the_audit_log(app_store, roles, statement):
    engine = create_engine(roles[0], future=True)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO staff_audit (at, user_email, on_behalf_of, action, object_type, object_id, "
                              "conversation_reference, practice_code, detail, client, prev_hash) VALUES (now(), 'x', "
                              "'', 'view', '', '', '', '', '', '', '')"))  # adding is allowed
            version = conn.execute(text("SHOW server_version_num")).scalar()
        if statement.startswith("CREATE") and int(version) < 150000:
            pytest.skip("PostgreSQL before 15 lets every role create tables in the public schema")
        with pytest.raises(DBAPIError) as err, engine.begin() as conn:
            conn.execute(text(statement))
        assert "permission denied" in str(err.value) or "must be owner" in str(err.value)
    finally:
        engine.dispose()

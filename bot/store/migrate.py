"""Alembic, driven from code: ``intake db upgrade`` calls :func:`upgrade`."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.config import Settings

log = logging.getLogger("bot.store.migrate")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Revisions that replace plain text in place; after them the file is compacted (see _compact).
REWRITING_REVISIONS = {"0005_privacy_at_rest"}


def alembic_config(database_url: str, cipher=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # '%' must be escaped for configparser (passwords in URLs).
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    # Migrations that encrypt stored data read the app's cipher from here.
    cfg.attributes["cipher"] = cipher
    return cfg


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Migrate; with INTAKE_DATABASE_ADMIN_URL, as the owner, then grant the app's role its rights."""
    from bot.store.crypto import cipher_for

    if settings.database_url.startswith("sqlite"):
        Path(settings.database_url.split(":///", 1)[-1]).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    url = settings.database_admin_url or settings.database_url
    before = _applied(url)
    command.upgrade(alembic_config(url, cipher_for(settings)), revision)
    after = _applied(url)
    if before and (after - before) & REWRITING_REVISIONS:
        _compact(url)
    if settings.database_admin_url:
        grant_app_role(settings.database_admin_url, settings.database_url)


def grant_app_role(admin_url: str, app_url: str) -> None:
    """PostgreSQL: the app's role may read and write data, and only read and add to the audit
    log. It owns nothing, so it cannot alter, drop or truncate a table, or switch off the
    audit log's triggers."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    app_role = make_url(app_url).username
    if not app_role or app_role == make_url(admin_url).username:
        raise ValueError("INTAKE_DATABASE_URL must use another role than INTAKE_DATABASE_ADMIN_URL")
    engine = create_engine(admin_url, future=True)
    role = engine.dialect.identifier_preparer.quote(app_role)
    try:
        with engine.begin() as conn:
            for statement in (
                f"GRANT USAGE ON SCHEMA public TO {role}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
                f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON staff_audit FROM {role}",
                f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
            ):
                conn.execute(text(statement))
            superuser = conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = :r"), {"r": app_role}).scalar()
        if superuser:
            log.warning("the app's database role %s is a superuser: it can still alter the audit log; "
                        "give the app a role of its own", app_role)
    finally:
        engine.dispose()


def _applied(database_url: str) -> set[str]:
    """Every revision up to the current head (the chain is linear)."""
    from alembic.script import ScriptDirectory

    heads = current_heads(database_url)
    if not heads:
        return set()
    script = ScriptDirectory.from_config(alembic_config(database_url))
    return {rev.revision for head in heads for rev in script.iterate_revisions(head, "base")}


def _compact(database_url: str) -> None:
    """Rewrite the database so replaced plain text does not linger in free pages or the WAL."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url, future=True, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.execute(text("VACUUM"))
                conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
            elif engine.dialect.name == "postgresql":
                tables = [t for t in ("conversations", "events") if engine.dialect.has_table(conn, t)]
                conn.execute(text(f"VACUUM FULL {', '.join(tables)}"))
        log.info("database compacted after encrypting what was stored in plain text")
    finally:
        engine.dispose()


def current_heads(database_url: str) -> set[str]:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(database_url, future=True)
    try:
        with engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()

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
    from bot.store.crypto import cipher_for

    if settings.database_url.startswith("sqlite"):
        Path(settings.database_url.split(":///", 1)[-1]).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    before = _applied(settings.database_url)
    command.upgrade(alembic_config(settings.database_url, cipher_for(settings)), revision)
    after = _applied(settings.database_url)
    if before and (after - before) & REWRITING_REVISIONS:
        _compact(settings.database_url)


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

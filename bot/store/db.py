"""The Store: one engine, one session factory and one cipher per process."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.store.crypto import Cipher, cipher_for


def make_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite"):
        path = database_url.split(":///", 1)[-1]
        if path and path != ":memory:":
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass  # reported on first use; a chat must still start and give help lines
        engine = create_engine(
            database_url, future=True, connect_args={"timeout": 15, "check_same_thread": False}
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            # WAL lets Rasa's tracker store, the action server and the bot app share one file.
            cur.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL is durable across application crashes and far cheaper per commit.
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=15000")
            # Deleted rows (an erasure, the retention job) are overwritten with zeros instead
            # of lingering in free pages of the file.
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        return engine
    return create_engine(database_url, future=True, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Store:
    def __init__(self, settings: Settings, engine: Engine | None = None, cipher: Cipher | None = None):
        self.settings = settings
        self.engine = engine or make_engine(settings.database_url)
        self.cipher = cipher or cipher_for(settings)
        # Every session carries the cipher, so repository functions can encrypt and hash
        # without each caller passing it (see bot.store.repo.cipher_of).
        self._sessions = sessionmaker(self.engine, future=True, expire_on_commit=False,
                                      info={"cipher": self.cipher})

    @contextmanager
    def session(self) -> Session:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()

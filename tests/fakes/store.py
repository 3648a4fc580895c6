"""A store for unit tests of the bot app's turn handlers, without a database.

Every query in a session answers with the same values: ``last`` for a single value (the bot's last
message, as :func:`bot.conversation.transcript.last_bot_text` reads it) and ``practices`` for rows
(the practice table, as :func:`bot.dialogue.practices.load` reads it). The cipher passes text
through. For SQL that must really run, use the ``store`` fixture (a migrated SQLite database).
"""

from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace


class FakeStore:
    def __init__(self, last: str | None = None, practices=()):
        self.last = last
        self.rows = [SimpleNamespace(code=p.code, name=p.name, municipality=p.municipality, address=p.address,
                                     worker_title=p.worker_title) for p in practices]
        self.cipher = SimpleNamespace(decrypt=lambda body: body)
        self.sessions = 0

    @contextmanager
    def session(self):
        self.sessions += 1
        yield SimpleNamespace(execute=lambda _query: SimpleNamespace(scalar=lambda: self.last,
                                                                      scalars=lambda: list(self.rows)))

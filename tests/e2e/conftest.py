"""Fixtures of the Telegram tests: our fake Bot API on loopback and one bot app polling it,
each started once per test module (a module's chats share them; another module gets its own)."""

from __future__ import annotations

import pytest

from tests.fakes.telegram_api import BotAppProcess, FakeTelegram


@pytest.fixture(scope="module")
def fake():
    f = FakeTelegram().start()
    yield f
    f.stop()


@pytest.fixture(scope="module")
def bot_app(stack, fake, tmp_path_factory, request):
    log = tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1]) / "bot-app.log"
    app = BotAppProcess(fake, stack.client_env(), log).start()
    yield app
    app.stop()

"""The Telegram channel in webhook mode: setWebhook with a secret, and a route that checks it.

The real bot app runs as a process; Telegram's side is our fake Bot API server, and the
updates are POSTed to the bot app as Telegram would, with the secret-token header.
"""

from __future__ import annotations

import random
import time

import httpx
import pytest

from tests.fakes.telegram_api import BotAppProcess, FakeTelegram

pytestmark = pytest.mark.stack

PATH = "/telegram/hook-test"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture(scope="module")
def webhook_app(stack, fake, tmp_path_factory):
    app = BotAppProcess(fake, stack.client_env(), tmp_path_factory.mktemp("tg-webhook") / "bot-app.log",
                        webhook_path=PATH).start()
    yield app
    app.stop()


def _update(fake: FakeTelegram, chat: int, text: str) -> dict:
    # Built by the fake (date in seconds, is_bot, bot_command entity); in webhook mode
    # Telegram pushes it, so the test POSTs it.
    return fake.text_update(chat, text)


def test_webhook_is_registered_with_a_secret_and_no_polling(webhook_app, fake):
    assert fake.webhook["url"] == f"{webhook_app.url}{PATH}"
    assert len(fake.webhook["secret_token"]) >= 32
    time.sleep(1)
    assert fake.calls_of("getUpdates") == [], "webhook mode never polls"


@pytest.mark.parametrize("secret", [None, "wrong-secret"])
def test_wrong_or_missing_secret_is_refused_and_not_processed(webhook_app, fake, secret):
    chat = random.randint(10**8, 10**9)
    headers = {HEADER: secret} if secret else {}
    resp = httpx.post(f"{webhook_app.url}{PATH}", json=_update(fake, chat, "/start LINDE"), headers=headers)
    assert resp.status_code == 403
    time.sleep(2)
    assert fake.sent(chat) == []


def test_right_secret_is_processed(webhook_app, fake):
    chat = random.randint(10**8, 10**9)
    update = _update(fake, chat, "/start LINDE")

    def post():
        resp = httpx.post(f"{webhook_app.url}{PATH}", json=update, headers={HEADER: fake.webhook["secret_token"]})
        assert resp.status_code == 200

    out = fake.exchange(chat, post, min_replies=2)
    assert "Huisartsenpraktijk De Linde" in out[0]["text"]
    assert out[-1]["text"] == "Voor wie schrijf je?"


def test_garbage_with_the_right_secret_is_a_400_and_the_app_stays_up(webhook_app, fake):
    resp = httpx.post(f"{webhook_app.url}{PATH}", content=b"not json",
                      headers={HEADER: fake.webhook["secret_token"]})
    assert resp.status_code == 400
    assert httpx.get(f"{webhook_app.url}/healthz").status_code == 200

"""How the Telegram front end mounts into the bot app (no network)."""

from __future__ import annotations

from bot.channels import telegram_app
from bot.channels.telegram import DEFAULT_WEBHOOK_PATH, TelegramChannel


def test_without_a_token_telegram_is_off_and_logged(settings, caplog):
    routes: list = []
    with caplog.at_level("INFO", logger="bot.telegram"):
        assert telegram_app.mount(settings, routes) is None
    assert routes == []
    assert "telegram: off" in caplog.text


def test_polling_mode_adds_no_route(settings):
    routes: list = []
    lifespan = telegram_app.mount(settings.with_overrides(telegram_token="1:A"), routes)
    assert callable(lifespan)
    assert routes == []


def test_webhook_mode_serves_the_path_of_the_webhook_url(settings):
    routes: list = []
    s = settings.with_overrides(telegram_token="1:A", telegram_webhook_url="https://x.example/tg/hook")
    telegram_app.mount(s, routes)
    assert [r.path for r in routes] == ["/tg/hook"]
    assert routes[0].methods == {"POST"}


def test_webhook_url_without_a_path_uses_the_default_path(settings):
    s = settings.with_overrides(telegram_token="1:A", telegram_webhook_url="https://x.example")
    assert TelegramChannel(s).webhook_path == DEFAULT_WEBHOOK_PATH


def test_webhook_secret_is_random_unless_configured(settings):
    s = settings.with_overrides(telegram_token="1:A", telegram_webhook_url="https://x.example")
    a, b = TelegramChannel(s).webhook_secret, TelegramChannel(s).webhook_secret
    assert a != b and len(a) >= 32
    fixed = s.with_overrides(telegram_webhook_secret="s3cret_-")
    assert TelegramChannel(fixed).webhook_secret == "s3cret_-"


def test_base_url_is_used_for_api_and_file_urls(settings):
    s = settings.with_overrides(telegram_token="1:A", telegram_base_url="http://127.0.0.1:9/")
    app = TelegramChannel(s).build()
    assert app.bot.base_url == "http://127.0.0.1:9/bot1:A"
    assert app.bot.base_file_url == "http://127.0.0.1:9/file/bot1:A"

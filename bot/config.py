"""One typed settings object, read from INTAKE_* environment variables.

Nothing is read at import time: call :func:`load_settings` (or ``Settings.from_env``) where
the settings are needed and pass them on. A bad value raises :class:`ConfigError` with a
message that names the variable and says what a good value looks like.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SUPPORTED_LANGUAGES = ("nl", "en")
# Languages with only the crisis card and the check-in translated (bot.safety.replies.CARD_MSGIDS):
# the first crisis reply speaks them, the conversation then goes on in Dutch or English.
CARD_ONLY_LANGUAGES = ("tr", "pl", "uk", "ar")

# Every environment variable the processes read (the deployment test checks that a deployment
# description uses no other INTAKE_* name).
ENVIRONMENT_VARIABLES = (
    "INTAKE_DATA_DIR", "INTAKE_DATABASE_URL", "INTAKE_DATABASE_ADMIN_URL", "INTAKE_ENV", "INTAKE_SECRET_KEY", "INTAKE_LOG_LEVEL",
    "INTAKE_DEFAULT_LANGUAGE", "INTAKE_RASA_URL", "INTAKE_RASA_HOST", "INTAKE_RASA_PORT", "INTAKE_RASA_TOKEN",
    "INTAKE_RASA_TIMEOUT", "INTAKE_RASA_STARTUP_TIMEOUT", "INTAKE_ACTION_HOST", "INTAKE_ACTION_PORT",
    "INTAKE_ACTION_URL", "INTAKE_NLG_URL", "INTAKE_WEB_HOST", "INTAKE_WEB_PORT", "INTAKE_REDIS_URL",
    "INTAKE_TELEGRAM_TOKEN", "INTAKE_TELEGRAM_BASE_URL", "INTAKE_TELEGRAM_BOT_USERNAME",
    "INTAKE_TELEGRAM_WEBHOOK_URL", "INTAKE_TELEGRAM_WEBHOOK_SECRET", "INTAKE_STAFF_ALERT_CHAT",
    "INTAKE_STAFF_PASSWORD", "INTAKE_SLOTS",
)
# Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - as a webhook secret token.
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{16,256}$")


class ConfigError(ValueError):
    """A configuration value is missing or malformed; the message is meant for operators."""


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a port number; use a number such as {default}.") from None
    if not 1 <= value <= 65535:
        raise ConfigError(f"{name}={value} is out of range; a port is between 1 and 65535.")
    return value


def _http_url(env: Mapping[str, str], name: str, default: str | None) -> str | None:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name}={raw!r} is not an http(s) URL, e.g. {default or 'https://example.org'}.")
    return raw.rstrip("/")


def _rasa_urls(env: Mapping[str, str]) -> tuple[str, ...]:
    """INTAKE_RASA_URL: one Rasa server, or several separated by commas (each conversation
    goes to one of them, and to the next when that one is down)."""
    raw = env.get("INTAKE_RASA_URL", "").strip()
    urls = []
    for part in (p.strip() for p in raw.split(",")):
        if part:
            urls.append(_http_url({"INTAKE_RASA_URL": part}, "INTAKE_RASA_URL", None))
    return tuple(urls)


def _redis_url(env: Mapping[str, str]) -> str | None:
    raw = env.get("INTAKE_REDIS_URL", "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ConfigError(f"INTAKE_REDIS_URL must look like redis://host:6379/0, got scheme {parts.scheme!r}.")
    return raw


def _database_url(env: Mapping[str, str], data_dir: Path) -> str:
    raw = env.get("INTAKE_DATABASE_URL", "").strip()
    if not raw:
        return f"sqlite:///{data_dir / 'intake.db'}"
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if not (scheme.startswith("sqlite") or scheme.startswith("postgresql")):
        raise ConfigError(
            f"INTAKE_DATABASE_URL must start with sqlite:/// or postgresql://, got scheme {scheme!r}."
        )
    return raw


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    rasa_url: str
    rasa_url_explicit: bool
    web_host: str
    web_port: int
    action_port: int
    # PostgreSQL only: a role that owns the tables, for migrations; the app itself then runs as
    # the role in database_url, which may read and write data but not alter tables or the
    # audit log (see bot.store.migrate.grant_app_role).
    database_admin_url: str | None = field(default=None, repr=False)
    telegram_token: str | None = None
    telegram_base_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_bot_username: str = "JeugdintakeBot"
    staff_alert_chat: str | None = None
    staff_password: str | None = field(default=None, repr=False)
    secret_key: str | None = field(default=None, repr=False)
    default_language: str = "nl"
    project_root: Path = PROJECT_ROOT
    rasa_timeout: float = 20.0
    environment: str = "development"
    # Several instances: shared state (per-chat order, flood limits, button presses) and
    # Rasa's lock store in Redis. Unset: all of it in this process (one instance).
    redis_url: str | None = field(default=None, repr=False)
    # Every Rasa server the bot app may use (INTAKE_RASA_URL, comma-separated); rasa_url is the first.
    rasa_urls: tuple[str, ...] = ()
    # Where Rasa finds the action server and the NLG endpoint when they run elsewhere.
    action_url_override: str | None = None
    nlg_url_override: str | None = None
    # The interfaces `intake run --only rasa|actions` listen on (127.0.0.1 on one machine).
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_host: str = "127.0.0.1"

    # Paths derived from the project root; kept here so every process agrees on them.
    @property
    def nlu_dir(self) -> Path:
        return self.project_root / "nlu_data"

    @property
    def models_dir(self) -> Path:
        return self.project_root / "models"

    @property
    def locales_dir(self) -> Path:
        return self.project_root / "locales"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "log"

    @property
    def rasa_host_port(self) -> tuple[str, int]:
        parts = urlsplit(self.rasa_url)
        return parts.hostname or "127.0.0.1", parts.port or 5005

    @property
    def action_url(self) -> str:
        return self.action_url_override or f"http://127.0.0.1:{self.action_port}/webhook"

    @property
    def nlg_url(self) -> str:
        return self.nlg_url_override or f"{self.web_url}/nlg"

    @property
    def shared_state(self) -> bool:
        """True when several instances share state through Redis."""
        return self.redis_url is not None

    @property
    def telegram_mode(self) -> str:
        """'webhook', 'polling' or 'off', and (see telegram_mode_reason) why."""
        if not self.telegram_token:
            return "off"
        return "webhook" if self.telegram_webhook_url else "polling"

    @property
    def telegram_mode_reason(self) -> str:
        mode = self.telegram_mode
        if mode == "off":
            return "INTAKE_TELEGRAM_TOKEN is not set"
        if mode == "webhook":
            several = " shared by every instance (INTAKE_REDIS_URL set)" if self.shared_state else ""
            secret = "a fixed secret" if self.telegram_webhook_secret else "a secret made up at start"
            return f"INTAKE_TELEGRAM_WEBHOOK_URL is set; {secret}{several}"
        return "INTAKE_TELEGRAM_WEBHOOK_URL is not set and this is the only instance (no INTAKE_REDIS_URL)"

    @property
    def web_url(self) -> str:
        host = "127.0.0.1" if self.web_host in ("0.0.0.0", "") else self.web_host
        return f"http://{host}:{self.web_port}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("INTAKE_DATA_DIR", "").strip() or PROJECT_ROOT / "var").resolve()
        rasa_urls = _rasa_urls(env)
        rasa_url = rasa_urls[0] if rasa_urls else None
        # The port of the Rasa server that `intake run` starts itself (INTAKE_RASA_URL unset).
        rasa_port = _port(env, "INTAKE_RASA_PORT", 5005)
        language = env.get("INTAKE_DEFAULT_LANGUAGE", "nl").strip() or "nl"
        if language not in SUPPORTED_LANGUAGES:
            raise ConfigError(
                f"INTAKE_DEFAULT_LANGUAGE={language!r} is not supported; use one of {', '.join(SUPPORTED_LANGUAGES)}."
            )
        environment = env.get("INTAKE_ENV", "development").strip() or "development"
        if environment not in ("development", "production", "test"):
            raise ConfigError("INTAKE_ENV must be development, production or test.")
        secret_key = env.get("INTAKE_SECRET_KEY", "").strip() or None
        if environment == "production":
            from bot.store.crypto import production_key_problem

            problem = production_key_problem(secret_key)
            if problem:
                raise ConfigError(problem)
        timeout_raw = env.get("INTAKE_RASA_TIMEOUT", "").strip()
        try:
            rasa_timeout = float(timeout_raw) if timeout_raw else 20.0
        except ValueError:
            raise ConfigError(f"INTAKE_RASA_TIMEOUT={timeout_raw!r} is not a number of seconds.") from None
        token = env.get("INTAKE_TELEGRAM_TOKEN", "").strip() or None
        if token is not None and ":" not in token:
            raise ConfigError(
                "INTAKE_TELEGRAM_TOKEN does not look like a BotFather token (digits, a colon, then letters)."
            )
        database_url = _database_url(env, data_dir)
        admin_url = env.get("INTAKE_DATABASE_ADMIN_URL", "").strip() or None
        if admin_url is not None and not (admin_url.startswith("postgresql") and database_url.startswith("postgresql")):
            raise ConfigError("INTAKE_DATABASE_ADMIN_URL is for PostgreSQL: set it and INTAKE_DATABASE_URL to "
                              "postgresql:// URLs of the same database (the owner's role and the app's role).")
        redis_url = _redis_url(env)
        webhook_url = _http_url(env, "INTAKE_TELEGRAM_WEBHOOK_URL", None)
        webhook_secret = env.get("INTAKE_TELEGRAM_WEBHOOK_SECRET", "").strip() or None
        if webhook_secret is not None and not _WEBHOOK_SECRET.match(webhook_secret):
            raise ConfigError("INTAKE_TELEGRAM_WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and -.")
        if redis_url and token:
            # Several instances: Telegram long polling allows one poller per bot, and a secret
            # made up by each instance would make the others answer Telegram with 403.
            if not webhook_url:
                raise ConfigError(
                    "INTAKE_REDIS_URL is set (several instances), so Telegram must use a webhook: set "
                    "INTAKE_TELEGRAM_WEBHOOK_URL to the load balancer's https address (polling is refused: "
                    "Telegram lets only one process poll a bot)."
                )
            if not webhook_secret:
                raise ConfigError(
                    "INTAKE_REDIS_URL is set (several instances), so INTAKE_TELEGRAM_WEBHOOK_SECRET must be set "
                    "to the same value on every instance (e.g. `python -c 'import secrets; "
                    "print(secrets.token_urlsafe(32))'`)."
                )
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            database_admin_url=admin_url,
            rasa_url=rasa_url or f"http://127.0.0.1:{rasa_port}",
            rasa_url_explicit=rasa_url is not None,
            web_host=env.get("INTAKE_WEB_HOST", "127.0.0.1").strip() or "127.0.0.1",
            web_port=_port(env, "INTAKE_WEB_PORT", 8080),
            action_port=_port(env, "INTAKE_ACTION_PORT", 5055),
            telegram_token=token,
            telegram_base_url=_http_url(env, "INTAKE_TELEGRAM_BASE_URL", None),
            telegram_webhook_url=webhook_url,
            telegram_webhook_secret=webhook_secret,
            telegram_bot_username=env.get("INTAKE_TELEGRAM_BOT_USERNAME", "").strip() or "JeugdintakeBot",
            staff_alert_chat=env.get("INTAKE_STAFF_ALERT_CHAT", "").strip() or None,
            staff_password=env.get("INTAKE_STAFF_PASSWORD") or None,
            secret_key=secret_key,
            default_language=language,
            rasa_timeout=rasa_timeout,
            environment=environment,
            redis_url=redis_url,
            rasa_urls=rasa_urls or (f"http://127.0.0.1:{rasa_port}",),
            action_url_override=_http_url(env, "INTAKE_ACTION_URL", None),
            nlg_url_override=_http_url(env, "INTAKE_NLG_URL", None),
            rasa_host=env.get("INTAKE_RASA_HOST", "").strip() or "127.0.0.1",
            rasa_port=rasa_port,
            action_host=env.get("INTAKE_ACTION_HOST", "").strip() or "127.0.0.1",
        )

    def with_overrides(self, **changes) -> Settings:
        return replace(self, **changes)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    return Settings.from_env(env)

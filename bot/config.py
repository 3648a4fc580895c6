"""One typed settings object, read from INTAKE_* environment variables.

Nothing is read at import time: call :func:`load_settings` (or ``Settings.from_env``) where
the settings are needed and pass them on. A bad value raises :class:`ConfigError` with a
message that names the variable and says what a good value looks like.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SUPPORTED_LANGUAGES = ("nl", "en")
# Languages with only the crisis card and the check-in translated (bot.safety.replies.CARD_MSGIDS):
# the first crisis reply speaks them, the conversation then goes on in Dutch or English.
CARD_ONLY_LANGUAGES = ("tr", "pl", "uk", "ar")


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
        return f"http://127.0.0.1:{self.action_port}/webhook"

    @property
    def web_url(self) -> str:
        host = "127.0.0.1" if self.web_host in ("0.0.0.0", "") else self.web_host
        return f"http://{host}:{self.web_port}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("INTAKE_DATA_DIR", "").strip() or PROJECT_ROOT / "var").resolve()
        rasa_url = _http_url(env, "INTAKE_RASA_URL", None)
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
            telegram_webhook_url=_http_url(env, "INTAKE_TELEGRAM_WEBHOOK_URL", None),
            telegram_webhook_secret=env.get("INTAKE_TELEGRAM_WEBHOOK_SECRET", "").strip() or None,
            telegram_bot_username=env.get("INTAKE_TELEGRAM_BOT_USERNAME", "").strip() or "JeugdintakeBot",
            staff_alert_chat=env.get("INTAKE_STAFF_ALERT_CHAT", "").strip() or None,
            staff_password=env.get("INTAKE_STAFF_PASSWORD") or None,
            secret_key=secret_key,
            default_language=language,
            rasa_timeout=rasa_timeout,
            environment=environment,
        )

    def with_overrides(self, **changes) -> Settings:
        return replace(self, **changes)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    return Settings.from_env(env)

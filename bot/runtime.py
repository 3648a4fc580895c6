"""Files and environments that the child processes need, generated from Settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml
from sqlalchemy.engine import make_url

from bot.config import Settings

MODEL_NAME = "intake"


def model_path(settings: Settings) -> Path:
    return settings.models_dir / f"{MODEL_NAME}.tar.gz"


TRACKER_STORE_CLASS = "bot.privacy.tracker_store.EncryptedSQLTrackerStore"


def tracker_store_config(database_url: str) -> dict:
    """Rasa's SQL tracker store on the same database as the app, every event encrypted."""
    url = make_url(database_url)
    if url.drivername.startswith("sqlite"):
        return {"type": TRACKER_STORE_CLASS, "dialect": "sqlite", "db": str(Path(url.database).resolve())}
    cfg = {
        "type": TRACKER_STORE_CLASS,
        "dialect": url.drivername,
        # Rasa passes a custom store's `url` as its `host` argument.
        "url": url.host or "127.0.0.1",
        "db": url.database,
        "username": url.username,
        "password": url.password,
    }
    if url.port:
        cfg["port"] = url.port
    return cfg


def lock_store_config(redis_url: str) -> dict:
    """Rasa's own RedisLockStore: several Rasa servers then take turns per conversation."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(redis_url)
    cfg = {"type": "redis", "url": parts.hostname, "port": parts.port or 6379,
           "db": int(parts.path.lstrip("/") or 0), "key_prefix": "intake"}
    if parts.username:
        cfg["username"] = unquote(parts.username)
    if parts.password:
        cfg["password"] = unquote(parts.password)
    if parts.scheme == "rediss":
        cfg["use_ssl"] = True
    return cfg


def rasa_api_token_path(settings: Settings) -> Path:
    return settings.data_dir / "rasa" / "api-token"


def rasa_api_token(settings: Settings, *, create: bool = False) -> str | None:
    """The token of Rasa's HTTP API (tracker events), shared through the data folder.

    `intake run` starts Rasa with ``--enable-api --auth-token`` on loopback; the bot process
    uses the API to put one conversation's dialogue state back on its feet after a failure
    (bot.dialogue.recovery). ``INTAKE_RASA_TOKEN`` names the token of a Rasa started elsewhere.
    """
    import secrets

    explicit = os.environ.get("INTAKE_RASA_TOKEN", "").strip()
    if explicit:
        return explicit
    path = rasa_api_token_path(settings)
    if path.exists():
        return path.read_text().strip() or None
    if not create:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(token)
    return token


def write_rasa_files(settings: Settings) -> tuple[Path, Path]:
    """Write endpoints.yml and credentials.yml for the Rasa server into the data dir."""
    run_dir = settings.data_dir / "rasa"
    run_dir.mkdir(parents=True, exist_ok=True)
    endpoints = {
        "action_endpoint": {"url": settings.action_url},
        "nlg": {"url": settings.nlg_url},
        "tracker_store": tracker_store_config(settings.database_url),
    }
    if settings.redis_url:
        endpoints["lock_store"] = lock_store_config(settings.redis_url)
    endpoints_path = run_dir / "endpoints.yml"
    endpoints_path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    os.chmod(endpoints_path, 0o600)  # may hold a database or Redis password
    credentials_path = run_dir / "credentials.yml"
    credentials_path.write_text(yaml.safe_dump({"rest": None}))
    return endpoints_path, credentials_path


# What a child may inherit from the operator's environment: how to run Python and find its
# libraries, locale and time zone, proxies and certificates, and the tools' own switches.
# Anything else (cloud credentials, unrelated tokens) stays with the operator's shell.
_INHERITED = frozenset({
    "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TMPDIR", "VIRTUAL_ENV",
    "LD_LIBRARY_PATH", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CI",
    "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
})
_INHERITED_PREFIXES = ("LC_", "PYTHON", "PYENV", "RASA_", "TF_", "OMP_", "SQLALCHEMY_", "COVERAGE_")
# INTAKE_* variables that are secrets, and the children that need each. Every other INTAKE_*
# variable is plain configuration and goes to every child. INTAKE_STAFF_PASSWORD is for the
# `intake staff` command only. Rasa reads its database from the generated endpoints.yml.
SECRETS_FOR = {
    "INTAKE_SECRET_KEY": {"rasa", "actions", "web"},
    "INTAKE_DATABASE_URL": {"actions", "web"},
    "INTAKE_DATABASE_ADMIN_URL": set(),  # migrations run in `intake run` itself, before the children
    "INTAKE_TELEGRAM_TOKEN": {"web"},
    "INTAKE_TELEGRAM_WEBHOOK_SECRET": {"web"},
    # Rasa reads its lock store from the generated endpoints.yml.
    "INTAKE_REDIS_URL": {"web"},
    "INTAKE_STAFF_PASSWORD": set(),
}
CHILDREN = ("rasa", "actions", "web", "train")


def child_env(settings: Settings, child: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for one child process: only what that child needs."""
    if child not in CHILDREN:
        raise ValueError(f"unknown child {child!r}")
    env = {
        k: v for k, v in os.environ.items()
        if k in _INHERITED or k.startswith(_INHERITED_PREFIXES)
        or (k.startswith("INTAKE_") and child in SECRETS_FOR.get(k, CHILDREN))
    }
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONUNBUFFERED": "1",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "SANIC_HOST": "127.0.0.1",
            "INTAKE_DATA_DIR": str(settings.data_dir),
            "INTAKE_ENV": settings.environment,
            "INTAKE_WEB_PORT": str(settings.web_port),
            "INTAKE_ACTION_PORT": str(settings.action_port),
        }
    )
    if child in SECRETS_FOR["INTAKE_DATABASE_URL"]:
        env["INTAKE_DATABASE_URL"] = settings.database_url
    if settings.secret_key and child in SECRETS_FOR["INTAKE_SECRET_KEY"]:
        env["INTAKE_SECRET_KEY"] = settings.secret_key
    if extra:
        env.update(extra)
    return env


def python() -> str:
    return sys.executable

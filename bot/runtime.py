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


def tracker_store_config(database_url: str) -> dict:
    """Rasa's SQL tracker store on the same database as the app."""
    url = make_url(database_url)
    if url.drivername.startswith("sqlite"):
        return {"type": "SQL", "dialect": "sqlite", "db": str(Path(url.database).resolve())}
    cfg = {
        "type": "SQL",
        "dialect": url.drivername,
        "host": url.host or "127.0.0.1",
        "db": url.database,
        "username": url.username,
        "password": url.password,
    }
    if url.port:
        cfg["port"] = url.port
    return cfg


def write_rasa_files(settings: Settings) -> tuple[Path, Path]:
    """Write endpoints.yml and credentials.yml for the Rasa server into the data dir."""
    run_dir = settings.data_dir / "rasa"
    run_dir.mkdir(parents=True, exist_ok=True)
    endpoints = {
        "action_endpoint": {"url": settings.action_url},
        "nlg": {"url": f"{settings.web_url}/nlg"},
        "tracker_store": tracker_store_config(settings.database_url),
    }
    endpoints_path = run_dir / "endpoints.yml"
    endpoints_path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    os.chmod(endpoints_path, 0o600)  # may hold a database password
    credentials_path = run_dir / "credentials.yml"
    credentials_path.write_text(yaml.safe_dump({"rest": None}))
    return endpoints_path, credentials_path


def child_env(settings: Settings, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONUNBUFFERED": "1",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "SANIC_HOST": "127.0.0.1",
            "INTAKE_DATA_DIR": str(settings.data_dir),
            "INTAKE_DATABASE_URL": settings.database_url,
            "INTAKE_WEB_PORT": str(settings.web_port),
            "INTAKE_ACTION_PORT": str(settings.action_port),
        }
    )
    if extra:
        env.update(extra)
    return env


def python() -> str:
    return sys.executable

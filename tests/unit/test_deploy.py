"""deploy/compose.yaml matches the CLI and the settings (docker cannot run here: this checks
the description, not a running installation)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from bot.config import ENVIRONMENT_VARIABLES, ConfigError, Settings
from bot.store.crypto import generate_key

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
PLACEHOLDERS = {
    "POSTGRES_PASSWORD": "pw", "APP_DB_PASSWORD": "apw", "INTAKE_SECRET_KEY": generate_key(), "INTAKE_TELEGRAM_TOKEN": "123:ABC",
    "DOMAIN": "bot.example.org", "INTAKE_TELEGRAM_WEBHOOK_SECRET": "s" * 32, "INTAKE_STAFF_ALERT_CHAT": "-100",
}


def _interpolate(value: str) -> str:
    """Compose's ${VAR}, ${VAR:?message} and ${VAR:-default}, with the example's values."""
    def one(m):
        name, rest = m.group(1), m.group(2) or ""
        assert name in PLACEHOLDERS, f"{name} is used but not in deploy/intake.env.example"
        return PLACEHOLDERS[name] if not rest.startswith(":-") else PLACEHOLDERS.get(name, rest[2:])
    return re.sub(r"\$\{([A-Z_]+)(:[?-][^}]*)?\}", one, value)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def intake_services(compose) -> dict[str, dict]:
    return {name: svc for name, svc in compose["services"].items() if svc.get("command", [""])[0] == "intake"}


def _env(svc: dict) -> dict[str, str]:
    return {k: _interpolate(str(v)) for k, v in (svc.get("environment") or {}).items()}


def _role(svc: dict) -> str | None:
    cmd = svc["command"]
    return cmd[cmd.index("--only") + 1] if "--only" in cmd else None


def test_two_of_every_process_plus_database_redis_proxy_and_migrations(compose, intake_services):
    roles = sorted(r for r in map(_role, intake_services.values()) if r)
    assert roles == ["actions", "actions", "rasa", "rasa", "web", "web"]
    assert {"postgres", "redis", "proxy", "migrate"} <= set(compose["services"])
    assert compose["services"]["migrate"]["command"] == ["intake", "db", "upgrade"]
    for name, svc in intake_services.items():
        if name != "migrate":
            assert svc["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name


def test_every_command_is_one_the_cli_accepts(intake_services):
    from bot.cli import build_parser

    parser = build_parser()
    for name, svc in intake_services.items():
        args = parser.parse_args(svc["command"][1:])
        assert args.command in ("run", "db"), name


def test_every_variable_exists_and_every_process_gets_valid_settings(tmp_path, intake_services):
    for name, svc in intake_services.items():
        env = _env(svc)
        unknown = [k for k in env if k.startswith("INTAKE_") and k not in ENVIRONMENT_VARIABLES]
        assert unknown == [], f"{name} uses variables the settings do not read: {unknown}"
        env["INTAKE_DATA_DIR"] = str(tmp_path)
        try:
            settings = Settings.from_env(env)
        except ConfigError as exc:
            pytest.fail(f"{name}: {exc}")
        assert settings.environment == "production"
        assert urlsplit(settings.database_url).hostname == "postgres"
        assert urlsplit(settings.database_url).username == "intake_app", "the app's role, not the owner"
        assert (settings.database_admin_url is not None) == (name == "migrate"), name
        assert settings.redis_url and urlsplit(settings.redis_url).hostname == "redis"


def test_the_variables_list_is_what_the_code_reads():
    root = Path(__file__).resolve().parents[2]
    read = set()
    for path in list((root / "bot").rglob("*.py")) + list((root / "actions").rglob("*.py")):
        read |= set(re.findall(r"\"(INTAKE_[A-Z_]+)\"", path.read_text()))
    assert read - set(ENVIRONMENT_VARIABLES) == set(), "add them to bot.config.ENVIRONMENT_VARIABLES"


def test_bot_apps_use_a_webhook_with_a_fixed_secret_and_both_rasa_servers(tmp_path, intake_services):
    rasa_addresses = {f"http://{name}:{_env(svc)['INTAKE_RASA_PORT']}"
                      for name, svc in intake_services.items() if _role(svc) == "rasa"}
    for name, svc in intake_services.items():
        if _role(svc) != "web":
            continue
        settings = Settings.from_env({**_env(svc), "INTAKE_DATA_DIR": str(tmp_path)})
        assert settings.telegram_mode == "webhook" and settings.telegram_webhook_secret
        assert set(settings.rasa_urls) == rasa_addresses, name
        assert urlsplit(settings.telegram_webhook_url).path == "/telegram/webhook"
        assert settings.web_host == "0.0.0.0"


def _caddy_sites() -> dict[str, list[str]]:
    text = (DEPLOY / "Caddyfile").read_text()
    sites = {}
    for m in re.finditer(r"^(\S+) \{\n(.*?)^\}", text, re.S | re.M):
        upstreams = re.search(r"reverse_proxy ([^{\n]+)", m.group(2)).group(1).split()
        sites[m.group(1)] = upstreams
    return sites


def test_the_proxy_reaches_each_role_on_the_port_it_listens_on(intake_services):
    sites = _caddy_sites()
    ports = {}
    for name, svc in intake_services.items():
        env, role = _env(svc), _role(svc)
        if role == "web":
            ports[name] = env["INTAKE_WEB_PORT"]
        elif role == "actions":
            ports[name] = env["INTAKE_ACTION_PORT"]
    webs = sorted(f"{n}:{p}" for n, p in ports.items() if _role(intake_services[n]) == "web")
    actions = sorted(f"{n}:{p}" for n, p in ports.items() if _role(intake_services[n]) == "actions")
    assert sorted(sites["{$DOMAIN}"]) == webs
    for svc in intake_services.values():
        if _role(svc) != "rasa":
            continue
        env = _env(svc)
        action, nlg = urlsplit(env["INTAKE_ACTION_URL"]), urlsplit(env["INTAKE_NLG_URL"])
        assert action.hostname == nlg.hostname == "proxy"
        assert sorted(sites[f":{action.port}"]) == actions and action.path == "/webhook"
        assert sorted(sites[f":{nlg.port}"]) == webs and nlg.path == "/nlg"


def test_health_checks_use_endpoints_the_processes_serve(settings, intake_services):
    from bot.web.app import create_app

    app = create_app(settings)
    web_paths = {r.path for r in app.routes}
    assert {"/healthz", "/readyz", "/nlg", "/telegram/webhook"} - web_paths <= {"/telegram/webhook"}
    expected = {"web": web_paths, "rasa": {"/"}, "actions": {"/health"}}  # rasa run / rasa_sdk
    for name, svc in intake_services.items():
        role = _role(svc)
        if role is None:
            continue
        url = re.search(r"https?://[^'\"]+", " ".join(svc["healthcheck"]["test"])).group(0)
        parts = urlsplit(url)
        assert parts.path in expected[role], (name, url)
        port = {"web": "INTAKE_WEB_PORT", "rasa": "INTAKE_RASA_PORT", "actions": "INTAKE_ACTION_PORT"}[role]
        assert str(parts.port) == _env(svc)[port], name
    caddy = (DEPLOY / "Caddyfile").read_text()
    assert "health_uri /readyz" in caddy and "health_uri /health" in caddy


def test_the_image_runs_the_intake_command_and_trains_when_it_is_built():
    docker = (DEPLOY / "Dockerfile").read_text()
    assert "intake train" in docker and "pip check" in docker and 'CMD ["intake"' in docker
    example = (DEPLOY / "intake.env.example").read_text()
    assert set(re.findall(r"^([A-Z_]+)=", example, re.M)) == set(PLACEHOLDERS)

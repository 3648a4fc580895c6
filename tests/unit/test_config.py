"""Configuration: defaults, validation with operator-readable messages, no import-time work."""

import pytest

from bot.config import ConfigError, Settings


def test_defaults_use_sqlite_under_the_data_dir_and_the_documented_ports(tmp_path):
    s = Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path)})
    assert s.database_url == f"sqlite:///{tmp_path / 'intake.db'}"
    assert s.rasa_url == "http://127.0.0.1:5005"
    assert s.rasa_url_explicit is False
    assert s.web_port == 8080
    assert s.telegram_token is None


def test_explicit_rasa_url_means_use_that_server(tmp_path):
    s = Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_RASA_URL": "http://10.0.0.5:5005/"})
    assert s.rasa_url == "http://10.0.0.5:5005"
    assert s.rasa_url_explicit is True
    assert s.rasa_host_port == ("10.0.0.5", 5005)


def test_rasa_port_moves_the_started_server_without_making_it_external(tmp_path):
    s = Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_RASA_PORT": "6005"})
    assert s.rasa_url == "http://127.0.0.1:6005"
    assert s.rasa_url_explicit is False


@pytest.mark.parametrize(
    "env, fragment",
    [
        ({"INTAKE_WEB_PORT": "eighty"}, "INTAKE_WEB_PORT"),
        ({"INTAKE_WEB_PORT": "70000"}, "between 1 and 65535"),
        ({"INTAKE_RASA_URL": "localhost:5005"}, "INTAKE_RASA_URL"),
        ({"INTAKE_DATABASE_URL": "mysql://x/y"}, "INTAKE_DATABASE_URL"),
        ({"INTAKE_TELEGRAM_TOKEN": "nonsense"}, "BotFather"),
        ({"INTAKE_DEFAULT_LANGUAGE": "fr"}, "INTAKE_DEFAULT_LANGUAGE"),
        ({"INTAKE_ENV": "production"}, "INTAKE_SECRET_KEY"),
    ],
)
def test_bad_values_are_refused_with_a_message_naming_the_variable(tmp_path, env, fragment):
    with pytest.raises(ConfigError) as err:
        Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path), **env})
    assert fragment in str(err.value)


def test_bad_configuration_exits_with_a_clear_message_not_a_traceback(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    intake = str(Path(sys.executable).parent / "intake")
    result = subprocess.run([intake, "practices", "--json"], capture_output=True, text=True,
                            env={"INTAKE_WEB_PORT": "abc", "INTAKE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert "configuration error" in result.stderr and "INTAKE_WEB_PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_importing_the_package_does_no_work(monkeypatch):
    import importlib
    import sys

    for name in [m for m in sys.modules if m == "bot" or m.startswith("bot.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setenv("INTAKE_WEB_PORT", "not-a-port")  # would raise if read at import time
    for module in ("bot.config", "bot.conversation", "bot.web.app", "bot.cli", "bot.store.db", "bot.supervisor"):
        importlib.import_module(module)

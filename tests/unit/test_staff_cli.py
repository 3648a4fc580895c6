"""`intake staff add` and `intake audit --json`, as an operator runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyotp

from tests.support.stack import ROOT, base_env

INTAKE = str(Path(sys.executable).parent / "intake")


def _run(args, env, stdin=""):
    return subprocess.run([INTAKE, *args], env=env, input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_staff_add_prints_the_totp_secret_and_audit_lists_it(tmp_path):
    env = base_env(tmp_path, INTAKE_STAFF_PASSWORD="een-heel-lang-wachtwoord")
    assert _run(["db", "upgrade"], env).returncode == 0
    assert _run(["db", "seed", "--demo"], env).returncode == 0
    r = _run(["staff", "add", "--email", "Sanne@DeLinde.example", "--practice", "linde", "--role", "worker",
              "--json"], env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"email", "totp_secret"} and out["email"] == "sanne@delinde.example"
    assert len(pyotp.TOTP(out["totp_secret"]).now()) == 6
    # The same e-mail twice is an operator error, not a crash.
    again = _run(["staff", "add", "--email", "sanne@delinde.example", "--practice", "LINDE", "--role", "worker"], env)
    assert again.returncode == 2 and "already exists" in again.stderr
    audit = _run(["audit", "--json"], env)
    assert audit.returncode == 0
    rows = json.loads(audit.stdout)
    assert rows[0]["action"] == "account_create" and "sanne@delinde.example" in rows[0]["detail"]
    assert {"at", "user", "on_behalf_of", "action", "object_type", "object_id", "reference"} <= set(rows[0])


def test_staff_add_without_a_password_and_without_a_terminal_refuses(tmp_path):
    env = base_env(tmp_path)
    assert _run(["db", "upgrade"], env).returncode == 0
    assert _run(["db", "seed", "--demo"], env).returncode == 0
    r = _run(["staff", "add", "--email", "a@delinde.example", "--practice", "LINDE", "--role", "admin"], env)
    assert r.returncode == 2 and "INTAKE_STAFF_PASSWORD" in r.stderr

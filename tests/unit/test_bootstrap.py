"""The bootstrap finds Python 3.10 by itself and says what to install when there is none."""

import subprocess

from bot.config import PROJECT_ROOT

SCRIPT = str(PROJECT_ROOT / "scripts" / "find-python.sh")


def test_finds_a_working_python_310():
    out = subprocess.run(["bash", SCRIPT], capture_output=True, text=True, check=True).stdout.strip()
    version = subprocess.run([out, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True).stdout
    assert version.strip() == "(3, 10)"


def test_without_any_python_310_it_says_what_to_install(tmp_path):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    # A python3.10 "shim" that fails, like pyenv's without PYENV_VERSION.
    shim = fake_bin / "python3.10"
    shim.write_text("#!/bin/sh\necho 'pyenv: python3.10: command not found' >&2\nexit 127\n")
    shim.chmod(0o755)
    for tool in ("bash", "ls", "sort", "cat"):
        real = subprocess.run(["bash", "-c", f"command -v {tool}"], capture_output=True, text=True).stdout.strip()
        (fake_bin / tool).symlink_to(real)
    result = subprocess.run([str(fake_bin / "bash"), SCRIPT], capture_output=True, text=True,
                            env={"PATH": str(fake_bin), "HOME": str(tmp_path)})
    assert result.returncode == 1
    assert "Python 3.10 is needed" in result.stderr
    assert "pyenv install 3.10" in result.stderr and "INTAKE_PYTHON" in result.stderr


def test_intake_python_overrides_the_search():
    found = subprocess.run(["bash", SCRIPT], capture_output=True, text=True, check=True).stdout.strip()
    out = subprocess.run(["bash", SCRIPT], capture_output=True, text=True, check=True,
                         env={"INTAKE_PYTHON": found, "PATH": "/usr/bin:/bin"}).stdout.strip()
    assert out == found

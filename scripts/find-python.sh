#!/usr/bin/env bash
# Print the path of a working Python 3.10 interpreter (Rasa 3.6 needs 3.8–3.10; we use 3.10).
# Order: $INTAKE_PYTHON, python3.10 on PATH, pyenv's newest 3.10. Exits 1 with advice if none.
set -u

works() { "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

if [ -n "${INTAKE_PYTHON:-}" ] && works "$INTAKE_PYTHON"; then echo "$INTAKE_PYTHON"; exit 0; fi

# The pyenv shim for python3.10 exists but fails unless PYENV_VERSION is set, so test it.
if command -v python3.10 >/dev/null 2>&1 && works "$(command -v python3.10)"; then
  command -v python3.10; exit 0
fi

if command -v pyenv >/dev/null 2>&1; then
  root="$(pyenv root)"
  for candidate in $(ls -d "$root"/versions/3.10.* 2>/dev/null | sort -V -r); do
    if works "$candidate/bin/python"; then echo "$candidate/bin/python"; exit 0; fi
  done
fi

cat >&2 <<'MSG'
Python 3.10 is needed (Rasa Open Source 3.6 runs on Python 3.8–3.10) and none was found.
Install it with one of:
  pyenv install 3.10            (then run make again)
  sudo apt-get install python3.10 python3.10-venv
or point INTAKE_PYTHON at a Python 3.10 interpreter.
MSG
exit 1

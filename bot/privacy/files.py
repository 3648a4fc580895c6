"""The data folder holds the database, logs and generated files: only its owner may read it.

Processes of the app run with umask 077, so whatever they create is 0600 (files) or 0700
(folders); :func:`secure_data_dir` also tightens what an older version left more open.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("bot.privacy.files")

# Never tighten these, even when INTAKE_DATA_DIR points at one by mistake.
_SHARED = {Path("/"), Path("/tmp"), Path("/var/tmp"), Path("/var"), Path("/home"), Path.home()}


def restrict_umask() -> None:
    os.umask(0o077)


def secure_data_dir(data_dir: Path) -> int:
    """Create the folder 0700 and set every file of ours in it to 0600; returns files changed."""
    data_dir = Path(data_dir)
    if data_dir.resolve() in _SHARED:
        log.warning("INTAKE_DATA_DIR=%s is a shared folder; give the app a folder of its own", data_dir)
        return 0
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    changed = 0
    uid = os.getuid()
    for root, dirs, files in os.walk(data_dir):
        for name, mode in [(root, 0o700)] + [(os.path.join(root, d), 0o700) for d in dirs] + \
                [(os.path.join(root, f), 0o600) for f in files]:
            try:
                st = os.lstat(name)
            except FileNotFoundError:
                continue  # e.g. a WAL file that went away
            if st.st_uid != uid or os.path.islink(name) or st.st_mode & 0o777 & ~mode == 0:
                continue
            os.chmod(name, st.st_mode & 0o777 & mode)
            changed += 1
    if changed:
        log.info("data folder: tightened permissions of %d files and folders", changed)
    return changed

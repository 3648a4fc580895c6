"""Load a script from scripts/ as a module, so a unit test can call its functions.

The scripts are run as programs (``.venv/bin/python scripts/x.py``), not imported as a package;
each call returns a freshly executed module, so one test's monkeypatching never reaches another's.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

from bot.config import PROJECT_ROOT


def load_script(name: str) -> ModuleType:
    """scripts/<name>.py as a module named <name>."""
    path = PROJECT_ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

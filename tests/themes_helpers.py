"""Shared by the themes tests: bench/themes_quality.py, loaded as a module to measure with."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quality_bench():
    """bench/themes_quality.py as a module (it is a script, not a package member)."""
    spec = importlib.util.spec_from_file_location(
        "themes_quality", ROOT / "bench/themes_quality.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module

"""The real programs some tests drive (Tesseract, Dovecot): found on the machine, or the test says why not."""

from __future__ import annotations

import os
import shutil

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def require_program(name: str, package: str) -> str:
    """The path of the program `name` that a test drives. Without it the test is skipped, except
    under CI (CI=true), where it fails: CI must not pass by silently leaving a component untested."""
    path = shutil.which(name)
    if path is None:
        reason = f"{name} is not installed (as root: apt-get install {package}; .ci/run installs it)"
        if under_ci():
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    return path

"""The stack: the locked environment every output was recorded on.

A stack is a dependency group of `pyproject.toml` (`stack`) resolved in a lock file
(`uv.lock`). Its lock is part of every [cache][snipcheck.cache] key, and its packages,
each at its locked version, are the reader's install line (shown by `hooks/install.py`).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOCKS = {"default": "uv.lock"}
"""The lock file of each stack, relative to the project root."""

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def lock_path(root: Path, stack: str = "default") -> Path:
    return root / LOCKS[stack]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def stack_pins(root: Path = ROOT) -> list[tuple[str, str]]:
    """`(package, version)` for each package of the `stack` group, in the group's order,
    at its version in `uv.lock`."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    lock = tomllib.loads(lock_path(root).read_text(encoding="utf-8"))
    locked: dict[str, set[str]] = {}
    for package in lock["package"]:
        locked.setdefault(_canonical(package["name"]), set()).add(package["version"])
    pins = []
    for requirement in project["dependency-groups"]["stack"]:
        name = _canonical(_NAME.match(requirement).group(1))
        versions = locked.get(name)
        if not versions:
            raise ValueError(f"{name} (stack group) is not in uv.lock: run `uv lock`")
        if len(versions) > 1:
            raise ValueError(f"uv.lock holds {name} at {sorted(versions)}: the install line "
                             "needs one version; pin it in the stack group")
        pins.append((name, versions.pop()))
    return pins


def install_line(root: Path = ROOT) -> str:
    """`pip install name==version ...` for the locked stack."""
    return "pip install " + " ".join(f"{n}=={v}" for n, v in stack_pins(root))

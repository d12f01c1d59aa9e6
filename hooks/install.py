"""MkDocs hook: the reader's install line, generated from the lock.

The line is `pip install` followed by every package of the `stack` dependency group in
`pyproject.toml`, each pinned to its version in `uv.lock`: the versions every output on
the site was recorded with. Nothing in it is typed: change the stack, run `uv lock`, and
the line follows.

At build time the line is written to `_install.txt` in a folder of its own that is added
to `pymdownx.snippets`' search path, so a page shows it with an ordinary include:

    ```bash
    ;--8<-- "_install.txt"
    ```

The home page and the stack banner under every page (`snippets/_footer.md`) include it;
`hooks/notebooks.py` makes it the first code cell of every downloadable notebook
(`%pip install ...`). `tests/test_reader_install.py` installs exactly this line with
plain pip into a new virtual environment and checks snippets of every page there.
"""

from __future__ import annotations

import re
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The include name pages use for the line.
INCLUDE = "_install.txt"

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def stack_pins(root: Path = ROOT) -> list[tuple[str, str]]:
    """`(package, version)` for each package of the `stack` group, in the group's order,
    at its version in `uv.lock`."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    lock = tomllib.loads((root / "uv.lock").read_text(encoding="utf-8"))
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
    return "pip install " + " ".join(f"{name}=={version}" for name, version in stack_pins(root))


# --------------------------------------------------------------------------- MkDocs events

_folder: tempfile.TemporaryDirectory | None = None


def on_config(config):
    """Write `_install.txt` into a folder of its own and let includes find it."""
    global _folder
    if _folder is None:
        _folder = tempfile.TemporaryDirectory(prefix="install-line-")
    (Path(_folder.name) / INCLUDE).write_text(install_line() + "\n", encoding="utf-8")
    snippets = config["mdx_configs"].setdefault("pymdownx.snippets", {})
    paths = list(snippets.get("base_path", ["."]))
    if isinstance(paths, str):
        paths = [paths]
    if _folder.name not in paths:
        snippets["base_path"] = [*paths, _folder.name]
    return config


def on_shutdown():
    global _folder
    if _folder is not None:
        _folder.cleanup()
        _folder = None

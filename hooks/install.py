"""MkDocs hook: the reader's install line, generated from the lock.

The line (`snipcheck.stack.install_line`) is `pip install` followed by every package of
the `stack` dependency group in `pyproject.toml`, each pinned to its version in
`uv.lock`: the versions every output on the site was recorded with. Nothing in it is
typed: change the stack, run `uv lock`, and the line follows.

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

import tempfile
from pathlib import Path

from snipcheck.stack import install_line, stack_pins

__all__ = ["INCLUDE", "install_line", "stack_pins", "on_config", "on_shutdown"]

INCLUDE = "_install.txt"
"""The include name pages use for the line."""


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

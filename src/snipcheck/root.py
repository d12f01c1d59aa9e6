"""The checkout: passed in, or found from the working directory, never from this file."""

from __future__ import annotations

from pathlib import Path


def find_root(start: Path | None = None) -> Path:
    """The checkout that holds `start` (default: the working directory): the nearest
    folder upwards with a `pyproject.toml` and a `snippets/` folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "snippets").is_dir():
            return folder
    raise FileNotFoundError(f"no checkout (pyproject.toml beside snippets/) at or above "
                            f"{here}")

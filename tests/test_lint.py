"""The infrastructure passes ruff (configured in pyproject.toml): one line length, no
unused import, and no `# noqa` that silences nothing (RUF100)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ruff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    beside = Path(sys.executable).with_name("ruff")
    found = str(beside) if beside.exists() else shutil.which("ruff")
    assert found, "ruff not found: run `uv sync` (the test group installs it)"
    return subprocess.run([found, "check", "--no-cache", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_infrastructure_passes_ruff():
    run = ruff(".")
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_catches_a_stale_noqa_and_a_long_line(tmp_path):
    """The check is real: the project's configuration refuses both."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "bad.py").write_text("x = 1  # noqa: E501\ny = '" + "a" * 100 + "'\n")
    run = ruff(".", cwd=tmp_path)
    assert run.returncode == 1
    assert "RUF100" in run.stdout and "E501" in run.stdout

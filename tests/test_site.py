"""The site builds with `mkdocs build --strict`: no warning, no missing include."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(site_dir)],
        capture_output=True, text=True, cwd=config.parent, timeout=300)


def test_strict_build(tmp_path):
    run = build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert run.returncode == 0, run.stdout + run.stderr
    index = (tmp_path / "site" / "import-choices" / "index.html").read_text()
    # The recorded output, not the include line, reached the page.
    assert "Only instances of <code>keras.Layer</code>" in index or "Only instances of `keras.Layer`" in index
    assert "--8&lt;--" not in index and '--8<--' not in index


def test_missing_include_fails_the_build(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "docs" / "index.md").write_text('# Page\n\n```python\n--8<-- "page/gone.py"\n```\n')
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nstrict: true\nmarkdown_extensions:\n  - pymdownx.superfences\n"
        "  - pymdownx.snippets:\n      base_path: [snippets]\n      check_paths: true\n")
    run = build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert run.returncode != 0
    assert "page/gone.py" in run.stdout + run.stderr


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = "python3 -m pip install -q uv && python3 -m uv run --locked pytest"
    assert command in readme and command in ci

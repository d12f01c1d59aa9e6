"""The site builds with `mkdocs build --strict`: no warning, no missing include."""

from pathlib import Path

import pytest

import sitebrowser

ROOT = Path(__file__).resolve().parents[1]


def test_strict_build(built_site):
    """The session's strict build (tests/conftest.py) succeeded and shows outputs."""
    index = (built_site / "import-choices" / "index.html").read_text()
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
    with pytest.raises(RuntimeError) as failed:
        sitebrowser.build_site(tmp_path / "site", tmp_path / "mkdocs.yml")
    assert "page/gone.py" in str(failed.value)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = "python3 -m pip install -q uv && python3 -m uv run --locked pytest"
    assert command in readme and command in ci

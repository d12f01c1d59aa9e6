"""The site builds with `mkdocs build --strict`: no warning, no missing include."""

import html
import re

import pytest

import snipcheck
from hooks import install
from snipcheck import site
from snipcheck.outcomes import Outcome
from snipcheck.project import Project

ROOT = snipcheck.find_root()


def test_strict_build(built_site):
    """The session's strict build (tests/conftest.py) succeeded and shows outputs."""
    index = (built_site / "import-choices" / "index.html").read_text()
    # The recorded output, not the include line, reached the page.
    assert ("Only instances of <code>keras.Layer</code>" in index
            or "Only instances of `keras.Layer`" in index)
    assert "--8&lt;--" not in index and '--8<--' not in index


def test_missing_include_fails_the_build(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        '# Page\n\n```python\n--8<-- "page/gone.py"\n```\n')
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nstrict: true\nmarkdown_extensions:\n  - pymdownx.superfences\n"
        "  - pymdownx.snippets:\n      base_path: [snippets]\n      check_paths: true\n")
    with pytest.raises(RuntimeError) as failed:
        site.build_site(tmp_path / "site", tmp_path / "mkdocs.yml")
    assert "page/gone.py" in str(failed.value)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = "python3 -m pip install -q uv && python3 -m uv run --locked pytest"
    assert command in readme and command in ci
    assert f"{command} --no-cache" in ci, "CI must run every snippet, not trust a cache"


def test_error_index_links_every_raising_snippet_to_its_section(built_site):
    """docs/errors.md lists each `# Raises:` snippet of every page once, with the error
    line it prints, linked to a heading id that exists on the built page."""
    checkout = Project(ROOT)
    index = (built_site / "errors" / "index.html").read_text(encoding="utf-8")
    index, _, elsewhere = index.partition('id="other-stacks"')
    rows = re.findall(r"<tr>\s*<td><code>(.*?)</code></td>\s*"
                      r"<td><a href=\"\.\./([\w-]+)/#([^\"]+)\">"
                      r".*?<code>([\w-]+\.py)</code>\)</td>", index, re.S)
    expected = [s for page in snipcheck.pages_with_snippets(ROOT / "docs", ROOT / "snippets")
                for s in page.snippets if s.raises]
    assert len(expected) >= 10
    listed = {(page, name): (line, anchor) for line, page, anchor, name in rows}
    assert len(rows) == len(listed) == len(expected), sorted(listed)
    for snippet in expected:
        line, anchor = listed[(snippet.page, snippet.path.name)]
        printed = checkout.recording(snippet.id, "default").error_line
        shown = html.unescape(line).removesuffix(" …")
        assert printed.startswith(shown), (snippet.id, shown)
        assert len(shown) >= min(len(printed), 60), (snippet.id, shown)
        target = (built_site / snippet.page / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in target, (
            f"{snippet.id}: no id {anchor!r} on the {snippet.page} page")
        heading_to_code = target[target.index(f'id="{anchor}"'):]
        assert f"{snippet.path.name}</span>" in heading_to_code, (
            f"{snippet.id} is not under #{anchor}")
    # Errors recorded only on other stacks: each in the last table, with its stack.
    stack_rows = set(re.findall(r"<tr>\s*<td><code>.*?</code></td>\s*<td><code>([\w.-]+)</code>"
                                r"</td>\s*<td><a href=\"\.\./([\w-]+)/#[^\"]+\">.*?"
                                r"<code>([\w-]+)\.py</code>\)</td>", elsewhere, re.S))
    raising = {(stack.name, page, name)
               for stack in checkout.others for snippet_id in checkout.snippets
               if checkout.recording(snippet_id, stack.name).outcome is Outcome.RAISES
               for page, _, name in [snippet_id.partition("/")]}
    assert ("tf2.17-tfp0.25", "boundaries", "import_tfp") in stack_rows
    assert stack_rows <= raising
    # No missing package of a stack is published as an error: the model never runs
    # a snippet where the stack lacks what it imports.
    assert not re.search(r"No module named|PackageNotFoundError|CalledProcessError", elsewhere)


def test_install_line_from_the_lock_is_on_the_home_page_and_under_every_page(built_site):
    """The reader's install line (hooks/install.py, from uv.lock) is shown, as text a
    reader copies, on the home page and in the stack banner appended to every Markdown
    page (a rendered notebook carries it as its first code cell: tests/test_notebooks.py)."""
    line = install.install_line()
    notebooks = {p.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/"
                 for p in (ROOT / "docs").rglob("*.ipynb")}
    pages = [p for p in site.page_paths(built_site) if p not in notebooks]
    assert len(pages) >= 8 and notebooks
    for path in pages:
        text = html.unescape(re.sub(r"<[^>]+>", "", (built_site / path / "index.html").read_text()))
        shown = text.count(line)
        assert shown >= (2 if path == "" else 1), (
            f"/{path}: the install line is shown {shown} times")

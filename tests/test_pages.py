"""The pages and the snippets agree: nothing orphaned, every output next to its code."""

from pathlib import Path

import pytest

import snipcheck

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
SNIPPET_FILES = snipcheck.discover(SNIPPETS)


def _includes_by_page() -> dict[Path, list[str]]:
    return {page: snipcheck.page_includes(page.read_text()) for page in PAGES}


def test_there_are_snippets_and_pages():
    assert len(SNIPPET_FILES) > 5 and len(PAGES) > 3


@pytest.mark.parametrize("snippet", SNIPPET_FILES, ids=lambda s: s.id)
def test_snippet_is_shown_with_its_output(snippet):
    """Each snippet is included by its own page, with its output before the next snippet."""
    page = DOCS / f"{snippet.page}.md"
    assert page.exists(), f"{snippet.path.relative_to(ROOT)}: no page docs/{snippet.page}.md for its folder"
    includes = snipcheck.page_includes(page.read_text())
    elsewhere = [p.relative_to(ROOT) for p, inc in _includes_by_page().items() if snippet.include in inc]
    assert snippet.include in includes, (
        f"{snippet.path.relative_to(ROOT)} is included by no page"
        + (f" (only by {elsewhere})" if elsewhere else "")
        + f": add `--8<-- \"{snippet.include}\"` to docs/{snippet.page}.md, or delete the file")
    out = f"{snippet.page}/{snippet.name}.out"
    start = includes.index(snippet.include)
    following = []
    for inc in includes[start + 1:]:
        if inc.endswith(".py"):
            break
        following.append(inc)
    assert out in following, (
        f"docs/{snippet.page}.md shows {snippet.include} without its output: include "
        f"`--8<-- \"{out}\"` right after it")


def test_no_output_without_snippet():
    snippet_paths = {s.path for s in SNIPPET_FILES}
    orphans = [p.relative_to(ROOT) for p in SNIPPETS.rglob("*.out")
               if p.with_name(p.name.split(".")[0] + ".py") not in snippet_paths]
    assert not orphans, f"recorded outputs without a snippet (delete them): {orphans}"


def test_every_snippet_folder_has_a_collector():
    missing = []
    for folder in sorted(p for p in SNIPPETS.iterdir() if p.is_dir() and not p.name.startswith("_")):
        collector = ROOT / "tests" / f"test_{folder.name.replace('-', '_')}.py"
        if not collector.exists() or f'page_tests("{folder.name}"' not in collector.read_text():
            missing.append(f"{collector.relative_to(ROOT)} with page_tests(\"{folder.name}\")")
    assert not missing, f"snippet folders that no test runs; add: {missing}"


@pytest.mark.parametrize("page", PAGES + [ROOT / "README.md"], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_python_fence_is_run_exactly_once(page):
    """A python fence is either an include of a snippet (run by its collector) or inline
    code (run by pytest-markdown-docs), never both."""
    for fence in snipcheck.page_fences(page.read_text()):
        if fence.lang not in snipcheck.PYTHON_LANGS:
            continue
        if fence.includes:
            assert fence.is_include, (
                f"{page.name}:{fence.line}: a python fence mixes an include with inline code")
            for inc in fence.includes:
                assert inc.endswith(".py") and (SNIPPETS / inc).exists(), (
                    f"{page.name}:{fence.line}: python fence includes {inc}, which is no snippet")
        else:
            assert "notest" not in fence.info, (
                f"{page.name}:{fence.line}: an inline python fence must run; move it to a snippet")

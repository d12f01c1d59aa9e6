"""The pages and the snippets agree: nothing orphaned, every output next to its code."""

from pathlib import Path

import pytest

import snipcheck

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
SNIPPET_FILES = snipcheck.discover(SNIPPETS)


def test_there_are_snippets_and_pages():
    assert len(SNIPPET_FILES) > 5 and len(PAGES) > 3


@pytest.mark.parametrize("snippet", SNIPPET_FILES, ids=lambda s: s.id)
def test_snippet_is_shown_with_its_output(snippet):
    problem = snipcheck.shown_problem(snippet, DOCS)
    assert problem is None, problem


def test_no_output_without_snippet():
    orphans = [str(p.relative_to(ROOT)) for p in snipcheck.orphan_outputs(SNIPPETS)]
    assert not orphans, f"recorded outputs without a snippet (delete them): {orphans}"


@pytest.mark.parametrize("page", PAGES + [ROOT / "README.md"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_python_fence_is_run_exactly_once(page):
    problems = snipcheck.fence_problems(page, SNIPPETS)
    assert not problems, "\n".join(problems)


#: The widest code line a page shows without a horizontal scroll bar (Material, desktop).
MAX_LINE = 79


@pytest.mark.parametrize("snippet", SNIPPET_FILES, ids=lambda s: s.id)
def test_snippet_fits_the_code_block(snippet):
    long = [f"{snippet.include}:{n}: {len(line)} characters"
            for n, line in enumerate(snippet.source.splitlines(), 1) if len(line) > MAX_LINE]
    assert not long, (f"lines wider than {MAX_LINE} characters scroll on the page:\n"
                      + "\n".join(long))

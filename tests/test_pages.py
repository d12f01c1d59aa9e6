"""snipcheck.pages: reading pages (headings as Markdown reads them, includes and their
sections, anchors, fences, what a page must show of each snippet), and on this site the
pages and the snippets agree: nothing orphaned, every output next to its code."""

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


PAGE = """# Title

## Plain `code` heading

```python
# a comment, not a heading
```

```python
--8<-- "p/a.py"
```

### Own id: "quoted" {#own}

--8<-- "p/b.py"

## Plain `code` heading
"""


def test_page_sections_reads_headings_as_markdown_does():
    sections = snipcheck.page_sections(PAGE)
    assert [(s.level, s.title, s.text, s.anchor) for s in sections] == [
        (1, "Title", "Title", None),
        (2, "Plain `code` heading", "Plain code heading", None),
        (3, 'Own id: "quoted"', 'Own id: "quoted"', "own"),
        (2, "Plain `code` heading", "Plain code heading", None),
    ]


def test_include_sections_names_the_nearest_heading_above():
    found = [(s.title if s else None, inc) for s, inc in snipcheck.include_sections(PAGE)]
    assert found == [("Plain `code` heading", "p/a.py"), ('Own id: "quoted"', "p/b.py")]


def test_error_index_anchors_follow_toc():
    from markdown.extensions.toc import slugify

    ids = snipcheck.pages.anchors(snipcheck.page_sections(PAGE), slugify)
    assert list(ids.values()) == ["title", "plain-code-heading", "own", "plain-code-heading_1"]


def test_include_fences_are_not_python_for_markdown_docs():
    text = '```python\n--8<-- "p/s.py"\n```\n\n```python\nprint(1)\n```\n'
    tokens = [t for t in snipcheck.markdown_parser().parse(text)
              if t.type in ("fence", "snippet_include")]
    assert [t.type for t in tokens] == ["snippet_include", "fence"]


def _site(tmp_path, page_text):
    docs, snippets = tmp_path / "docs", tmp_path / "snippets" / "demo"
    docs.mkdir()
    snippets.mkdir(parents=True)
    (snippets / "a.py").write_text("print(1)\n")
    (snippets / "a.out").write_text("1\n")
    (docs / "demo.md").write_text(page_text)
    return docs, snippets.parent


def test_orphan_snippet_is_named(tmp_path):
    docs, snippets = _site(tmp_path, "# Demo\n")
    problem = snipcheck.shown_problem(snipcheck.discover(snippets)[0], docs)
    assert "snippets/demo/a.py is included by no page" in problem


def test_output_must_follow_its_code(tmp_path):
    page = '```python\n--8<-- "demo/a.py"\n```\n\n```python\n--8<-- "demo/b.py"\n```\n'
    docs, snippets = _site(tmp_path, page)
    problem = snipcheck.shown_problem(snipcheck.discover(snippets)[0], docs)
    assert 'include `--8<-- "demo/a.out"` right after it' in problem
    page_ok = '```python\n--8<-- "demo/a.py"\n```\n\n```text\n--8<-- "demo/a.out"\n```\n'
    (docs / "demo.md").write_text(page_ok)
    assert snipcheck.shown_problem(snipcheck.discover(snippets)[0], docs) is None


def test_orphan_output(tmp_path):
    docs, snippets = _site(tmp_path, "")
    (snippets / "demo" / "gone.out").write_text("x\n")
    (snippets / "demo" / "a.gpu.out").write_text("1\n")
    assert [p.name for p in snipcheck.orphan_outputs(snippets)] == ["gone.out"]


def test_fence_mixing_include_and_code_is_refused(tmp_path):
    docs, snippets = _site(tmp_path, '```python\n--8<-- "demo/a.py"\nprint(2)\n```\n\n'
                                     '```python\n--8<-- "demo/zz.py"\n```\n')
    problems = snipcheck.fence_problems(docs / "demo.md", snippets)
    assert any("mixes an include with inline code" in p for p in problems)
    assert any("includes demo/zz.py, which is no snippet" in p for p in problems)

"""Reading at a glance, in headless Chromium: every output and table is seen whole.

At 1280 × 900 (a laptop) no `Output` block and no table of any page scrolls sideways:
outputs wrap their long lines (docs/assets/extra.css, classes from hooks/reading.py) and
generated tables fit the column. At 390 × 844 (a phone) the page itself never scrolls
sideways; code blocks keep their lines and may scroll inside their box. Wrapping changes
nothing the copy button copies: each Output block copies exactly its recorded `.out`.

Collapsed blocks are opened and every tab is shown before measuring, so a block a reader
must click to see is checked too. The fixtures come from tests/conftest.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from snipcheck import site as sitebrowser
from snipcheck.pages import INCLUDE
from snipcheck.site import COPY

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"

#: Shows every tab panel and opens every <details>: everything a reader can reach.
REVEAL = """() => {
    for (const d of document.querySelectorAll('article details')) d.open = true;
    const style = document.createElement('style');
    style.textContent = '.md-typeset .tabbed-set > .tabbed-content > .tabbed-block '
        + '{ display: block !important; }';
    document.head.append(style);
}"""

#: Output blocks and tables that scroll sideways: [what, where, content width, box width].
#: A block is named by its title and the code block or heading above it.
WIDE = """() => {
    const above = el => {
        let node = el;
        while (node) {
            let prev = node.previousElementSibling;
            while (prev) {
                const title = prev.querySelector && prev.matches('div.highlight')
                    && prev.querySelector('.filename');
                if (title) return title.textContent.trim();
                if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.replace('¶', '').trim();
                prev = prev.previousElementSibling;
            }
            node = node.parentElement;
            if (node && node.tagName === 'ARTICLE') break;
        }
        return 'top of page';
    };
    const found = [];
    const outputs = [...document.querySelectorAll('article div.highlight')].filter(
        block => (block.querySelector('.filename') || {}).textContent === 'Output');
    for (const block of outputs) {
        const code = block.querySelector('pre > code');
        if (code.scrollWidth > code.clientWidth + 1)
            found.push(['Output block', above(block), code.scrollWidth, code.clientWidth]);
    }
    for (const table of document.querySelectorAll('article table')) {
        const box = table.closest('.md-typeset__scrollwrap') || table;
        if (box.scrollWidth > box.clientWidth + 1 || table.scrollWidth > table.clientWidth + 1)
            found.push(['table', above(table), Math.max(box.scrollWidth, table.scrollWidth),
                        box.clientWidth]);
    }
    return found;
}"""


@pytest.fixture(scope="module")
def paths(built_site) -> list[str]:
    found = sitebrowser.page_paths(built_site)
    assert len(found) >= 5, found
    return found


def _open(browser, width: int, height: int, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_output_or_table_scrolls_sideways_at_1280(browser, base_url, paths, scheme):
    context, page = _open(browser, 1280, 900, color_scheme=scheme)
    try:
        wide = []
        for path in paths:
            page.goto(base_url + path, wait_until="load")
            page.evaluate(REVEAL)
            wide += [f"{path or 'home'}: {what} under {where!r} is {content} px wide in a "
                     f"{box} px box" for what, where, content, box in page.evaluate(WIDE)]
        assert not wide, ("at 1280 × 900 these scroll sideways (wrap outputs, narrow "
                          "tables):\n" + "\n".join(wide))
    finally:
        context.close()


def test_no_page_scrolls_sideways_on_a_phone(browser, base_url, paths):
    context, page = _open(browser, 390, 844, is_mobile=True, has_touch=True)
    try:
        wide = []
        for path in paths:
            page.goto(base_url + path, wait_until="load")
            page.evaluate(REVEAL)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                culprit = page.evaluate("""() => {
                    const el = [...document.querySelectorAll('body *')].find(e =>
                        e.getBoundingClientRect().right > window.innerWidth + 1
                        && getComputedStyle(e).position !== 'fixed'
                        && !e.closest('.md-typeset__scrollwrap, pre, .md-sidebar'));
                    return el ? el.tagName + '.' + el.className : 'unknown';
                }""")
                wide.append(f"{path or 'home'}: {width} px wide (first overflowing: {culprit})")
        assert not wide, "at 390 × 844 these pages scroll sideways:\n" + "\n".join(wide)
    finally:
        context.close()


#: A fence titled Output, and the include on its first line.
OUTPUT_FENCE = re.compile(r'^[ \t]*(?:`{3,}|~{3,})[^\n]*title="Output"[^\n]*\n(.*)$', re.M)


def recorded_outputs(md: Path) -> list[str]:
    """The `.out` files a page shows in its Output blocks, in page order."""
    shown = []
    for match in OUTPUT_FENCE.finditer(md.read_text(encoding="utf-8")):
        include = INCLUDE.match(match.group(1))
        if include and include.group(1).endswith(".out"):
            shown.append(include.group(1))
    return shown


def url_path(md: Path) -> str:
    """The site path of a page: docs/x.md is x/, docs/a/index.md is a/."""
    stem = md.relative_to(DOCS).with_suffix("").as_posix()
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def test_every_output_block_copies_its_recorded_output(browser, base_url, built_site):
    """Wrapping is only visual: at 1280 the copy button of each Output block, and at 390
    that of the block with the longest line of each page (the most wrapped), copies its
    `.out` file exactly (up to trailing white space, which Material trims); each page
    shows as many Output blocks as its Markdown includes. (Clicking every block at both
    widths took 211 s of a busy browser on 2 cores.)"""
    pages = [md for md in sorted(DOCS.rglob("*.md")) if recorded_outputs(md)]
    assert len(pages) >= 4, pages
    problems = []
    for width, height in ((1280, 900), (390, 844)):
        context, page = _open(browser, width, height,
                              permissions=["clipboard-read", "clipboard-write"])
        try:
            for md in pages:
                name, includes = md.relative_to(DOCS), recorded_outputs(md)
                expected = [(SNIPPETS / inc).read_text(encoding="utf-8").rstrip()
                            for inc in includes]
                page.goto(base_url + url_path(md), wait_until="load")
                page.evaluate(REVEAL)
                blocks = page.locator("article div.highlight").filter(
                    has=page.locator(".filename", has_text=re.compile(r"^Output$")))
                if blocks.count() != len(expected):
                    problems.append(f"{name} at {width} px: {blocks.count()} Output blocks, "
                                    f"{len(expected)} .out includes in docs/{name}")
                    continue
                widest = max(range(len(expected)), key=lambda i: max(
                    map(len, expected[i].splitlines() or [""])))
                for i, want in enumerate(expected):
                    if width < 1280 and i != widest:
                        continue
                    block = blocks.nth(i)
                    page.evaluate("navigator.clipboard.writeText('<nothing copied>')")
                    block.scroll_into_view_if_needed()
                    block.hover()
                    block.locator(COPY).first.click()
                    page.wait_for_function(
                        "async () => (await navigator.clipboard.readText()) !== '<nothing copied>'",
                        polling=50, timeout=5_000)
                    copied = page.evaluate("navigator.clipboard.readText()")
                    if copied != want:
                        problems.append(f"{name} at {width} px: Output block {i + 1} copies "
                                        f"{len(copied)} characters, not snippets/{includes[i]} "
                                        f"({len(want)}): {copied[:80]!r}")
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_every_output_block_is_marked_to_wrap(built_site):
    """hooks/reading.py gives every block titled Output the class the wrapping CSS
    selects; checked in the built HTML, so it holds without a browser too."""
    titled = re.compile(r'<div class="([^"]*)"><span class="filename">Output</span>')
    found, unmarked = 0, []
    for html_file in sorted(built_site.rglob("*.html")):
        for match in titled.finditer(html_file.read_text(encoding="utf-8")):
            found += 1
            if "output" not in match.group(1).split():
                unmarked.append(f"{html_file.relative_to(built_site)}: {match.group(0)}")
    assert found >= 50, f"only {found} Output blocks in the built site"
    assert not unmarked, "Output blocks without the class `output`:\n" + "\n".join(unmarked)


def test_the_stack_banner_is_under_every_page_once(built_site):
    """One banner per Markdown page; none inside the docstrings of the reference."""
    counts = {md.relative_to(DOCS).as_posix(): (built_site / url_path(md) / "index.html")
              .read_text(encoding="utf-8").count("Verified on this stack")
              for md in sorted(DOCS.rglob("*.md"))}
    assert len(counts) >= 5, counts
    assert all(n == 1 for n in counts.values()), counts

"""The built site in a real browser (headless Chromium): what a reader meets.

The site is built with `mkdocs build --strict` into a temporary directory, served on
127.0.0.1 from a thread, and opened in Debian's Chromium (`/usr/bin/chromium`) through
Playwright. Every request the pages make is recorded; one that leaves 127.0.0.1 fails the
test (and is aborted, so nothing is fetched). The pages, the error lines and the
identifiers checked are read from the built site and the snippet files, so the tests
follow the pages as they are added.

When Chromium is missing the suite installs it first if it may (root, apt-get);
otherwise the first browser test fails, once, saying how to install it, and the others
are skipped. `SKIP_BROWSER_TESTS=1`
skips them instead (for a machine that cannot install Chromium; CI never sets it).
Set `SITE_SCREENSHOTS=<folder>` to save a screenshot of every page there.
"""

from __future__ import annotations

import html as htmllib
import json
import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from snipcheck import site as sitebrowser
from snipcheck import stack as snipstack
from snipcheck.project import Project
from snipcheck.site import COPY, SEARCH_DONE, Watched

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"

#: Names a reader types into search; each must find every page whose text uses it.
IDENTIFIERS = ["tf_keras", "log_prob", "keras.Layer", "TF_USE_LEGACY_KERAS", "DistributionLambda"]


def error_lines() -> list[tuple[str, str]]:
    """(page, the `Type: message` line of the recorded output) for each snippet that
    raises on purpose and whose page exists: the line a reader sees in a terminal."""
    found = []
    checkout = Project(ROOT)
    for page in checkout.pages.values():
        for snippet in page.snippets:
            line = checkout.recording(snippet.id, "default").error_line
            if line and line.split(":", 1)[1].strip():
                found.append((page.name, line))
    return found


ERRORS = error_lines()


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def watched(browser):
    w = Watched(browser)
    yield w
    w.close()




#: Scrolls the result list to its end; true once every matching document is rendered.
ALL_RESULTS = """() => {
    const meta = document.querySelector('.md-search-result__meta').textContent;
    const count = /(\\d+) matching/.exec(meta);
    if (!count) return true;
    const box = document.querySelector('.md-search__scrollwrap');
    box.scrollTop = box.scrollHeight;
    return document.querySelectorAll('.md-search-result__item').length >= Number(count[1]);
}"""


#: True while the search box is empty and its index loaded ("Type to start searching").
READY = "() => /Type to start/.test(document.querySelector('.md-search-result__meta').textContent)"


def open_search(page, base_url: str) -> None:
    """Open the home page and its search box; return once the search index is loaded."""
    page.goto(base_url)
    page.click("input.md-search__input")
    # Type only once the index is loaded ("Initializing search" has become the
    # placeholder): a query typed earlier can first show the empty answer of the
    # initial query, "No matching documents", before its own results arrive.
    page.wait_for_function(READY)


def query(page, text: str) -> list[str]:
    """Type `text` into the open search box (emptied first, so that no earlier query's
    results are read as this one's); the result links, in order, as page paths with their
    #anchors ('' is home)."""
    page.fill("input.md-search__input", "")
    page.keyboard.press("End")
    page.wait_for_function(READY)
    page.fill("input.md-search__input", text)
    page.keyboard.press("End")  # a key event, as when typing: the search runs on it
    # Material writes the count ("7 matching documents") before it renders the result
    # items: wait for both (at most 10 items are rendered before the reader scrolls).
    page.wait_for_function(SEARCH_DONE)
    # Scroll the results as a reader would until every matching document is rendered.
    page.wait_for_function(ALL_RESULTS, polling=100, timeout=10_000)
    links = page.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link", "els => els.map(e => e.href)")
    found = []
    for link in links:
        parts = urlsplit(link)
        found.append(parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else ""))
    return found


def search(w: Watched, base_url: str, text: str) -> list[str]:
    """Search the home page for `text` (see `query`)."""
    open_search(w.page, base_url)
    return query(w.page, text)


def pages_of(links: list[str]) -> list[str]:
    return list(dict.fromkeys(link.split("#")[0] for link in links))


def page_text(built_site: Path, path: str) -> str:
    """The visible text of a built page's article, roughly (tags dropped)."""
    raw = (built_site / path / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", raw, re.S)
    text = re.sub(r"<[^>]+>", "", article.group(0) if article else raw)
    return htmllib.unescape(text)


# --------------------------------------------------------------------------- pages


def test_every_page_renders_without_errors_or_third_party_requests(browser, base_url, built_site):
    """Each page opens with a title, no console error, no failed request, and asks no host
    but 127.0.0.1 for anything, in light and in dark mode; its notebook button works."""
    shots = os.environ.get("SITE_SCREENSHOTS")
    paths = sitebrowser.page_paths(built_site)
    assert len(paths) >= 5
    problems = []
    for scheme in ("light", "dark"):
        w = Watched(browser, color_scheme=scheme)
        for path in paths:
            before = (len(w.errors), len(w.failed))
            w.page.goto(base_url + path, wait_until="networkidle")
            # A loaded page under load can still be laying out: wait for the title.
            try:
                w.page.locator("article h1").first.wait_for(state="visible", timeout=10_000)
            except PlaywrightTimeout:
                count = w.page.locator("article h1").count()
                problems.append(f"{path or 'home'} ({scheme}): no visible title "
                                f"({count} article h1 in the page)")
            button = w.page.locator(".notebook-download a")
            if button.count():
                href = button.first.get_attribute("href")
                response = w.page.request.get(urljoin(w.page.url, href))
                if response.status != 200 or "cells" not in json.loads(response.body()):
                    problems.append(
                        f"{path}: notebook {href} does not download ({response.status})")
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                shot = f"{shots}/{sitebrowser.page_slug(path)}-{scheme}.png"
                w.page.screenshot(path=shot, full_page=True)
            if (len(w.errors), len(w.failed)) != before:
                new = w.errors[before[0]:], w.failed[before[1]:]
                problems.append(f"{path or 'home'} ({scheme}): {new[0]} {new[1]}")
        if w.external:
            problems.append(f"requests to other hosts ({scheme}): {sorted(set(w.external))}")
        w.close()
    assert not problems, "\n".join(problems)


def test_built_site_references_no_other_host(built_site):
    """No page, stylesheet or script of the built site loads anything from another host
    (links to other sites are fine; loading fonts, scripts, images or emoji is not)."""
    loads = re.compile(
        r"""(?:<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc|<link\b[^>]*\bhref)"""
        r"""\s*=\s*["']?(https?:)?//"""
        r"""|@import\s+(?:url\()?["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", re.I)
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in loads.finditer(text):
            snippet = text[match.start(): match.start() + 160]
            alternate = re.match(r'<link\b[^>]*rel="(canonical|alternate)"', snippet)
            if path.suffix == ".html" and alternate:
                continue
            offenders.append(f"{path.relative_to(built_site)}: {snippet[:120]}")
    assert not offenders, "\n".join(offenders)


# --------------------------------------------------------------------------- search


def test_there_are_error_lines_to_search_for():
    assert any(page == "import-choices" for page, _ in ERRORS), ERRORS


def test_pasting_an_error_line_finds_its_page(watched, base_url):
    """A reader pastes the error line of a traceback into search and gets the page that
    shows that error, with the section that holds it; opening it highlights the words.

    One search box serves every line (the index loads once); a section opens in a second
    tab, as a reader would open a result, for the first line of each page (a load of the
    page each, about 3 s: the highlight is one feature of the page, and every line's
    section is already in its results)."""
    assert ERRORS
    open_search(watched.page, base_url)
    reader = watched.context.new_page()
    problems, opened = [], set()
    for page, line in ERRORS:
        links = query(watched.page, line)
        target = f"{page}/"
        if target not in pages_of(links):
            problems.append(f"searching {line!r} lists {pages_of(links)}, not {target}")
            continue
        # Open the first section result (the page-level entry carries only the words its
        # intro shares with the query, often none, so it highlights nothing).
        hrefs = watched.page.eval_on_selector_all(
            ".md-search-result__item a.md-search-result__link", "els => els.map(e => e.href)")
        first = next((h for h in hrefs if f"/{target}" in h and "#" in h), None)
        if first is None:
            problems.append(f"searching {line!r} lists {target} but none of its sections")
            continue
        if page in opened:
            continue
        opened.add(page)
        reader.goto(first)
        try:
            reader.wait_for_selector("article mark[data-md-highlight]", state="attached",
                                     timeout=10_000)
        except PlaywrightTimeout:
            problems.append(f"opening {first} for {line!r} highlights nothing")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("identifier", IDENTIFIERS)
def test_searching_an_identifier_finds_the_pages_that_use_it(watched, base_url, built_site,
                                                             identifier):
    """Bare names from code (`tf_keras`, `log_prob`, `keras.Layer`, ...) are searchable:
    the search separator keeps underscores and splits dotted names."""
    word = re.compile(rf"(?<![\w]){re.escape(identifier)}(?![\w])")
    using = [p for p in sitebrowser.page_paths(built_site) if word.search(page_text(built_site, p))]
    assert using, f"no page uses {identifier}"
    found = pages_of(search(watched, base_url, identifier))
    missing = [p or "home" for p in using if p not in found]
    assert not missing, f"searching {identifier!r} misses {missing} (found {found})"


def test_search_suggests_the_rest_of_a_word(watched, base_url):
    """search.suggest: typing the start of a word offers its completion."""
    page = watched.page
    page.goto(base_url, wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type("verifi", delay=50)
    page.wait_for_function(
        "() => /^verifi\\w+/i.test("
        "document.querySelector('.md-search__suggest').textContent.trim())")


# --------------------------------------------------------------------------- widgets


def test_copy_button_copies_the_code(browser, base_url, built_site):
    w = Watched(browser, permissions=["clipboard-read", "clipboard-write"])
    try:
        w.page.goto(base_url + "import-choices/", wait_until="networkidle")
        block = w.page.locator("article div.highlight").filter(has=w.page.locator(COPY)).first
        block.hover()
        block.locator(COPY).click()
        w.page.wait_for_selector(".md-dialog--active")
        copied = w.page.evaluate("navigator.clipboard.readText()")
        source = (SNIPPETS / "import-choices" / "import_keras.py").read_text(encoding="utf-8")
        assert copied.strip() == source.strip(), "the copy button did not copy the snippet file"
    finally:
        w.close()


def _page_with_flavour_tabs(built_site: Path) -> str:
    for path in sitebrowser.page_paths(built_site):
        raw = (built_site / path / "index.html").read_text(encoding="utf-8")
        if re.search(r'class="tabbed-labels".*?>tf_keras</label>', raw, re.S):
            return path
    pytest.fail("no page has content tabs labelled tf_keras")


def test_flavour_tabs_switch_and_stay_switched(browser, base_url, built_site):
    """Choosing the `tf_keras` tab shows its panel, and the choice is kept for every tab
    set with that label, on this page after a reload and on the other pages
    (`content.tabs.link`)."""
    path = _page_with_flavour_tabs(built_site)
    w = Watched(browser)
    try:
        w.page.goto(base_url + path, wait_until="networkidle")
        tabs = w.page.locator(".tabbed-set").filter(has_text="tf_keras").first
        labels = tabs.locator(".tabbed-labels > label")
        assert labels.count() >= 2
        first_panel = tabs.locator(".tabbed-content > .tabbed-block").nth(0)
        assert first_panel.is_visible()
        tabs.locator(".tabbed-labels > label", has_text="tf_keras").click()
        chosen = tabs.locator(".tabbed-content > .tabbed-block").nth(
            [labels.nth(i).inner_text().strip() for i in range(labels.count())].index("tf_keras"))
        assert chosen.is_visible() and not first_panel.is_visible()

        w.page.reload(wait_until="networkidle")
        for i in range(w.page.locator(".tabbed-set").count()):
            tab_set = w.page.locator(".tabbed-set").nth(i)
            names = [t.strip() for t in tab_set.locator(".tabbed-labels > label").all_inner_texts()]
            if "tf_keras" in names:
                blocks = tab_set.locator(".tabbed-content > .tabbed-block")
                panel = blocks.nth(names.index("tf_keras"))
                assert panel.is_visible(), "the tf_keras choice was not kept after a reload"
        assert not w.errors, w.errors
    finally:
        w.close()


#: The stack the reader picks in the stack tabs test: one whose outputs often differ.
READER_STACK = "tf2.15"


def _stack_output_elsewhere(built_site: Path, label: str, first_page: str) -> tuple[str, str]:
    """(page, snippet name) of a snippet on another page than `first_page` whose output
    on READER_STACK is its own recording, shown in a tab with `label`."""
    for snippet_id, result in sorted(snipstack.read_results(ROOT, READER_STACK).items()):
        page, name = snippet_id.split("/")
        built = built_site / page / "index.html"
        if result == "same" or page == first_page.strip("/") or not built.exists():
            continue
        raw = built.read_text(encoding="utf-8")
        if f">Output on {label}<" in raw and f'class="filename">{name}.py<' in raw:
            return page + "/", name
    pytest.fail(f"no page but {first_page} shows a recording of {READER_STACK} in a tab")


def test_a_stack_chosen_on_one_page_shows_its_outputs_on_the_next(browser, base_url,
                                                                  built_site):
    """Choosing a stack's tab beside one output (hooks/stack_tabs.py) switches every
    output: on another page opened next, the Output tab of that stack is the one shown,
    with the output the stack recorded, and the banner's install line is the stack's."""
    stack = snipstack.stacks(ROOT)[READER_STACK]
    first = next((p for p in sitebrowser.page_paths(built_site) if f">Output on {stack.label}<"
                  in (built_site / p / "index.html").read_text(encoding="utf-8")), None)
    assert first is not None, f"no page has a tab labelled {stack.label!r}"
    second, name = _stack_output_elsewhere(built_site, stack.label, first)
    w = Watched(browser)
    try:
        w.page.goto(base_url + first, wait_until="networkidle")
        label = w.page.locator("article .tabbed-labels > label", has_text=stack.label).filter(
            visible=True).first
        label.scroll_into_view_if_needed()
        label.click(timeout=30_000)
        w.page.wait_for_function(f"() => (__md_get('__tabs') || []).includes({stack.label!r})")

        w.page.goto(base_url + second, wait_until="networkidle")
        code = w.page.locator("article div.highlight").filter(
            has=w.page.locator(".filename", has_text=re.compile(rf"^{re.escape(name)}\.py$")))
        tabs = code.locator("xpath=following-sibling::div[contains(@class, 'tabbed-set')][1]")
        names = [t.strip() for t in tabs.locator(":scope > .tabbed-labels > label")
                 .all_inner_texts()]
        panels = tabs.locator(":scope > .tabbed-content > .tabbed-block")
        chosen = panels.nth(names.index(stack.label))
        assert chosen.is_visible(), f"{second}: the {stack.label} tab of {name} is not shown"
        assert not panels.nth(0).is_visible(), f"{second}: the default tab is still shown"
        recorded = (SNIPPETS / second.strip("/") / f"{name}.{READER_STACK}.out").read_text(
            encoding="utf-8")
        assert chosen.locator(".filename").inner_text() == f"Output on {stack.label}"
        assert chosen.locator("pre > code").text_content().rstrip() == recorded.rstrip()

        w.page.locator("article details", has_text="Verified on this stack").locator(
            "summary").click()
        install = w.page.locator("article details .tabbed-set").filter(has_text="pip install")
        shown = install.locator(":scope > .tabbed-content > .tabbed-block").filter(
            has_text="pip install").filter(visible=True)
        tensorflow = snipstack.locked_versions(ROOT, READER_STACK)["tensorflow"]
        assert f"tensorflow=={tensorflow} " in shown.inner_text(), shown.inner_text()
        assert not w.errors, w.errors
    finally:
        w.close()


def test_dark_mode_toggle(browser, base_url):
    w = Watched(browser, color_scheme="light")
    try:
        w.page.goto(base_url, wait_until="networkidle")

        def scheme():
            return w.page.evaluate("document.body.getAttribute('data-md-color-scheme')")

        seen = {scheme()}
        for _ in range(3):
            w.page.locator("form[data-md-component=palette] label:visible").first.click()
            seen.add(scheme())
        assert {"default", "slate"} <= seen, seen
    finally:
        w.close()


def test_missing_chromium_fails_once_and_says_how_to_install(pytester, monkeypatch):
    """Without Chromium (and no way to install it) one browser test fails with the
    install command; the others are skipped, not failed again and again."""
    monkeypatch.setenv("CHROMIUM", str(pytester.path / "no-chromium"))
    monkeypatch.delenv("SKIP_BROWSER_TESTS", raising=False)
    # The suite's own fixtures (tests/conftest.py), loaded under another module name.
    suite_conftest = ROOT / "tests" / "conftest.py"
    pytester.makeconftest(f"""
        import importlib.util
        spec = importlib.util.spec_from_file_location("suite_conftest", {str(suite_conftest)!r})
        suite = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(suite)
        chromium, browser = suite.chromium, suite.browser
    """)
    pytester.makepyfile(test_pages="""
        def test_a(browser): pass
        def test_b(browser): pass
    """, test_more="""
        def test_c(browser): pass
    """)
    run = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    run.assert_outcomes(errors=1, skipped=2)
    run.stdout.fnmatch_lines(["*no-chromium names no file; point it at a Chromium binary*"])

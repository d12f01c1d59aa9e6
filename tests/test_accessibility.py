"""Accessibility of the built site, in headless Chromium (fixtures from tests/conftest.py).

- Every page, in the light and in the dark scheme, passes axe-core's WCAG 2 A and AA
  rules (tags `wcag2a`, `wcag2aa`) with no violation. axe-core is the copy shipped inside
  the `axe-playwright-python` wheel (in uv.lock): nothing is fetched at run time.
- One topic page is read and searched with the keyboard alone: the skip link leads into
  the article, Tab reaches every link, button and scrollable block and then leaves the
  page's end for its start (no trap), each stop shows that it has the focus, and search
  opens with `/`, its results are reached with the arrow keys and opened with Enter.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

import pytest

from snipcheck import site as sitebrowser
from snipcheck.site import SEARCH_DONE, Watched

#: axe-core's rules for the WCAG 2 success criteria of levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa"]
#: Elements shown per rule when a page fails.
SHOWN = 3
#: The topic page the keyboard walks.
KEYBOARD_PAGE = "import-choices/"
SCHEME = {"light": "default", "dark": "slate"}


@cache
def axe_script() -> str:
    """axe.min.js from the axe-playwright-python wheel."""
    from axe_playwright_python.base import AXE_SCRIPT

    assert AXE_SCRIPT.startswith("/*! axe v4"), AXE_SCRIPT[:40]
    return AXE_SCRIPT


#: Resolves once the page has gone 500 ms without a change to its DOM (at most 15 s):
#: the theme's scripts wrap tables and make scrolling code blocks focusable after the
#: load event, later still on a busy machine.
SETTLED = """() => new Promise(resolve => {
    let timer;
    const observer = new MutationObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(done, 500);
    });
    const done = () => { observer.disconnect(); resolve(); };
    observer.observe(document.body, {subtree: true, childList: true, attributes: true});
    timer = setTimeout(done, 500);
    setTimeout(done, 15000);
})"""


def open_settled(page, url: str) -> None:
    """Open `url` and wait until its scripts have finished changing it."""
    page.goto(url, wait_until="networkidle")
    page.evaluate(SETTLED)


#: Hides (`visibility: hidden`, the layout unchanged) each token of a code block whose
#: contrast another token of the page already shows: the same colour on the same
#: background, in the same size and weight. axe-core's colour-contrast rule costs about
#: 2 ms a text element, and the leaving page has some 24,000 tokens in 14 kinds (52 s of
#: CPU a scheme; 8 s sampled). Only tokens without elements inside are hidden, so no kept
#: token is hidden with its parent. Returns how many were hidden.
SAMPLE_CODE_TOKENS = """() => {
    const seen = new Set();
    let hidden = 0;
    for (const token of document.querySelectorAll('pre code span')) {
        if (token.firstElementChild) continue;
        const style = getComputedStyle(token);
        let back = '';
        for (let el = token; el && !back; el = el.parentElement) {
            const colour = getComputedStyle(el).backgroundColor;
            if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') back = colour;
        }
        const key = [style.color, back, style.fontSize, style.fontWeight, style.opacity,
                     token.offsetParent === null].join('|');
        if (seen.has(key)) { token.style.visibility = 'hidden'; hidden++; }
        else seen.add(key);
    }
    return hidden;
}"""


def axe_violations(page) -> tuple[list[dict], set[str]]:
    """Run axe-core on the page, one code token per kind (`SAMPLE_CODE_TOKENS`):
    (violations, the ids of the rules that ran)."""
    page.evaluate(SAMPLE_CODE_TOKENS)
    page.evaluate(axe_script())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", WCAG_TAGS)
    ran = {rule["id"] for kind in ("violations", "passes", "incomplete", "inapplicable")
           for rule in results[kind]}
    return results["violations"], ran


def describe(where: str, violation: dict) -> str:
    """`where: rule (impact, N elements): help`, then the first elements with axe's
    reason for each."""
    nodes = violation["nodes"]
    lines = [f"{where}: {violation['id']} ({violation['impact']}, {len(nodes)} "
             f"element{'s' * (len(nodes) != 1)}): {violation['help']}"]
    for node in nodes[:SHOWN]:
        checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
        reason = next((c["message"] for c in checks if c.get("message")), "")
        html = " ".join(node["html"].split())[:120]
        lines.append(f"    {' '.join(node['target'])}: {html}\n        {reason}")
    if len(nodes) > SHOWN:
        lines.append(f"    ... and {len(nodes) - SHOWN} more")
    return "\n".join(lines)


# --------------------------------------------------------------------------- axe-core


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_wcag_aa(browser, base_url, built_site, scheme):
    """No violation of axe-core's WCAG 2 A/AA rules on any page (contrast, link styling,
    names of controls, keyboard access to scrolling boxes, ...)."""
    paths = sitebrowser.page_paths(built_site)
    assert len(paths) >= 5
    w = Watched(browser, color_scheme=scheme)
    failures = []
    try:
        for path in paths:
            open_settled(w.page, base_url + path)
            shown = w.page.evaluate("document.body.dataset.mdColorScheme")
            assert shown == SCHEME[scheme], f"{path or 'home'}: scheme {shown}, not {scheme}"
            violations, ran = axe_violations(w.page)
            assert "color-contrast" in ran, f"{path or 'home'}: axe-core ran only {sorted(ran)}"
            failures += [describe(f"{path or 'home'} ({scheme})", v) for v in violations]
    finally:
        w.close()
    assert not failures, "\n".join(failures)


def test_the_axe_check_reports_what_it_should(browser, base_url):
    """The check above is not blind: text too pale, a progress bar without a name, a
    link told apart by colour alone and a code token too pale among the sampled ones,
    added to a page, are reported by rule and element."""
    w = Watched(browser)
    try:
        open_settled(w.page, base_url)
        w.page.evaluate("""() => {
            const article = document.querySelector('article');
            article.insertAdjacentHTML('beforeend',
                '<p id="pale" style="color:#aaa">Pale words</p>' +
                '<div id="bar" role="progressbar"></div>' +
                '<p style="color:#212121">Text with <a id="plain" href="#" ' +
                'style="color:#4051b5;text-decoration:none">a plain link</a> in it.</p>');
            const code = [...document.querySelectorAll('article pre code')]
                .find(el => el.offsetParent !== null);  // shown, not in a hidden tab
            code.insertAdjacentHTML('afterbegin',
                '<span class="n">x</span><span id="pale-code" style="color:#ccc">pale code</span>');
        }""")
        violations, _ = axe_violations(w.page)
        found = {v["id"]: {t for node in v["nodes"] for t in node["target"]} for v in violations}
        assert "#pale" in found.get("color-contrast", ()), found
        assert "#bar" in found.get("aria-progressbar-name", ()), found
        assert "#plain" in found.get("link-in-text-block", ()), found
        assert "#pale-code" in found.get("color-contrast", ()), found
        # ... while the tokens that repeat a kind were left out (the page has code).
        assert w.page.evaluate("document.querySelectorAll("
                               "'pre code span[style*=\"visibility: hidden\"]').length") > 0
        pale = next(v for v in violations if v["id"] == "color-contrast")
        pale["nodes"] = [n for n in pale["nodes"] if "#pale" in n["target"]]
        assert describe("home", pale).startswith("home: color-contrast (serious, 1 element)")
        assert "#pale: <p " in describe("home", pale)
    finally:
        w.close()


# --------------------------------------------------------------------------- keyboard

#: Injected into the page walked: no transition, animation, smooth scroll or blinking
#: caret changes what a screenshot shows between two looks at the same state.
NO_MOTION = """*, *::before, *::after {
    transition: none !important; animation: none !important; caret-color: transparent !important;
    scroll-behavior: auto !important;
}"""

#: The focused element, kept as window.__focused, and the box where its focus ring may
#: show: its own box and, for an input drawn by another element (a tab, the palette
#: toggle), its labels, the element after it and its tab strip, widened by 4 px, within
#: the viewport.
FOCUSED = """() => {
    const el = document.activeElement;
    window.__focused = el;
    const boxes = [el.getBoundingClientRect()];
    for (const label of el.labels || []) boxes.push(label.getBoundingClientRect());
    if (el.matches('input') && el.nextElementSibling)
        boxes.push(el.nextElementSibling.getBoundingClientRect());
    const strip = el.matches('.tabbed-set > input') &&
        el.parentElement.querySelector(':scope > .tabbed-labels');
    if (strip) boxes.push(strip.getBoundingClientRect());
    const drawn = boxes.filter(b => b.width > 0 && b.height > 0);
    const x0 = Math.max(0, Math.min(...drawn.map(b => b.left)) - 4);
    const y0 = Math.max(0, Math.min(...drawn.map(b => b.top)) - 4);
    const x1 = Math.min(innerWidth, Math.max(...drawn.map(b => b.right)) + 4);
    const y1 = Math.min(innerHeight, Math.max(...drawn.map(b => b.bottom)) + 4);
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ?
         '.' + el.className.trim().split(/\\s+/).join('.') : '') +
        ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '')
            .trim().slice(0, 40) + '"';
    return {name, body: el === document.body, inArticle: !!el.closest('article'),
            href: el.href || null,
            box: drawn.length && x1 > x0 && y1 > y0 ?
                {x: x0, y: y0, width: x1 - x0, height: y1 - y0} : null};
}"""

#: Every element of the article that Tab should reach.
TABBABLE = """() => [...document.querySelectorAll(
    'article :is(a[href], button, input, select, textarea, summary, [tabindex])')]
    .filter(el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length
                  && getComputedStyle(el).visibility !== 'hidden'
                  && !(el.type === 'radio' && !el.checked))
    .map(el => { el.dataset.kbd = ''; return el; }).length"""


def focus_is_visible(page, box: dict) -> bool:
    """Whether the focused element looks different from the same element unfocused."""
    focused = page.screenshot(clip=box)
    page.evaluate("window.__focused.blur()")
    unfocused = page.screenshot(clip=box)
    page.evaluate("window.__focused.focus({preventScroll: true})")
    return focused != unfocused


def test_a_topic_page_is_read_and_searched_with_the_keyboard_alone(browser, base_url):
    w = Watched(browser)
    page = w.page
    try:
        open_settled(page, base_url + KEYBOARD_PAGE)
        page.add_style_tag(content=NO_MOTION)
        expected = page.evaluate(TABBABLE)
        assert expected >= 10, f"only {expected} tabbable elements in the article"

        # The first Tab shows the skip link; Enter on it moves on to the article.
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUSED)
        assert "md-skip" in first["name"] and first["box"], first["name"]
        assert focus_is_visible(page, first["box"]), "the skip link does not show"
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash.length > 1")
        page.evaluate(SETTLED)  # the jump to the title, and the table of contents following
        page.keyboard.press("Tab")
        after_skip = page.evaluate(FOCUSED)
        assert after_skip["inArticle"], f"after the skip link Tab goes to {after_skip['name']}"

        # Tab on through the page until it comes round to the skip link again.
        stops, unseen = [after_skip], []
        limit = page.evaluate("document.querySelectorAll('a, button, input, [tabindex]').length")
        for _ in range(limit + 5):
            stop = stops[-1]
            page.evaluate("document.activeElement.dataset.kbdReached = ''")
            if not stop["body"] and not (stop["box"] and focus_is_visible(page, stop["box"])):
                unseen.append(f"{stop['name']} at {stop['box']}")
            page.keyboard.press("Tab")
            stops.append(page.evaluate(FOCUSED))
            if "md-skip" in stops[-1]["name"]:
                break
        else:
            pytest.fail(f"Tab never comes back to the start of the page (last stops: "
                        f"{[s['name'] for s in stops[-5:]]})")
        assert not unseen, f"focus does not show on: {unseen}"
        missed = page.evaluate(
            "[...document.querySelectorAll('[data-kbd]:not([data-kbd-reached])')]"
            ".map(el => el.outerHTML.slice(0, 100))")
        assert not missed, f"Tab never reaches: {missed}"

        # Search: `/` opens it, the arrow keys reach a result, Enter opens it.
        page.keyboard.press("Escape")
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.matches('input.md-search__input')"), \
            "`/` does not put the cursor in the search box"
        page.wait_for_function(
            "() => /Type to start/.test("
            "document.querySelector('.md-search-result__meta').textContent)")
        # The word arrives at once, as from an input method: one query, so the results
        # that come are the word's, not those of its first letters arriving late.
        page.keyboard.insert_text("DistributionLambda")
        page.keyboard.press("End")
        page.wait_for_function(SEARCH_DONE)
        page.evaluate(SETTLED)
        page.keyboard.press("ArrowDown")
        result = page.evaluate(FOCUSED)
        assert "md-search-result__link" in result["name"], f"ArrowDown focuses {result['name']}"
        assert focus_is_visible(page, result["box"]), "the focused search result does not show"
        target = urlsplit(result["href"])
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(target.path)))
        assert urlsplit(page.url).path == target.path
        assert not w.errors, w.errors
    finally:
        w.close()

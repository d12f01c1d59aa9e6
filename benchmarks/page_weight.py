"""Page weight: what opening each page of the site costs a reader (a script, not a test).

Builds the site (`mkdocs build --strict`), serves it on 127.0.0.1, opens every page in a
fresh headless Chromium context (empty cache) and waits until the network is idle, then
reports per page:

* bytes transferred: the sum of the encoded body sizes of every response, as Chromium
  received them (what a reader downloads on a first visit; the local server does not
  compress, so this is the uncompressed size, an upper bound for a host that gzips);
* requests made, and how many went to another host than 127.0.0.1 (those are aborted,
  so they cost nothing here, but each is a failure: the goal is none).

Goal: at most 1.5 MB per page and no third-party request. The exit status is 1 when a
page misses the goal.

    uv run python benchmarks/page_weight.py [--site DIR] [--screenshots DIR]

Needs Debian's Chromium (`apt-get install -y chromium`), as the browser tests do.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from snipcheck import site as sitebrowser

GOAL_BYTES = 1_500_000


def measure(browser, url: str, screenshot: Path | None = None) -> dict:
    w = sitebrowser.Watched(browser)
    w.page.goto(url, wait_until="networkidle")
    w.page.wait_for_timeout(500)  # the search worker loads its index after the page
    if screenshot:
        w.page.screenshot(path=str(screenshot), full_page=True)
    total = 0
    for req in w.finished:
        sizes = req.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    w.close()
    return {"bytes": total, "requests": len(w.finished), "third_party": len(w.external),
            "external": w.external}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--screenshots", type=Path,
                        help="save a full-page screenshot of each page here")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            sitebrowser.build_site(site)
        if args.screenshots:
            args.screenshots.mkdir(parents=True, exist_ok=True)
        rows = []
        with sitebrowser.serve(site) as base, sync_playwright() as playwright:
            browser = sitebrowser.launch(playwright)
            for path in sitebrowser.page_paths(site):
                shot = (args.screenshots / f"{sitebrowser.page_slug(path)}.png"
                        if args.screenshots else None)
                rows.append((path or "(home)", measure(browser, base + path, shot)))
            browser.close()

    width = max(len(p) for p, _ in rows)
    print(f"{'page':<{width}}  {'transferred':>12}  {'requests':>8}  {'third-party':>11}")
    worst = 0
    failed = False
    for path, m in rows:
        ok = m["bytes"] <= GOAL_BYTES and m["third_party"] == 0
        failed |= not ok
        worst = max(worst, m["bytes"])
        print(f"{path:<{width}}  {m['bytes'] / 1e6:>9.3f} MB  {m['requests']:>8}  "
              f"{m['third_party']:>11}" + ("" if ok else "  <- over the goal"))
        for url in m["external"]:
            print(f"    third-party: {url}")
    print(f"heaviest page: {worst / 1e6:.3f} MB "
          f"(goal: <= {GOAL_BYTES / 1e6:.1f} MB, 0 third-party requests)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

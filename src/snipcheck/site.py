"""The site in a real browser: build it, serve it on 127.0.0.1, open it in headless
Chromium, watch what it requests. Used by the site tests and benchmarks/page_weight.py.

The browser is Debian's Chromium (`/usr/bin/chromium`, or `$CHROMIUM`), driven by the
Playwright Python package; Playwright downloads no browser. When it is missing and the
suite runs as root on Debian, `ensure_chromium` installs Debian's package (so the
README's test command works on a fresh machine); elsewhere the browser tests fail and
say how to install it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit
from xml.etree import ElementTree

from snipcheck.root import find_root

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
INSTALL_HINT = "apt-get update && apt-get install -y chromium"
COPY = "button.md-code__button[data-md-type=copy], button.md-clipboard"
"""Material's copy button on a code block."""

SEARCH_DONE = """() => {
    const meta = document.querySelector('.md-search-result__meta').textContent;
    if (/No matching/.test(meta)) return true;
    const count = /(\\d+) matching/.exec(meta);
    if (!count) return false;
    const shown = document.querySelectorAll('.md-search-result__item').length;
    return shown >= Math.min(Number(count[1]), 10);
}"""
"""True once the search result list says how many match and shows them (up to 10)."""

LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
"""Headless, and nothing that phones home: a request that leaves 127.0.0.1 is the page's."""


def build_site(site_dir: Path, config: Path | None = None,
               environ: dict[str, str] | None = None) -> None:
    """`mkdocs build --strict` into `site_dir`, in `environ` (default: this process's
    environment); raises with mkdocs' output if it fails. `config`: by default the
    `mkdocs.yml` of the checkout around the working directory."""
    config = config or find_root() / "mkdocs.yml"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(site_dir)],
        capture_output=True, text=True, cwd=config.parent, timeout=300,
        env={**(os.environ if environ is None else environ), "NO_MKDOCS_2_WARNING": "1"})
    if run.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed:\n{run.stdout}{run.stderr}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve `site_dir` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def page_paths(site_dir: Path) -> list[str]:
    """Every page of the built site, as a path relative to the site root ('' is home),
    read from the sitemap mkdocs writes (one entry per page)."""
    tree = ElementTree.parse(site_dir / "sitemap.xml")
    paths = []
    for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        path = urlsplit(loc.text.strip()).path
        paths.append(path)
    prefix = os.path.commonprefix(paths) if len(paths) > 1 else "/"
    prefix = prefix[: prefix.rfind("/") + 1]
    return [p[len(prefix):] for p in paths]


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (and for data:/blob: URLs)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return parts.hostname in ("127.0.0.1", "localhost", "::1")


def ensure_chromium() -> str | None:
    """Install Debian's `chromium` when it is missing and we may (root, apt-get present).

    Returns None when Chromium is there (now), else why not, with the install command.
    """
    if Path(CHROMIUM).exists():
        return None
    if "CHROMIUM" in os.environ:
        return f"CHROMIUM={CHROMIUM} names no file; point it at a Chromium binary"
    if os.geteuid() != 0 or not Path("/usr/bin/apt-get").exists():
        return (f"Chromium not found at {CHROMIUM}, and this run cannot install it (it needs "
                f"root and apt-get). Install it with `{INSTALL_HINT}`, or point $CHROMIUM at "
                "a Chromium binary")
    print(f"snipcheck.site: Chromium missing, running `{INSTALL_HINT}`", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    log = []
    for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        run = subprocess.run(step, env=env, capture_output=True, text=True, timeout=900)
        log.append(f"$ {' '.join(step)} (exit {run.returncode})\n{run.stderr[-2000:]}")
    if Path(CHROMIUM).exists():
        return None
    return (f"Chromium not found at {CHROMIUM}, and installing it failed:\n" + "\n".join(log)
            + f"\nInstall it with `{INSTALL_HINT}`, or point $CHROMIUM at a Chromium binary")


def launch(playwright):
    """Headless Chromium from `CHROMIUM` (installed first if missing and we may); fails
    saying how to install it when it is still missing."""
    problem = ensure_chromium()
    if problem:
        raise FileNotFoundError(problem)
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


_SLUG = re.compile(r"[^a-z0-9]+")


def page_slug(path: str) -> str:
    """A file-name-safe name for a page path ('' becomes 'index')."""
    return _SLUG.sub("-", path.lower()).strip("-") or "index"


class Watched:
    """A browser context whose requests, failed responses and console errors are kept.
    Requests that leave 127.0.0.1 are recorded in `external` and aborted, so nothing is
    fetched from another host."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        self.external: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.finished: list = []
        """Every request that completed (Playwright `Request` objects)."""
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}")
                     if r.status >= 400 else None)
        self.page.on("requestfinished", lambda request: self.finished.append(request))

    def _route(self, route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def close(self):
        self.context.close()

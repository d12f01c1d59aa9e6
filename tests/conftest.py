"""Fixtures shared by the tests: the site built once per session, Chromium and the site
served for the browser tests, and tiny projects."""

import os
import textwrap
from pathlib import Path

import pytest

from snipcheck import site

COLLECTOR = Path(__file__).with_name("test_snippets.py").read_text()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """`mkdocs build --strict` of the repository, into a temporary directory."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    site.build_site(site_dir)
    return site_dir


#: Why Chromium cannot be had, once it is known; reported by one failing test only.
_NO_CHROMIUM: list[str] = []


@pytest.fixture(scope="session")
def chromium() -> str | None:
    """Chromium is installed first when it is missing and the run may (root, apt-get);
    None when it is there, else why it is not."""
    if os.environ.get("SKIP_BROWSER_TESTS") == "1":
        pytest.skip("SKIP_BROWSER_TESTS=1: browser tests skipped on request")
    return site.ensure_chromium()


@pytest.fixture(scope="module")
def browser(chromium):
    if chromium:
        if not _NO_CHROMIUM:
            _NO_CHROMIUM.append(chromium)
            pytest.fail(f"{chromium}\n(SKIP_BROWSER_TESTS=1 skips the browser tests)",
                        pytrace=False)
        pytest.skip("Chromium is missing: see the one browser test that failed, and why")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = site.launch(playwright)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def base_url(built_site):
    with site.serve(built_site) as url:
        yield url


@pytest.fixture
def project(pytester, monkeypatch):
    """A tiny project with this repository's snippet collector and no snippet yet;
    `project.add_snippet(name, code, out=None, page="demo")` adds one (snippets that
    need no TensorFlow). The cache is on, as on a contributor's machine."""
    monkeypatch.delenv("CI", raising=False)
    pytester.makeconftest('pytest_plugins = ["snipcheck.plugin"]\n')
    pytester.mkdir("tests")
    pytester.path.joinpath("tests", "test_snippets.py").write_text(COLLECTOR)
    pytester.mkdir("snippets")

    def add(name, code, out=None, page="demo"):
        folder = pytester.path / "snippets" / page
        folder.mkdir(exist_ok=True)
        (folder / f"{name}.py").write_text(textwrap.dedent(code))
        if out is not None:
            (folder / f"{name}.out").write_text(out)
        return folder / f"{name}.out"

    pytester.add_snippet = add
    return pytester

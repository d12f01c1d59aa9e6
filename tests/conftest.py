"""Fixtures shared by the tests: the site built once per session, and tiny projects."""

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

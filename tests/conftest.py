"""Fixtures shared by the site tests: the site built once per test session."""

import pytest

import sitebrowser


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """`mkdocs build --strict` of the repository, into a temporary directory."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    sitebrowser.build_site(site_dir)
    return site_dir

"""The site configuration keeps its promises: link rot fails the strict build, and the
theme loads no web font."""

import shutil
from pathlib import Path

import pytest
import yaml

from snipcheck import site

ROOT = Path(__file__).resolve().parents[1]


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving its !!python/name tags."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)


def test_no_web_fonts_and_mkdocs_below_2():
    assert CONFIG["theme"]["font"] is False
    assert '"mkdocs>=1.6,<2"' in (ROOT / "pyproject.toml").read_text()


@pytest.mark.parametrize("link", ["[gone](import-choices.md#no-such-heading)",
                                  "[gone](no-such-page.md)"])
def test_a_broken_link_fails_the_strict_build(tmp_path, link):
    """`validation:` turns a link to a missing page or anchor into a failed build."""
    for name in ("docs", "snippets", "stacks", "hooks", "overrides", "src"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("mkdocs.yml", "pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    index = tmp_path / "docs" / "index.md"
    index.write_text(index.read_text() + f"\n\nSee {link}.\n")
    with pytest.raises(RuntimeError) as failed:
        site.build_site(tmp_path / "site", tmp_path / "mkdocs.yml")
    assert link.split("(")[1].rstrip(")").split("#")[-1] in str(failed.value)

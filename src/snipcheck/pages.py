"""Pages: what `docs/<page>.md` shows, read as markdown-it reads it.

A page shows a snippet through `pymdownx.snippets` include lines
(`--8<-- "<page>/<name>.py"`), the code first and its recorded output right after it,
so no output is ever typed into a page. A [`Page`][snipcheck.pages.Page] knows its
snippets (the files of `snippets/<page>/`), its sections and its includes; the MkDocs
hooks build the error index and the notebooks from it, and the page checks ask it
what is not shown properly. This module imports neither pytest nor the runner.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

from snipcheck.finding import Snippet, discover

from snipcheck.parsing import (  # noqa: F401  (the names pages have always offered)
    INCLUDE,
    PYTHON_LANGS,
    Fence,
    Section,
    include_sections,
    markdown_parser,
    page_fences,
    page_includes,
    page_sections,
)

_ADMONITION = re.compile(r'^!!! (\w+)(?: [\w -]+)? "(.+)"\s*$')
_CLAIM_ID = re.compile(r"^([A-Z]+\d+) · ")
_SNIPPET_NAME = re.compile(r"`(\w+)\.py`")


@dataclasses.dataclass(frozen=True)
class Claim:
    """A claim checked on a topic page: an admonition under "Claims checked" whose title
    starts with its id (`!!! failure "B5 · ..."`) and whose text names the snippets that
    decide it (`` `which_keras.py` ``)."""

    id: str
    title: str
    """The title after the id, as written."""
    kind: str
    """The admonition type: `success` (true), `failure` (false or half true), `info`."""
    deciders: tuple[str, ...]
    """The names of the page's snippets that decide it, in the order the text names them."""
    line: int


def page_claims(text: str) -> list[Claim]:
    """The claims of a page: admonitions (`!!! type "ID · title"`) whose title starts
    with an id such as `B5`, with the snippet file names their indented text names."""
    lines = text.splitlines()
    claims = []
    for number, line in enumerate(lines):
        head = _ADMONITION.match(line)
        ident = _CLAIM_ID.match(head.group(2)) if head else None
        if not ident:
            continue
        body = []
        for following in lines[number + 1:]:
            if following.strip() and not following.startswith("    "):
                break
            body.append(following)
        names = list(dict.fromkeys(_SNIPPET_NAME.findall("\n".join(body))))
        claims.append(Claim(ident.group(1), head.group(2)[ident.end():], head.group(1),
                            tuple(names), number + 1))
    return claims


@dataclasses.dataclass(frozen=True)
class Page:
    """A page `docs/<name>.md` and its snippets, `snippets/<name>/`."""

    name: str
    docs_dir: Path
    snippets_dir: Path

    @property
    def path(self) -> Path:
        return self.docs_dir / f"{self.name}.md"

    @functools.cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def has_snippets(self) -> bool:
        """True when the page has a snippet folder (and so a notebook)."""
        return (self.snippets_dir / self.name).is_dir()

    @property
    def snippets(self) -> list[Snippet]:
        """The snippet files of the page's folder, sorted by name."""
        return discover(self.snippets_dir, self.name)

    @property
    def sections(self) -> list[Section]:
        return page_sections(self.text)

    @property
    def includes(self) -> list[str]:
        return page_includes(self.text)

    @property
    def claims(self) -> list[Claim]:
        return page_claims(self.text)

    @property
    def title(self) -> str:
        """The first `#` heading, else the page name."""
        titles = [s.title for s in self.sections if s.level == 1]
        return titles[0] if titles else self.name

    @property
    def shown(self) -> list[tuple[Section | None, Snippet]]:
        """`(section, snippet)` for each of its own snippets the page includes, in page
        order, each once; `section` is the nearest `##`-or-deeper heading above."""
        found: dict[str, tuple[Section | None, Snippet]] = {}
        for section, include in include_sections(self.text):
            path = self.snippets_dir / include
            if (include.startswith(f"{self.name}/") and include.endswith(".py")
                    and include not in found and path.exists()):
                found[include] = (section, Snippet(path=path, page=self.name))
        return list(found.values())


def nav_pages(nav) -> list[tuple[str, str]]:
    """`(title, file)` for each Markdown file of the nav, in order."""
    found: list[tuple[str, str]] = []
    for item in nav or []:
        entries = item.items() if isinstance(item, dict) else [(item, item)]
        for title, value in entries:
            if isinstance(value, list):
                found += nav_pages(value)
            elif isinstance(value, str) and value.endswith(".md"):
                found.append((title, value))
    return found


def anchors(sections: list[Section], slugify) -> dict[Section, str]:
    """The id of each heading, as the `toc` extension assigns them: the heading's own
    `{#id}`, else the slug of its text, with `_1`, `_2` ... for repeats."""
    taken: set[str] = {s.anchor for s in sections if s.anchor}
    ids = {}
    for section in sections:
        if section.anchor:
            ids[section] = section.anchor
            continue
        base = slug = slugify(section.text, "-")
        number = 0
        while slug in taken:
            number += 1
            slug = f"{base}_{number}"
        taken.add(slug)
        ids[section] = slug
    return ids


def pages_with_snippets(docs_dir: Path, snippets_dir: Path) -> list[Page]:
    """Every page `docs/<page>.md` that has a folder `snippets/<page>/`, sorted."""
    names = sorted(p.relative_to(docs_dir).with_suffix("").as_posix()
                   for p in docs_dir.rglob("*.md"))
    pages = [Page(name, docs_dir, snippets_dir) for name in names]
    return [page for page in pages if page.has_snippets]


def selections(docs_dir: Path, snippets_dir: Path) -> dict[str, frozenset[str]]:
    """The snippet ids each selection a stack's `runs` may name selects: `"claims"`,
    those a claim is decided by and the recipes (`recipe*.py`); `"checks"`, those and
    every snippet that declares `# Raises:`."""
    claims, raises = set(), set()
    for page in pages_with_snippets(docs_dir, snippets_dir):
        names = {s.name: s for s in page.snippets}
        for claim in page.claims:
            claims.update(f"{page.name}/{n}" for n in claim.deciders if n in names)
        claims.update(s.id for s in names.values() if s.name.startswith("recipe"))
        raises.update(s.id for s in names.values() if s.raises)
    return {"claims": frozenset(claims), "checks": frozenset(claims | raises)}


def shown_problem(snippet: Snippet, docs_dir: Path) -> str | None:
    """Why `snippet` is not shown properly on its page `docs/<page>.md`, or None.

    The page must include `<page>/<name>.py`, and `<page>/<name>.out` after it, before
    the next `.py` include: the reader sees the output right under the code.
    """
    page = Page(snippet.page, docs_dir, snippet.path.parents[1])
    if not page.path.exists():
        return (f"{snippet.include}: there is no page docs/{snippet.page}.md "
                "for its folder")
    includes = page.includes
    if snippet.include not in includes:
        return (f"snippets/{snippet.include} is included by no page: add "
                f'`--8<-- "{snippet.include}"` to docs/{snippet.page}.md, '
                "or delete the file")
    following = []
    for inc in includes[includes.index(snippet.include) + 1:]:
        if inc.endswith(".py"):
            break
        following.append(inc)
    if snippet.out_include not in following:
        return (f"docs/{snippet.page}.md shows {snippet.include} without its output: "
                f'include `--8<-- "{snippet.out_include}"` right after it')
    return None


def fence_problems(page: Path, snippets_dir: Path) -> list[str]:
    """Python fences of `page` that would not run exactly once.

    A python fence is either an include of a snippet (run by the snippet collector) or
    inline code (run by pytest-markdown-docs), never both, and never `notest`.
    """
    problems = []
    for fence in page_fences(page.read_text()):
        if fence.lang not in PYTHON_LANGS:
            continue
        where = f"{page.name}:{fence.line}"
        if fence.includes and not fence.is_include:
            problems.append(f"{where}: a python fence mixes an include with inline code")
        elif fence.includes:
            problems += [f"{where}: python fence includes {inc}, which is no snippet"
                         for inc in fence.includes
                         if not (inc.endswith(".py") and (snippets_dir / inc).exists())]
        elif "notest" in fence.info:
            problems.append(
                f"{where}: an inline python fence must run; move it to a snippet")
    return problems

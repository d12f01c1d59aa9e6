"""Parsing a page's Markdown as markdown-it reads it: fences, include lines, headings.

[`snipcheck.pages`][snipcheck.pages] builds on it; so does pytest-markdown-docs, through
[`markdown_parser`][snipcheck.parsing.markdown_parser], which reads an include fence as
no Python. This module imports neither pytest nor the runner.
"""

from __future__ import annotations

import dataclasses
import re

INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^":]+)(?::[^"]*)?"\s*$')
"""An include line as pymdownx.snippets reads it: `--8<-- "page/name.py"`, optionally with a
section (`"page/name.py:fit"`) or line range after a colon."""

PYTHON_LANGS = ("python", "py", "python3", "pycon")
"""The fence languages a reader sees as Python."""

_ATTR_LIST = re.compile(r"\s*\{:?([^{}]*)\}\s*$")


def _include_lines(text: str) -> list[str]:
    return [m.group(1) for m in map(INCLUDE.match, text.splitlines()) if m]


def _only_includes(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return bool(lines) and all(INCLUDE.match(ln) for ln in lines)


@dataclasses.dataclass(frozen=True)
class Fence:
    """A fenced code block of a page, as markdown-it reads it."""

    lang: str
    info: str
    content: str
    line: int

    @property
    def includes(self) -> list[str]:
        """The files this fence includes (one per include line)."""
        return _include_lines(self.content)

    @property
    def is_include(self) -> bool:
        """True when every non-blank line of the fence is an include line."""
        return _only_includes(self.content)


def markdown_parser():
    """The markdown-it parser shared by this module and pytest-markdown-docs.

    It knows one thing beyond CommonMark: a fence whose lines are all include lines is a
    `snippet_include` token, not a `fence`, so pytest-markdown-docs never runs an
    include line as Python (the included snippet is run by the snippet collector).
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")

    def mark_includes(state) -> None:
        for token in state.tokens:
            if token.type == "fence" and _only_includes(token.content):
                token.type = "snippet_include"

    md.core.ruler.push("snippet_include", mark_includes)
    return md


def page_fences(text: str) -> list[Fence]:
    """Every fenced block of a page (include fences and inline code alike), in order."""
    fences = []
    for token in markdown_parser().parse(text):
        if token.type in ("fence", "snippet_include") and token.map:
            info = token.info.strip()
            lang = (info.strip("{} ").lstrip(".").split() or [""])[0].lower()
            fences.append(Fence(lang, info, token.content, token.map[0] + 1))
    return fences


def page_includes(text: str) -> list[str]:
    """Every file a page includes, in or outside fences, in order."""
    return _include_lines(text)


@dataclasses.dataclass(frozen=True)
class Section:
    """A heading of a page, as markdown-it reads it (never a `#` line inside a fence)."""

    level: int
    title: str
    """The heading as written, without a trailing attribute list such as `{#id}`."""
    text: str
    """The title as the reader sees it: markup removed, code spans kept as text."""
    anchor: str | None
    """The id the heading sets itself (`{#id}`), if it sets one."""
    line: int


def page_sections(text: str) -> list[Section]:
    """Every heading of a page, in order."""
    tokens = markdown_parser().parse(text)
    sections = []
    for opening, inline in zip(tokens, tokens[1:]):
        if opening.type != "heading_open" or not opening.map:
            continue
        title, anchor = inline.content, None
        attrs = _ATTR_LIST.search(title)
        if attrs:
            title = title[:attrs.start()]
            ids = [a[1:] for a in attrs.group(1).split() if a.startswith("#")]
            anchor = ids[0] if ids else None
        words = [c.content for c in inline.children or []
                 if c.type in ("text", "code_inline")]
        plain = _ATTR_LIST.sub("", "".join(words))
        sections.append(Section(int(opening.tag[1]), title.strip(), plain.strip(), anchor,
                                opening.map[0] + 1))
    return sections


def include_sections(text: str, min_level: int = 2) -> list[tuple[Section | None, str]]:
    """`(section, include)` for each include line of a page, in order: `section` is the
    nearest heading of level `min_level` or deeper above the line (None if there is
    none). A page's `.py` includes with their sections locate its snippets."""
    sections = [s for s in page_sections(text) if s.level >= min_level]
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = INCLUDE.match(line)
        if match:
            above = [s for s in sections if s.line < number]
            found.append((above[-1] if above else None, match.group(1)))
    return found

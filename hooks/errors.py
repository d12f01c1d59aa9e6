"""MkDocs hook: the error index, generated from the snippets that raise on purpose.

A page that contains the line `<!-- snipcheck:errors -->` gets, in its place, one table
per topic page (in nav order), one row per snippet that declares `# Raises: ...`, in
page order: the error line the suite verified (`Snippet.error_line`, read from the
snippet's `.out`, shortened to `MAX_MESSAGE` characters), and a link to the section that
shows it with its fix, followed by the snippet's file name. The anchor is the heading's
own `{#id}` or the id the `toc` extension gives it; a wrong one fails
`mkdocs build --strict` (`validation: anchors`). Nothing in the index is typed by hand.
"""

from __future__ import annotations

import html
from pathlib import Path

from snipcheck.pages import Page, Section

SNIPPETS = Path(__file__).resolve().parents[1] / "snippets"
MARKER = "<!-- snipcheck:errors -->"
#: Longer error lines are cut here; the page they link to shows them whole.
MAX_MESSAGE = 110


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


def error_rows(page: Page, slugify) -> list[tuple[str, str, str, str]]:
    """`(error line, section title, anchor, snippet file name)` for each snippet of
    `page` that raises on purpose, in page order."""
    ids = anchors(page.sections, slugify)
    return [(snippet.error_line, section.title, ids[section], snippet.path.name)
            for section, snippet in page.shown if section and snippet.error_line]


def _cell_code(text: str) -> str:
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE].rstrip() + " …"
    # Entities, so that Markdown reads no code span, emphasis or cell border in it.
    escaped = html.escape(text).replace("|", "&#124;").replace("`", "&#96;")
    return f"<code>{escaped.replace('*', '&#42;').replace('_', '&#95;')}</code>"


def errors_markdown(docs_dir: Path, nav, slugify, snippets_dir: Path = SNIPPETS) -> str:
    parts = []
    for nav_title, path in nav_pages(nav):
        page = Page(path[:-3], docs_dir, snippets_dir)
        rows = error_rows(page, slugify) if page.has_snippets else []
        if not rows:
            continue
        parts.append(f"## {nav_title}\n")
        parts.append("| Error, as printed | Where it is shown, with its fix |")
        parts.append("|---|---|")
        for line, title, anchor, name in rows:
            link = f"[{title.replace('|', '&#124;')}]({path}#{anchor})"
            parts.append(f"| {_cell_code(line)} | {link} (`{name}`) |")
        parts.append("")
    return "\n".join(parts)


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    from markdown.extensions.toc import slugify as default_slugify

    slugify = (config["mdx_configs"].get("toc") or {}).get("slugify", default_slugify)
    table = errors_markdown(Path(config["docs_dir"]), config["nav"], slugify)
    return markdown.replace(MARKER, table)

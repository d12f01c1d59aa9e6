"""MkDocs hook: the error index, generated from the snippets that raise on purpose.

A page that contains the line `<!-- snipcheck:errors -->` gets, in its place, one table
per topic page (in nav order), one row per snippet that declares `# Raises: ...`, in
page order: the error line the suite verified (`Snippet.error_line`, read from the
snippet's `.out`, shortened to `MAX_MESSAGE` characters), and a link to the section that
shows it with its fix, followed by the snippet's file name. The anchor is the heading's
own `{#id}` or the id the `toc` extension gives it; a wrong one fails
`mkdocs build --strict` (`validation: anchors`). Nothing in the index is typed by hand.

A last table lists the errors that occur only on another stack (`stacks/`): each snippet
whose recorded result there is `raises`, with the stack named and the error line from its
`<name>.<stack>.out`.
"""

from __future__ import annotations

import html
from pathlib import Path

from snipcheck import stack as snipstack
from snipcheck.comparing import exception_line
from snipcheck.pages import Page, anchors, nav_pages

SNIPPETS = Path(__file__).resolve().parents[1] / "snippets"
MARKER = "<!-- snipcheck:errors -->"
#: Longer error lines are cut here; the page they link to shows them whole.
MAX_MESSAGE = 110


def error_rows(page: Page, slugify) -> list[tuple[str, str, str, str]]:
    """`(error line, section title, anchor, snippet file name)` for each snippet of
    `page` that raises on purpose, in page order."""
    ids = anchors(page.sections, slugify)
    return [(snippet.error_line, section.title, ids[section], snippet.path.name)
            for section, snippet in page.shown if section and snippet.error_line]


def stack_error_rows(page: Page, slugify) -> list[tuple[str, str, str, str, str]]:
    """`(error line, stack, section title, anchor, snippet file name)` for each snippet of
    `page` that raises only on another stack."""
    root = page.snippets_dir.parent
    ids = anchors(page.sections, slugify)
    rows = []
    for name in snipstack.stacks(root):
        if name == snipstack.DEFAULT:
            continue
        results = snipstack.read_results(root, name)
        for section, snippet in page.shown:
            own = snippet.on(name).stack_out
            if section and results.get(snippet.id) == "raises" and own.exists():
                line = exception_line(own.read_text(encoding="utf-8"))
                if line:
                    rows.append((line, name, section.title, ids[section], snippet.path.name))
    return rows


def _cell_code(text: str) -> str:
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE].rstrip() + " …"
    # Entities, so that Markdown reads no code span, emphasis or cell border in it.
    escaped = html.escape(text).replace("|", "&#124;").replace("`", "&#96;")
    return f"<code>{escaped.replace('*', '&#42;').replace('_', '&#95;')}</code>"


def errors_markdown(docs_dir: Path, nav, slugify, snippets_dir: Path = SNIPPETS) -> str:
    parts = []
    elsewhere = []
    for nav_title, path in nav_pages(nav):
        page = Page(path[:-3], docs_dir, snippets_dir)
        if page.has_snippets:
            elsewhere += [(path, row) for row in stack_error_rows(page, slugify)]
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
    if elsewhere:
        parts.append("## On other stacks {#other-stacks}\n")
        parts.append("Errors that today's stack does not raise, recorded on the stack named "
                     "(see [Versions](versions.md)).\n")
        parts.append("| Error, as printed | Stack | Where it is shown, with its fix |")
        parts.append("|---|---|---|")
        for path, (line, name, title, anchor, file) in elsewhere:
            link = f"[{title.replace('|', '&#124;')}]({path}#{anchor})"
            parts.append(f"| {_cell_code(line)} | `{name}` | {link} (`{file}`) |")
        parts.append("")
    return "\n".join(parts)


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    from markdown.extensions.toc import slugify as default_slugify

    slugify = (config["mdx_configs"].get("toc") or {}).get("slugify", default_slugify)
    table = errors_markdown(Path(config["docs_dir"]), config["nav"], slugify)
    return markdown.replace(MARKER, table)

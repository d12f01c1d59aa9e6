"""MkDocs hook: the error index, generated from the snippets that raise on purpose.

A page that contains the line `<!-- snipcheck:errors -->` gets, in its place, one table
per topic page (in nav order), one row per snippet that declares `# Raises: ...`, in
page order: the error line the suite verified (`Snippet.error_line`, read from the
snippet's `.out`, shortened to `MAX_MESSAGE` characters), and a link to the section that
shows it with its fix, followed by the snippet's file name. The anchor is the heading's
own `{#id}` or the id the `toc` extension gives it; a wrong one fails
`mkdocs build --strict` (`validation: anchors`). Nothing in the index is typed by hand.

A last table lists the errors that occur only on another stack (`stacks/`) and that a
topic page shows (its section includes the stack's `<name>.<stack>.out`), with the stack
named. Every row must lead to a section that names the error and gives its fix
(`row_problem` warns, and `strict` fails the build); the
outcomes come from the model ([`snipcheck.project`][snipcheck.project]).
"""

from __future__ import annotations

import html
import logging
import re

from snipcheck import stack as snipstack
from snipcheck.finding import variants_of
from snipcheck.outcomes import Outcome, exception_type
from snipcheck.pages import Page, anchors, include_sections, nav_pages
from snipcheck.project import Project, for_build

MARKER = "<!-- snipcheck:errors -->"
#: Longer error lines are cut here; the page they link to shows them whole.
MAX_MESSAGE = 110

log = logging.getLogger("mkdocs.hooks.errors")


def error_rows(project: Project, page: Page, slugify) -> list[tuple[str, str, str, str]]:
    """`(error line, section title, anchor, snippet file name)` for each snippet of
    `page` that raises on purpose, in page order."""
    ids = anchors(page.sections, slugify)
    rows = []
    for section, snippet in page.shown:
        line = project.recording(snippet.id, snipstack.DEFAULT).error_line
        if section and snippet.raises and line:
            rows.append((line, section.title, ids[section], snippet.path.name))
    return rows


def stack_error_rows(project: Project, page: Page,
                     slugify) -> list[tuple[str, str, str, str, str]]:
    """`(error line, stack, section title, anchor, snippet file name)` for each snippet of
    `page` that raises only on another stack, where its section shows that stack's output:
    it includes `<page>/<name>.<stack>.out`, or its Output block `<page>/<name>.out`, beside
    which `hooks/stack_tabs.py` puts the output of every stack that ran the snippet. A
    stack that lacks a package a snippet needs never runs it (`not applicable`), so no
    missing package shows up here."""
    ids = anchors(page.sections, slugify)
    included = {(sec, inc) for sec, inc in include_sections(page.text)}
    rows = []
    for stack in project.others:
        for section, snippet in page.shown:
            recording = project.recording(snippet.id, stack.name)
            own = f"{page.name}/{snippet.on(stack.name).stack_out.name}"
            default = f"{page.name}/{snippet.out_path().name}"
            if (section and recording.outcome is Outcome.RAISES and recording.error_line
                    and {(section, own), (section, default)} & included):
                rows.append((recording.error_line, stack.name, section.title, ids[section],
                             snippet.path.name))
    return rows


def row_problem(page: Page, section_title: str, error: str) -> str | None:
    """Why a row of the index does not lead to its error and fix, or None. The section
    it links to must name the exception type (in its heading, its text or an output it
    includes); and a fix must follow: a snippet that does not raise in that section or
    the next, a heading `Fix…` before the enclosing section ends, a `Fix:` in its text,
    or a link from it to the page's recipe (`](#recipe)`)."""
    wanted = exception_type(error)
    sections = page.sections
    at = next((i for i, s in enumerate(sections) if s.title == section_title), None)
    if at is None:
        return f"no section {section_title!r} on {page.name}"
    own = sections[at]
    following = []
    for section in sections[at + 1:]:
        if section.level < own.level:
            break
        following.append(section)
    lines = page.text.splitlines()
    body = "\n".join(lines[own.line - 1:following[0].line - 1 if following else len(lines)])
    outputs = [page.snippets_dir / inc for sec, inc in include_sections(page.text)
               if sec == own and inc.endswith(".out")]
    # Beside an Output block, the stack tabs show each other stack's recording.
    outputs += [other for out in list(outputs) for other in variants_of(out)]
    shown = "\n".join([body] + [p.read_text(encoding="utf-8") for p in outputs if p.exists()])
    if not re.search(rf"\b{re.escape(wanted)}\b", shown):
        return f"section {section_title!r} of {page.name} shows no {wanted}"
    snippets = {}
    for section, snippet in page.shown:
        snippets.setdefault(section, []).append(snippet)
    near = snippets.get(own, []) + (snippets.get(following[0], []) if following else [])
    if not (any(not s.raises for s in near) or "Fix:" in body or "](#recipe)" in body
            or any(s.title.startswith("Fix") for s in following)):
        return f"no fix follows section {section_title!r} of {page.name}"
    return None


def _cell_code(text: str) -> str:
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE].rstrip() + " …"
    # Entities, so that Markdown reads no code span, emphasis or cell border in it.
    escaped = html.escape(text).replace("|", "&#124;").replace("`", "&#96;")
    return f"<code>{escaped.replace('*', '&#42;').replace('_', '&#95;')}</code>"


def errors_markdown(project: Project, nav, slugify) -> str:
    parts = []
    elsewhere = []
    for nav_title, path in nav_pages(nav):
        page = project.pages.get(path[:-3])
        if page is None:
            continue
        elsewhere += [(path, row) for row in stack_error_rows(project, page, slugify)]
        rows = error_rows(project, page, slugify)
        linked = [(line, title) for line, title, _, _ in rows]
        linked += [(row[0], row[2]) for where, row in elsewhere if where == path]
        for line, title in linked:
            problem = row_problem(page, title, line)
            if problem:
                log.warning("errors: the row %r links to no section that shows it and its "
                            "fix: %s", line, problem)
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
    table = errors_markdown(for_build(config), config["nav"], slugify)
    return markdown.replace(MARKER, table)

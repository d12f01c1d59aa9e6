"""MkDocs hook: classes for the reading layout ("Reading at a glance" in
docs/assets/extra.css) on elements that Markdown cannot give a class to.

- A code block titled `Output` (or `Output on <stack>`, hooks/stack_tabs.py) gets the
  class `output`: its long lines wrap, and a line that wraps continues indented. Code
  blocks keep their lines.
- In a table inside `<div class="verdicts" markdown>` (the outcome matrix, printed by
  its snippet), a cell that starts with ✓, ✗ or ⚠ gets the class `verdict-ok`,
  `verdict-fail` or `verdict-warn`, so that its colour says the same as its symbol.

Only attributes change; the text of the page, and what a copy button copies, stay as
the snippet printed them.

It also puts the stack banner (`snippets/_footer.md`) under every Markdown page, once.
pymdownx.snippets' `auto_append` did that but also appended it to every docstring that
mkdocstrings renders: 32 banners on the pipeline reference.
"""

from __future__ import annotations

import re

OUTPUT = re.compile(
    r'<div class="(language-[\w-]+ highlight)"([^>]*)>'
    r'(<span class="filename">Output(?: on [^<]*)?</span>)')
VERDICTS = re.compile(r'<div class="verdicts">.*?</table>', re.S)
CELL = re.compile(r"<td>\s*([✓✗⚠])")
VERDICT_CLASS = {"✓": "verdict-ok", "✗": "verdict-fail", "⚠": "verdict-warn"}


FOOTER = '--8<-- "_footer.md"'


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.endswith(".md"):
        markdown = f"{markdown.rstrip()}\n\n{FOOTER}\n"
    return markdown


def on_page_content(html, page, config, files):
    html = OUTPUT.sub(r'<div class="\1 output"\2>\3', html)
    return VERDICTS.sub(_classify_cells, html)


def _classify_cells(table: re.Match) -> str:
    return CELL.sub(lambda cell: f'<td class="{VERDICT_CLASS[cell.group(1)]}">{cell.group(1)}',
                    table.group(0))

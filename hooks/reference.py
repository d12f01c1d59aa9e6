"""MkDocs hook: the table of normalisation rules, generated from `snipcheck.normalising.RULES`.

A page that contains the line `<!-- snipcheck:rules -->` gets, in its place, one table row
per rule, in the order the rules apply: name, why, pattern, what it becomes, and the
rule's own example with its result. Nothing about the rules is typed by hand.
"""

from __future__ import annotations

import html

from snipcheck.normalising import RULES

MARKER = "<!-- snipcheck:rules -->"


def rules_table() -> str:
    def code(text: str) -> str:
        return f"<code>{html.escape(text)}</code>" if text else "<em>(empty)</em>"

    rows = []
    for rule in RULES:
        becomes = "<em>line dropped</em>" if rule.replace is None else code(rule.replace)
        result = code(rule.expected) if rule.expected else "<em>(dropped)</em>"
        rows.append(
            f"<tr><td><strong>{html.escape(rule.name)}</strong></td>"
            f"<td>{html.escape(rule.why)}</td><td>{code(rule.pattern)}</td><td>{becomes}</td>"
            f"<td>{code(rule.example)}<br>→ {result}</td></tr>")
    head = "".join(f"<th>{name}</th>" for name in ("Rule", "Why", "Pattern", "Becomes", "Example"))
    return (f'<div class="snipcheck-rules" markdown="0"><table>\n<thead><tr>{head}</tr></thead>\n'
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table></div>")


def on_page_markdown(markdown, page, config, files):
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, rules_table())
    return markdown

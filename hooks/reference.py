"""MkDocs hook: the tables of normalisation rules, generated from
`snipcheck.normalising.RULES` and `DEVICE_RULES`.

A page that contains the line `<!-- snipcheck:rules -->` (or `<!-- snipcheck:device-rules -->`)
gets, in its place, one table row per rule, in the order the rules apply: name, why,
pattern, what it becomes, and the rule's own example with its result. Nothing about the
rules is typed by hand.
"""

from __future__ import annotations

import html

from snipcheck import normalising

MARKERS = {"<!-- snipcheck:rules -->": "RULES",
           "<!-- snipcheck:device-rules -->": "DEVICE_RULES"}


def rules_table(name: str = "RULES") -> str:
    def code(text: str) -> str:
        return f"<code>{html.escape(text)}</code>" if text else "<em>(empty)</em>"

    rows = []
    for rule in getattr(normalising, name):
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
    for marker, name in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, rules_table(name))
    return markdown

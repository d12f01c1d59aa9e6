"""MkDocs hook: the Versions page and the stack line of every claim, rendered from the
recorded-outcome model ([`snipcheck.project`][snipcheck.project]). Nothing here is typed by
hand, and nothing here decides an outcome: the model does.

* `<!-- snipcheck:stacks -->`: one row per stack: its name, why it is there, its Python,
  the versions its lock holds, and how many snippets it runs.
* `<!-- snipcheck:versions -->`: per topic page, one table, a row per snippet the other
  stacks run: the stacks where it prints what the page shows, and each stack where it
  prints or raises something else (linked to the diff below the table); then the
  snippets a stack cannot run, with the package it lacks.
* `<!-- snipcheck:upgrading -->`: every snippet that raises on purpose on the default
  stack and runs without an error on `tf2.15`, linked to the section with its fix.
* `<!-- snipcheck:on-stack NAME PAGE/SNIPPET -->`: one sentence on what that snippet
  printed on stack NAME, with the stack's key versions.
* On a topic page, each claim's admonition gets a last line: on which stacks its
  verdict holds, where it flips (and how), and where it was not decided (and why).

A stack that should run a snippet but has no result for it recorded fails
`mkdocs build --strict` (a warning, which `strict` makes an error), naming the command
that records it.
"""

from __future__ import annotations

import html
import logging
import re

from snipcheck import stack as snipstack
from snipcheck.comparing import rerecord_command
from snipcheck.outcomes import Outcome, Verdict
from snipcheck.pages import Page, anchors, nav_pages
from snipcheck.project import Project, Recording, for_build

CLASSIC = "tf2.15"
"""The stack of the classic examples: the Upgrading section starts from it."""
MAX_MESSAGE = 60

log = logging.getLogger("mkdocs.hooks.versions")

KEY_PACKAGES = ("tensorflow", "tf-nightly", "keras", "keras-nightly", "tf-keras",
                "tf-keras-nightly", "tensorflow-probability", "tfp-nightly", "jax", "numpy")


def code(text: str) -> str:
    """`text` as inline code that no Markdown table cell, emphasis or span reads into."""
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE].rstrip() + " …"
    escaped = html.escape(text).replace("|", "&#124;").replace("`", "&#96;")
    for char, entity in (("*", "&#42;"), ("_", "&#95;"), ("[", "&#91;"), ("]", "&#93;")):
        escaped = escaped.replace(char, entity)
    return f"<code>{escaped}</code>"


def pins(project: Project, stack: str) -> str:
    versions = project.locked(stack)
    return ", ".join(f"{n} {versions[n]}" for n in KEY_PACKAGES if n in versions)


def stacks_table(project: Project) -> str:
    rows = ["| Stack | Why | Python | Versions (from its lock) | Runs |", "|---|---|---|---|---|"]
    total = len(project.snippets)
    for stack in project.stacks.values():
        ran = sum(project.runs(s, stack.name) for s in project.snippets.values())
        rows.append(f"| `{stack.name}` | {stack.why} | {stack.python} | "
                    f"{pins(project, stack.name)} | {ran} of {total} snippets |")
    return "\n".join(rows) + "\n"


def diff_anchor(recording: Recording) -> str:
    snippet = recording.snippet
    return f"diff-{recording.stack}-{snippet.page}-{snippet.name}".replace(".", "-")


def _missing(recording: Recording) -> None:
    snippet = recording.snippet
    log.warning("versions: %s has no result recorded on stack %s; record it with `%s`",
                snippet.id, recording.stack,
                rerecord_command(snippet.selection, stack=recording.stack))


def statement(recording: Recording) -> str:
    """What a recording that is not the default stack's output says, in a few words."""
    if recording.outcome is Outcome.RAISES:
        return "raises " + code(recording.error_line or "an error")
    judged = recording.verdict
    if judged.verdict is Verdict.HOLDS:
        return "the same error, worded otherwise" if recording.snippet.raises else \
            "other numbers"
    return judged.why + (f" {code(judged.line)}" if judged.line else "")


def _rows(page: Page) -> list[tuple[str, object]]:
    """`(label, snippet)` in page order: the snippets each claim is decided by, labelled
    with the claim's id (`B1`), then the other snippets (`error`, `recipe` or '')."""
    by_name = {s.name: s for s in page.snippets}
    rows, seen = [], set()
    for claim in page.claims:
        for name in claim.deciders:
            if name in by_name and name not in seen:
                rows.append((claim.id, by_name[name]))
                seen.add(name)
    for _, snippet in page.shown:
        if snippet.name not in seen:
            label = ("error" if snippet.raises else
                     "recipe" if snippet.name.startswith("recipe") else "")
            rows.append((label, snippet))
    return rows


def page_table(project: Project, page: Page, path: str, title: str, slugify) -> list[str]:
    ids = anchors(page.sections, slugify)
    where = {s.name: sec for sec, s in page.shown}
    table, diffs, lacking = [], [], {}
    for label, snippet in _rows(page):
        recordings = project.recordings(snippet.id)[1:]
        if not any(r.ran or r.outcome is None for r in recordings):
            for r in recordings:
                if r.outcome is Outcome.NOT_APPLICABLE:
                    lacking.setdefault((snippet.path.name, r.reason), []).append(r.stack)
            continue
        same, other = [], []
        for r in recordings:
            if r.outcome is None:
                _missing(r)
                other.append(f"`{r.stack}`: **missing**")
            elif r.outcome is Outcome.SAME:
                same.append(f"`{r.stack}`")
            elif r.ran:
                diffs.append(r)
                other.append(f"`{r.stack}`: [{statement(r)}](#{diff_anchor(r)})")
            elif r.outcome is Outcome.NOT_APPLICABLE:
                lacking.setdefault((snippet.path.name, r.reason), []).append(r.stack)
        section = where.get(snippet.name)
        name = f"`{snippet.path.name}`"
        link = f"[{name}]({path}#{ids[section]})" if section else name
        table.append(f"| {link} | {label} | {', '.join(same) or '–'} | "
                     f"{'<br>'.join(other) or '–'} |")
    if not table and not lacking:
        return []
    parts = [f"## {title} {{#{page.name}}}\n"]
    if table:
        parts += ["| Snippet | Decides | Prints what the page shows | Prints or raises "
                  "otherwise |", "|---|---|---|---|", *table, ""]
    for (file, reason), stacks in lacking.items():
        parts.append(f"- `{file}` is not applicable on {', '.join(f'`{s}`' for s in stacks)}"
                     f": {reason}.")
    if lacking:
        parts.append("")
    if diffs:
        parts.append(f'??? note "Diffs: {title}"\n')
        for r in diffs:
            name = r.snippet.path.name
            parts.append(f"    **{name} on {r.stack}**\n    {{: #{diff_anchor(r)} }}\n")
            parts.append(f'    ```diff title="Output: {name}, this site → {r.stack}"')
            parts += ["    " + line for line in r.diff.rstrip("\n").splitlines()]
            parts.append("    ```\n")
    return parts


def versions_markdown(project: Project, nav, slugify) -> str:
    parts = []
    for title, path in nav_pages(nav):
        page = project.pages.get(path[:-3])
        if page is not None:
            parts += page_table(project, page, path, title, slugify)
    return "\n".join(parts)


def upgrading_markdown(project: Project, nav, slugify) -> str:
    """Snippets that raise on purpose on the default stack and run without an error on
    `tf2.15`."""
    if CLASSIC not in project.stacks:
        return ""
    rows = ["| Runs on tf2.15; on today's stack it raises | Where the fix is |", "|---|---|"]
    for _, path in nav_pages(nav):
        page = project.pages.get(path[:-3])
        if page is None:
            continue
        ids = anchors(page.sections, slugify)
        for section, snippet in page.shown:
            today = project.recording(snippet.id, snipstack.DEFAULT)
            there = project.recording(snippet.id, CLASSIC)
            if not (snippet.raises and today.error_line and there.ran
                    and there.verdict.verdict is Verdict.FLIPS and not there.error_line):
                continue
            rows.append(f"| {code(today.error_line)} | [{section.title.replace('|', '&#124;')}]"
                        f"({path}#{ids[section]}) (`{snippet.path.name}`) |")
    return "\n".join(rows) + "\n"


def claim_lines(project: Project, page: Page) -> dict[int, str]:
    """For each claim of `page` with deciding snippets, the line that gives its verdict
    on the other stacks: `{line number of the claim: text}`. A stack is judged where it
    ran every deciding snippet, or lacks a package one needs; one that chose not to run
    some of them (`runs`, `[not-run]`) is left out."""
    by_name = {s.name: s for s in page.snippets}
    lines = {}
    for claim in page.claims:
        deciders = [by_name[n] for n in claim.deciders if n in by_name]
        if not deciders:
            continue
        holds, flips, undecided = [], [], []
        for stack in project.others:
            recordings = [project.recording(s.id, stack.name) for s in deciders]
            if any(r.outcome is Outcome.NOT_RUN for r in recordings):
                continue  # the stack was not chosen for (all of) these snippets
            judged = [(r, r.verdict) for r in recordings]
            flipped = [(r, j) for r, j in judged if j.verdict is Verdict.FLIPS]
            open_ = [(r, j) for r, j in judged if j.verdict is Verdict.UNDECIDED]
            if flipped:
                how = "; ".join(f"`{r.snippet.path.name}` {j.why}"
                                + (f" {code(j.line)}" if j.line else "") for r, j in flipped)
                flips.append(f"`{stack.name}` ({how})")
            elif open_:
                why = sorted({j.why for _, j in open_})
                undecided.append(f"`{stack.name}` ({', '.join(why)})")
            else:
                holds.append(f"`{stack.name}`")
        text = []
        if holds:
            text.append("holds on " + ", ".join(holds) + " (numbers may differ)")
        if flips:
            text.append("flips on " + ", ".join(flips))
        if undecided:
            text.append("not decided on " + ", ".join(undecided))
        if text:
            lines[claim.line] = ("*Other stacks:* the verdict " + "; ".join(text)
                                 + f" ([Versions](versions.md#{page.name})).")
    return lines


def with_claim_lines(markdown: str, project: Project, page: Page) -> str:
    """`markdown` with each claim's stack line appended to its admonition."""
    claims = claim_lines(project, page)
    lines = markdown.splitlines()
    for number in sorted(claims, reverse=True):
        last = number - 1
        for index in range(number, len(lines)):
            if lines[index].strip() and not lines[index].startswith("    "):
                break
            if lines[index].strip():
                last = index
        lines[last + 1:last + 1] = ["", "    " + claims[number]]
    return "\n".join(lines) + ("\n" if markdown.endswith("\n") else "")


_ON_STACK = re.compile(r"<!-- snipcheck:on-stack (\S+) (\S+)/(\S+) -->")


def sentence_on_stack(project: Project, name: str, page: str, snippet_name: str) -> str:
    if name not in project.stacks:
        raise ValueError(f"<!-- snipcheck:on-stack {name} ... -->: no stack {name}")
    snippet = project.snippets.get(f"{page}/{snippet_name}")
    if snippet is None:
        raise ValueError(f"<!-- snipcheck:on-stack ... {page}/{snippet_name} -->: no snippet")
    recording = project.recording(snippet.id, name)
    versions = pins(project, name).replace(", numpy " + project.locked(name).get("numpy", ""), "")
    where = f"On `{name}` ({versions}), `{snippet.path.name}`"
    if recording.outcome is None:
        _missing(recording)
        return f"{where}: no result recorded."
    if recording.outcome is Outcome.SAME:
        return f"{where} prints the same output as today's stack."
    if not recording.ran:
        return f"{where} is {recording.label}."
    link = f"([diff](versions.md#{diff_anchor(recording)}))"
    return f"{where} {statement(recording)} {link}."


def on_page_markdown(markdown, page, config, files):
    from markdown.extensions.toc import slugify as default_slugify

    slugify = (config["mdx_configs"].get("toc") or {}).get("slugify", default_slugify)
    project = for_build(config)
    if "<!-- snipcheck:stacks -->" in markdown:
        markdown = markdown.replace("<!-- snipcheck:stacks -->", stacks_table(project))
    if "<!-- snipcheck:versions -->" in markdown:
        markdown = markdown.replace("<!-- snipcheck:versions -->",
                                    versions_markdown(project, config["nav"], slugify))
    if "<!-- snipcheck:upgrading -->" in markdown:
        markdown = markdown.replace("<!-- snipcheck:upgrading -->",
                                    upgrading_markdown(project, config["nav"], slugify))
    markdown = _ON_STACK.sub(lambda m: sentence_on_stack(project, *m.groups()), markdown)
    name = page.file.src_uri[:-3] if page.file.src_uri.endswith(".md") else None
    topic = project.pages.get(name) if name else None
    if topic is not None:
        markdown = with_claim_lines(markdown, project, topic)
    return markdown

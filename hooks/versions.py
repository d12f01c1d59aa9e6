"""MkDocs hook: the Versions page and the stack line of every claim, generated from what
the suite recorded on each stack (`stacks/<name>/results.txt` and the `<name>.<stack>.out`
files beside the snippets). Nothing here is typed by hand.

* `<!-- snipcheck:stacks -->`: one row per stack: its name, why it is there, and the
  versions its lock holds.
* `<!-- snipcheck:versions -->`: per topic page, one table: rows are snippets, grouped
  under the claim they decide (then the errors and recipes no claim names), columns are
  stacks. A cell says `same`, `differs` (linked to the diff below the table), the
  exception the snippet raised there, or `not run` with the stack's reason.
* `<!-- snipcheck:upgrading -->`: every snippet that runs on `tf2.15` and raises on the
  default stack, with the error as printed and a link to the section with its fix.
* `<!-- snipcheck:on-stack NAME PAGE/SNIPPET -->`: one sentence on what that snippet
  printed on stack NAME, with the stack's key versions (for `next`, the dated nightly
  builds): the same as the page shows, something else (linked to the diff), or an error.
* On a topic page, each claim's admonition gets a last line: on which other stacks its
  deciding snippets print what the page shows, and where they differ.

A stack that should run a snippet but has no result for it recorded fails
`mkdocs build --strict` (a warning, which `strict` makes an error), naming the command
that records it.
"""

from __future__ import annotations

import difflib
import html
import logging
import re
from pathlib import Path

from snipcheck import stack as snipstack
from snipcheck.comparing import exception_line
from snipcheck.finding import Snippet
from snipcheck.pages import Page, anchors, checks, nav_pages

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
CLASSIC = "tf2.15"
"""The stack of the classic examples: the Upgrading section starts from it."""
MAX_MESSAGE = 60

log = logging.getLogger("mkdocs.hooks.versions")

_KEY_PACKAGES = ("tensorflow", "tf-nightly", "keras", "keras-nightly", "tf-keras",
                 "tf-keras-nightly", "tensorflow-probability", "tfp-nightly", "jax", "numpy")


def _code(text: str) -> str:
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE].rstrip() + " …"
    escaped = html.escape(text).replace("|", "&#124;").replace("`", "&#96;")
    return f"<code>{escaped.replace('*', '&#42;').replace('_', '&#95;')}</code>"


def _others(root: Path) -> list[snipstack.Stack]:
    return [s for s in snipstack.stacks(root).values() if not s.is_default]


def stacks_table(root: Path = ROOT) -> str:
    rows = ["| Stack | Why | Python | Versions (from its lock) |", "|---|---|---|---|"]
    for stack in snipstack.stacks(root).values():
        versions = snipstack.locked_versions(root, stack.name)
        pins = ", ".join(f"{n} {versions[n]}" for n in _KEY_PACKAGES if n in versions)
        rows.append(f"| `{stack.name}` | {stack.why} | {stack.python} | {pins} |")
    return "\n".join(rows) + "\n"


def cell(root: Path, stack: snipstack.Stack, snippet, selected, results) -> tuple[str, str]:
    """`(cell text, diff)` for one snippet on one stack; `diff` is '' unless the cell
    links to one."""
    why = stack.not_run_reason(snippet.id, selected)
    if why:
        return f"not run ({html.escape(why)})", ""
    result = results.get(snippet.id)
    if result is None:
        log.warning("versions: %s has no result recorded on stack %s; record it with "
                    "`uv run pytest --update-outputs --stack %s -k '%s and %s'`",
                    snippet.id, stack.name, stack.name, snippet.page, snippet.name)
        return "**missing**", ""
    if result == "same":
        return "same", ""
    own = snippet.on(stack.name).stack_out
    theirs = own.read_text(encoding="utf-8") if own.exists() else ""
    ours = snippet.out_path().read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(
        ours.splitlines(keepends=True), theirs.splitlines(keepends=True),
        fromfile=f"{snippet.name} on default", tofile=f"{snippet.name} on {stack.name}"))
    if result == "raises":
        line = exception_line(theirs) or "raises"
        return _code(line), diff
    return "differs", diff


def _rows(page: Page, selected) -> list[tuple[str, object]]:
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


def versions_markdown(docs_dir: Path, nav, slugify, root: Path = ROOT) -> str:
    stacks = list(snipstack.stacks(root).values())
    others = [s for s in stacks if not s.is_default]
    results = {s.name: snipstack.read_results(root, s.name) for s in others}
    selected = checks(docs_dir, root / "snippets")
    parts = []
    for title, path in nav_pages(nav):
        page = Page(path[:-3], docs_dir, root / "snippets")
        if not page.has_snippets:
            continue
        ids = anchors(page.sections, slugify)
        where = {s.name: sec for sec, s in page.shown}
        rows = _rows(page, selected)
        # A stack that runs none of the page's snippets gets no column here.
        columns = [s for s in others
                   if any(not s.not_run_reason(sn.id, selected) for _, sn in rows)]
        parts.append(f"## {title} {{#{page.name}}}\n")
        header = "| Decides | Snippet | " + " | ".join(s.name for s in columns) + " |"
        parts += [header, "|---" * (len(columns) + 2) + "|"]
        diffs = []
        for label, snippet in rows:
            section = where.get(snippet.name)
            name = f"`{snippet.path.name}`"
            link = f"[{name}]({path}#{ids[section]})" if section else name
            link = f"{label} | {link}"
            cells = []
            for stack in columns:
                text, diff = cell(root, stack, snippet, selected, results[stack.name])
                if diff:
                    anchor = f"diff-{stack.name}-{page.name}-{snippet.name}".replace(".", "-")
                    diffs.append((anchor, snippet, stack, diff))
                    text = (f"[{text}](#{anchor})" if text == "differs"
                            else f"{text} ([diff](#{anchor}))")
                cells.append(text)
            parts.append(f"| {link} | " + " | ".join(cells) + " |")
        parts.append("")
        if diffs:
            parts.append(f'??? note "Diffs: {title}"\n')
            for anchor, snippet, stack, diff in diffs:
                parts.append(f'    **{snippet.path.name} on {stack.name}**\n    {{: #{anchor} }}\n')
                parts.append("    ```diff")
                parts += ["    " + line for line in diff.rstrip("\n").splitlines()]
                parts.append("    ```\n")
    return "\n".join(parts)


def upgrading_markdown(docs_dir: Path, nav, slugify, root: Path = ROOT) -> str:
    """Snippets that run on `tf2.15` and raise on the default stack."""
    known = snipstack.stacks(root)
    if CLASSIC not in known:
        return ""
    results = snipstack.read_results(root, CLASSIC)
    rows = ["| Runs on tf2.15; on today's stack it raises | Where the fix is |", "|---|---|"]
    for _, path in nav_pages(nav):
        page = Page(path[:-3], docs_dir, root / "snippets")
        if not page.has_snippets:
            continue
        ids = anchors(page.sections, slugify)
        for section, snippet in page.shown:
            error = snippet.error_line
            if not error or not _runs_there(snippet, CLASSIC, results):
                continue
            rows.append(f"| {_code(error)} | [{section.title.replace('|', '&#124;')}]"
                        f"({path}#{ids[section]}) (`{snippet.path.name}`) |")
    return "\n".join(rows) + "\n"


def claim_line(page: Page, root: Path = ROOT) -> dict[int, str]:
    """For each claim of `page` with deciding snippets, the line that says on which other
    stacks they print what the page shows: `{line number of the claim: text}`."""
    lines = {}
    others = _others(root)
    results_of = {s.name: snipstack.read_results(root, s.name) for s in others}
    selected = checks(page.docs_dir, root / "snippets")
    for claim in page.claims:
        if not claim.deciders:
            continue
        same, differs, runs = [], [], []
        by_name = {s.name: s for s in page.snippets}
        for stack in others:
            results = results_of[stack.name]
            ran = [by_name[n] for n in claim.deciders if n in by_name
                   and not stack.not_run_reason(by_name[n].id, selected)]
            if not ran:
                continue
            if all(results.get(s.id) == "same" for s in ran):
                same.append(f"`{stack.name}`")
            elif all(s.raises and _runs_there(s, stack.name, results) for s in ran):
                runs.append(f"`{stack.name}`")
            else:
                differs.append(f"`{stack.name}`")
        text = []
        if same:
            text.append("same output on " + ", ".join(same))
        if runs:
            text.append("on " + ", ".join(runs) + " the code runs without the error")
        if differs:
            text.append("differs on " + ", ".join(differs))
        if text:
            lines[claim.line] = ("*Other stacks:* " + "; ".join(text)
                                 + f" ([Versions](versions.md#{page.name})).")
    return lines


def _runs_there(snippet, stack: str, results: dict[str, str]) -> bool:
    """True when `snippet`, which raises on the default stack, ran without an exception on
    `stack`."""
    own = snippet.on(stack).stack_out
    return (results.get(snippet.id) == "differs" and own.exists()
            and exception_line(own.read_text(encoding="utf-8")) is None)


def with_claim_lines(markdown: str, page: Page, root: Path = ROOT) -> str:
    """`markdown` with each claim's stack line appended to its admonition."""
    claims = claim_line(page, root)
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


def sentence_on_stack(name: str, page: str, snippet_name: str, root: Path = ROOT) -> str:
    known = snipstack.stacks(root)
    if name not in known:
        raise ValueError(f"<!-- snipcheck:on-stack {name} ... -->: no stack {name}")
    path = root / "snippets" / page / f"{snippet_name}.py"
    if not path.exists():
        raise ValueError(f"<!-- snipcheck:on-stack ... {page}/{snippet_name} -->: no snippet")
    snippet = Snippet(path, page)
    versions = snipstack.locked_versions(root, name)
    pins = ", ".join(f"{n} {versions[n]}" for n in _KEY_PACKAGES if n in versions
                     and n not in ("numpy", "tensorflow-io-gcs-filesystem"))
    result = snipstack.read_results(root, name).get(snippet.id)
    where = f"On `{name}` ({pins}), `{path.name}`"
    if result is None:
        log.warning("versions: %s has no result recorded on stack %s", snippet.id, name)
        return f"{where}: no result recorded."
    if result == "same":
        return f"{where} prints the same output as today's stack."
    anchor = f"diff-{name}-{page}-{snippet_name}".replace(".", "-")
    if result == "raises":
        line = exception_line(snippet.on(name).stack_out.read_text(encoding="utf-8"))
        return f"{where} raises {_code(line or '')} ([diff](versions.md#{anchor}))."
    return f"{where} prints something else ([diff](versions.md#{anchor}))."


def on_page_markdown(markdown, page, config, files):
    from markdown.extensions.toc import slugify as default_slugify

    slugify = (config["mdx_configs"].get("toc") or {}).get("slugify", default_slugify)
    docs_dir = Path(config["docs_dir"])
    if "<!-- snipcheck:stacks -->" in markdown:
        markdown = markdown.replace("<!-- snipcheck:stacks -->", stacks_table())
    if "<!-- snipcheck:versions -->" in markdown:
        markdown = markdown.replace("<!-- snipcheck:versions -->",
                                    versions_markdown(docs_dir, config["nav"], slugify))
    if "<!-- snipcheck:upgrading -->" in markdown:
        markdown = markdown.replace("<!-- snipcheck:upgrading -->",
                                    upgrading_markdown(docs_dir, config["nav"], slugify))
    markdown = _ON_STACK.sub(lambda m: sentence_on_stack(*m.groups()), markdown)
    name = page.file.src_uri[:-3] if page.file.src_uri.endswith(".md") else None
    topic = Page(name, docs_dir, SNIPPETS) if name else None
    if topic is not None and topic.has_snippets:
        markdown = with_claim_lines(markdown, topic)
    return markdown

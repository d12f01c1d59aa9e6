"""MkDocs hook: the reader's stack, one click away on every page.

Every Output block whose snippet ran on another stack becomes a set of content tabs, one
per stack, labelled with the stack's `label` (`stacks/<name>/stack.toml`): the default
stack's tab first and open, then the older releases, newest first, the nightlies, and
the stacks that change one thing of a release (`_order`). Material's linked tabs
(`content.tabs.link`) switch every tab set with the same label, on every page, and keep
the choice across pages, so one click shows every output as the reader's stack printed
it.

A stack's tab shows its recorded output: `<name>.<stack>.out` where the stack printed
something else or raised, the default `<name>.out` (saying so in the title) where it
printed the same. A stack that runs the checks, or names the snippet in its `[not-run]`
table, but did not run this snippet gets a tab that says why. A block whose snippet ran
on no other stack stays as it is, and so does a snippet whose page already shows a
stack's own output (`<name>.<stack>.out`). Of the other stacks' tabs, search indexes
only the outputs that end in an error (a reader on that stack pastes its last line); the
rest is left out of the index (`data-search-exclude`), which every page loads.

The stack banner under every page (`snippets/_footer.md`) includes `_install_tabs.md`,
written here: each stack's install line, `pip install` with each package the stack
requires at the version of its lock, in tabs with the same labels.

The markdown is rewritten before pymdownx reads it: only `===` tab lines are added and
the Output fences indented under them; what each block includes is unchanged.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from snipcheck import stack as snipstack
from snipcheck.outcomes import Outcome
from snipcheck.pages import INCLUDE
from snipcheck.project import Project, Recording, for_build

__all__ = ["recordings_for", "tabs_for", "with_stack_tabs", "install_tabs",
           "on_config", "on_page_markdown", "on_shutdown"]

INSTALL_TABS = "_install_tabs.md"
"""The include name the stack banner uses for the install lines in tabs."""

#: An Output fence's opening line: indentation, fence, and the rest.
_OUTPUT_FENCE = re.compile(r'^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})text title="Output"\s*$')
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")

#: Left out of the search index (which every page loads: page weight): every stack's
#: output but those that end in an error, whose last line a reader pastes into search.
_UNSEARCHED = '{: data-search-exclude="" }'

#: What a reader is told for the reasons `snipcheck.stack.Stack.not_run_reason` gives.
_WHY = {
    snipstack.SELECTIONS["checks"]: "this stack runs only the snippets that decide a "
                                    "claim, those that raise on purpose, and the recipes",
    snipstack.SELECTIONS["claims"]: "this stack runs only the snippets that decide a "
                                    "claim, and the recipes",
    "not chosen": "this stack runs only the snippets it was made for",
}


_project: Project | None = None
_folder: tempfile.TemporaryDirectory | None = None


def _order(stacks: dict[str, snipstack.Stack]) -> list[snipstack.Stack]:
    """The tab order: the default stack; the release lines (stacks that run a selection)
    older than it, newest first, then those ahead of it (the nightlies); then the stacks
    that change one thing of a release (another Python, jax, a TFP), newest first."""
    default = stacks[snipstack.DEFAULT]

    def key(stack: snipstack.Stack):
        line = stack.selects and stack.released != default.released
        if line and stack.released < default.released:
            return (0, _negated(stack.released), stack.name)
        if line:
            return (1, stack.released, stack.name)
        return (2, _negated(stack.released), stack.name)

    return [default, *sorted((s for s in stacks.values() if not s.is_default), key=key)]


def _negated(released: str) -> tuple[int, ...]:
    """`YYYY-MM` as a key that sorts the newest first."""
    return tuple(-int(part) for part in released.split("-"))


def recordings_for(snippet_id: str) -> list[Recording]:
    """For the snippet `<page>/<name>`, each other stack's recording, in tab order: the
    recorded-outcome model's (`snipcheck.project.Project.recordings`), read once per
    build."""
    assert _project is not None, "recordings_for runs inside a build (on_config first)"
    if snippet_id not in _project.snippets:
        return []
    by_stack = {r.stack: r for r in _project.recordings(snippet_id)}
    return [by_stack[stack.name] for stack in _order(_project.stacks)[1:]]


def _shown(recording: Recording) -> bool:
    """A stack gets a tab where it ran the snippet, or where a reader who chose it must
    learn why it did not: it runs a selection (a release line), or names the snippet, or
    lacks a package the snippet needs."""
    if recording.ran or recording.outcome is Outcome.NOT_APPLICABLE:
        return True
    stack = _project.stacks[recording.stack]
    named = recording.reason in dict(stack.not_run).values()  # its id or its page
    return named or stack.selects


def _include(recording: Recording, snippet_id: str) -> str:
    """The `.out` a tab includes: the stack's own where it stored one, else the default."""
    own = recording.snippet.stack_out
    return f"{snippet_id}.{recording.stack}.out" if own and own.exists() else f"{snippet_id}.out"


def tabs_for(snippet_id: str, indent: str, fence: str, block: list[str]) -> list[str] | None:
    """The lines of the tab set that replaces the Output fence `block` (its lines, as on
    the page), or None where no other stack ran the snippet."""
    recordings = recordings_for(snippet_id)
    if not any(r.ran for r in recordings):
        return None
    inner = indent + "    "
    default = _project.stacks[snipstack.DEFAULT].label
    lines = [f'{indent}===! "{default}"', ""]
    lines += [inner + line[len(indent):] if line.strip() else "" for line in block]
    for recording in recordings:
        if not _shown(recording):
            continue
        label = _project.stacks[recording.stack].label
        lines += ["", f'{indent}=== "{label}"', ""]
        if not recording.ran:
            why = _WHY.get(recording.reason, recording.reason or "no result recorded yet")
            verb = "Not applicable" if recording.outcome is Outcome.NOT_APPLICABLE else "Not run"
            lines += [f"{inner}{verb} on {label}: {why}.", f"{inner}{_UNSEARCHED}"]
            continue
        title = f"Output on {label}"
        if recording.outcome is Outcome.SAME:
            title += f", the same as on {default}"
        if recording.outcome is Outcome.RAISES:
            opening = f'{fence}text title="{title}"'
        else:
            opening = f'{fence} {{ .text title="{title}" {_UNSEARCHED[2:-2].strip()} }}'
        include = _include(recording, snippet_id)
        lines += [inner + opening, f'{inner}--8<-- "{include}"', f"{inner}{fence}"]
    return lines


def with_stack_tabs(markdown: str) -> str:
    """The page with every Output block of a snippet that ran on other stacks in tabs."""
    lines = markdown.split("\n")
    shown_per_stack = {m.group(1) for m in map(INCLUDE.match, lines)
                       if m and m.group(1).count(".") > 1 and m.group(1).endswith(".out")}
    out: list[str] = []
    i, inside = 0, None
    while i < len(lines):
        line = lines[i]
        if inside:  # in some other fence: copy up to its closing line
            out.append(line)
            closing = _FENCE.match(line)
            if closing and closing.group(1)[0] == inside[0] and len(closing.group(1)) >= \
                    len(inside) and not line.strip()[len(closing.group(1)):].strip():
                inside = None
            i += 1
            continue
        opening = _OUTPUT_FENCE.match(line)
        include = INCLUDE.match(lines[i + 1]) if opening and i + 2 < len(lines) else None
        if include and lines[i + 2].strip() == opening.group("fence"):
            target = include.group(1)
            snippet_id = target.removesuffix(".out")
            others_shown = any(s.startswith(snippet_id + ".") for s in shown_per_stack)
            tabs = None
            if target.endswith(".out") and "." not in Path(snippet_id).name \
                    and not others_shown:
                tabs = tabs_for(snippet_id, opening.group("indent"), opening.group("fence"),
                                lines[i:i + 3])
            out += tabs or lines[i:i + 3]
            i += 3
            continue
        other = _FENCE.match(line)
        if other:
            inside = other.group(1)
        out.append(line)
        i += 1
    return "\n".join(out)


def _package(requirement: str) -> str:
    """The canonical package name of a requirement (`tf_keras==2.16.0` → `tf-keras`)."""
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement).group(1)
    return re.sub(r"[-_.]+", "-", name).lower()


def install_tabs(root: Path, stacks: list[snipstack.Stack]) -> str:
    """`_install_tabs.md`: each stack's install line in a tab with the stack's label."""
    lines = []
    for number, stack in enumerate(stacks):
        if stack.is_default:
            line = snipstack.install_line(root)
        else:
            locked = snipstack.locked_versions(root, stack.name)
            names = [_package(r) for r in stack.requires]
            line = "pip install " + " ".join(f"{n}=={locked[n]}" for n in names)
        python = "" if stack.python == snipstack.OWN_PYTHON else f", on Python {stack.python}"
        lines += [f'{"===!" if number == 0 else "==="} "{stack.label}"', "",
                  f"    In a new environment{python}:", "",
                  "    ```bash", f"    {line}", "    ```", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- MkDocs events


def on_config(config):
    """Read the stacks and their results once; write `_install_tabs.md` where includes
    find it."""
    global _project, _folder
    _project = for_build(config)
    if _folder is None:
        _folder = tempfile.TemporaryDirectory(prefix="stack-tabs-")
    (Path(_folder.name) / INSTALL_TABS).write_text(
        install_tabs(_project.root, _order(_project.stacks)), encoding="utf-8")
    snippets = config["mdx_configs"].setdefault("pymdownx.snippets", {})
    paths = snippets.get("base_path", ["."])
    paths = [paths] if isinstance(paths, str) else list(paths)
    if _folder.name not in paths:
        snippets["base_path"] = [*paths, _folder.name]
    return config


def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.endswith(".md"):
        return markdown
    return with_stack_tabs(markdown)


def on_shutdown():
    global _folder
    if _folder is not None:
        _folder.cleanup()
        _folder = None

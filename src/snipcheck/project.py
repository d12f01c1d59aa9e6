"""The recorded-outcome model: what each snippet did on each stack, read once.

A [`Project`][snipcheck.project.Project] is one checkout: its root, pages, snippets and
stacks, and for every `(snippet, stack)` one [`Recording`][snipcheck.project.Recording]
with an [`Outcome`][snipcheck.project.Outcome]. The plugin, the drift watch and the MkDocs
hooks all ask it; none of them reads `results.txt` or a `<name>.<stack>.out` itself.

* [`decide`][snipcheck.project.decide] is the one rule that turns a run into an outcome;
* [`applicability`][snipcheck.project.applicability] says, from a stack's lock and before
  anything runs, whether a snippet can run there at all;
* [`verdict`][snipcheck.project.verdict] says whether a stack's recording upholds what the
  default stack's shows (the claim lines);
* [`Project.write_output`][snipcheck.project.Project.write_output] and
  [`Project.write_results`][snipcheck.project.Project.write_results] are the only writers
  of recorded outputs and of `stacks/<name>/results.txt`.

The root is passed in, or found from the working directory
([`find_root`][snipcheck.project.find_root]); the package never locates the checkout
from its own file.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
from pathlib import Path

from snipcheck import stack as snipstack
from snipcheck.finding import Snippet, discover
from snipcheck.outcomes import (
    Judgement,
    Outcome,
    Verdict,
    applicability,
    decide,
    exception_line,
    exception_type,
    verdict,
)
from snipcheck.pages import Page, pages_with_snippets, selections
from snipcheck.root import find_root

__all__ = ["Judgement", "Outcome", "Project", "Recording", "Verdict", "applicability", "decide",
           "exception_line", "exception_type", "find_root", "verdict"]


@dataclasses.dataclass(frozen=True)
class Recording:
    """What one snippet did on one stack, as recorded."""

    snippet: Snippet
    """The snippet on the stack (`snippet.stack` is the stack's name)."""
    outcome: Outcome | None
    """None when the stack runs the snippet but no result is recorded yet."""
    output: str | None = None
    """What it printed there (the default stack's text when the outcome is `same`)."""
    reason: str | None = None
    """Why it did not run (`not run`), or the package the stack lacks (`not applicable`)."""
    default_output: str | None = None

    @property
    def stack(self) -> str:
        return self.snippet.stack

    @property
    def ran(self) -> bool:
        return self.outcome is not None and self.outcome.ran

    @property
    def error_line(self) -> str | None:
        """The `Type: message` line the output ends with, when it ends in an exception."""
        return exception_line(self.output) if self.output and self.ran else None

    @property
    def diff(self) -> str:
        """The unified diff from the default stack's output to this one ('' when same)."""
        if not self.ran or self.output == self.default_output:
            return ""
        return "".join(difflib.unified_diff(
            (self.default_output or "").splitlines(keepends=True),
            self.output.splitlines(keepends=True),
            fromfile=f"{self.snippet.name} on {snipstack.DEFAULT}",
            tofile=f"{self.snippet.name} on {self.stack}"))

    @property
    def verdict(self) -> Judgement:
        """Whether this recording upholds what the default stack's output shows."""
        return verdict(self.snippet.raises, self.default_output, self)

    @property
    def label(self) -> str:
        """A short statement: `same`, `differs`, `raises`, `not run (why)`, …"""
        if self.outcome is None:
            return "no result recorded"
        if self.reason:
            return f"{self.outcome.value} ({self.reason})"
        return self.outcome.value


class Project:
    """One checkout, read once: pages, snippets, stacks and every recording."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.docs_dir = self.root / "docs"
        self.snippets_dir = self.root / "snippets"
        self._recordings: dict[tuple[str, str], Recording] = {}
        self._locked: dict[str, dict[str, str]] = {}

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        return cls(find_root(start))

    @functools.cached_property
    def stacks(self) -> dict[str, snipstack.Stack]:
        """Every stack by name, in release order, the default stack included."""
        return snipstack.stacks(self.root)

    @property
    def others(self) -> list[snipstack.Stack]:
        """The stacks other than the default one, in release order."""
        return [s for s in self.stacks.values() if not s.is_default]

    @functools.cached_property
    def snippets(self) -> dict[str, Snippet]:
        """Every snippet (on the default stack) by id."""
        found = discover(self.snippets_dir) if self.snippets_dir.is_dir() else []
        return {s.id: s for s in found}

    @functools.cached_property
    def pages(self) -> dict[str, Page]:
        """Every page with a snippet folder, by name."""
        if not self.docs_dir.is_dir():
            return {}
        return {p.name: p for p in pages_with_snippets(self.docs_dir, self.snippets_dir)}

    @functools.cached_property
    def selections(self) -> dict[str, frozenset[str]]:
        """What each selection of a stack's `runs` selects (`snipcheck.pages.selections`)."""
        if not self.docs_dir.is_dir():
            return {}
        return selections(self.docs_dir, self.snippets_dir)

    @functools.cached_property
    def _results(self) -> dict[str, dict[str, Outcome]]:
        return {s.name: {k: Outcome(v) for k, v in
                         snipstack.read_results(self.root, s.name).items()}
                for s in self.others}

    def results(self, stack: str) -> dict[str, Outcome]:
        """`results.txt` of a stack, as read: snippet id → outcome."""
        return self._results.get(stack, {})

    def locked(self, stack: str) -> dict[str, str]:
        """Package → version, as the stack's lock holds them."""
        if stack not in self._locked:
            self._locked[stack] = snipstack.locked_versions(self.root, stack)
        return self._locked[stack]

    def selection(self, snippet: Snippet, stack: str) -> tuple[Outcome, str] | None:
        """`(not run | not applicable, why)` when `snippet` does not run on `stack`, None
        when it does. Decided before anything runs: the stack's choice, then its lock."""
        if stack == snipstack.DEFAULT:
            return None
        why = self.stacks[stack].not_run_reason(snippet.id, self.selections)
        if why:
            return Outcome.NOT_RUN, why
        missing = applicability(snippet.source, snippet.raises, self.locked(stack))
        if missing:
            return Outcome.NOT_APPLICABLE, f"no {missing} on this stack"
        return None

    def runs(self, snippet: Snippet, stack: str) -> bool:
        return self.selection(snippet, stack) is None

    def recording(self, snippet_id: str, stack: str) -> Recording:
        """The recording of one snippet on one stack."""
        key = (snippet_id, stack)
        if key not in self._recordings:
            self._recordings[key] = self._read(self.snippets[snippet_id], stack)
        return self._recordings[key]

    def recordings(self, snippet_id: str) -> list[Recording]:
        """The snippet's recording on every stack: the default stack's first, then the
        others in release order."""
        names = [snipstack.DEFAULT] + [s.name for s in self.others]
        return [self.recording(snippet_id, name) for name in names]

    def _read(self, snippet: Snippet, stack: str) -> Recording:
        default_out = snippet.out_path()
        default = default_out.read_text(encoding="utf-8") if default_out.exists() else None
        on = snippet.on(stack)
        if stack == snipstack.DEFAULT:
            outcome = Outcome.RAISES if snippet.raises else Outcome.SAME
            return Recording(on, outcome if default is not None else None, default,
                             default_output=default)
        skipped = self.selection(snippet, stack)
        if skipped:
            return Recording(on, skipped[0], reason=skipped[1], default_output=default)
        outcome = self.results(stack).get(snippet.id)
        if outcome is None:
            return Recording(on, None, default_output=default)
        own = on.stack_out
        output = own.read_text(encoding="utf-8") if own.exists() else default
        return Recording(on, outcome, output, default_output=default)

    # ------------------------------------------------------------- the writers

    def write_output(self, snippet: Snippet, actual: str, path: Path) -> Path:
        """Record `actual` as the output of `snippet` at `path` (its `.out`, `.gpu.out` or
        `<name>.<stack>.out`). On another stack an output the same as the default
        stack's is not stored twice: its own file is removed. Returns the file changed."""
        if snippet.stack != snipstack.DEFAULT and path == snippet.stack_out:
            default = snippet.out_path()
            if default.exists() and default.read_text() == actual:
                path.unlink(missing_ok=True)
                return self.stacks[snippet.stack].results_file(self.root)
        path.write_text(actual)
        return path

    def write_results(self, stack: str, results: dict[str, Outcome]) -> bool:
        """Write `stacks/<stack>/results.txt` when `results` differ from what it holds;
        True when it wrote."""
        if results == self.results(stack):
            return False
        snipstack.write_results(self.root, stack, {k: v.value for k, v in results.items()})
        self._results[stack] = dict(results)
        self._recordings.clear()
        return True


_BUILD: list[tuple[int, Project]] = []


def for_build(config) -> Project:
    """The project of a MkDocs build (its `mkdocs.yml`'s folder), read once per build and
    shared by every hook of that build."""
    if not _BUILD or _BUILD[0][0] != id(config):
        _BUILD[:] = [(id(config), Project(Path(config["config_file_path"]).parent))]
    return _BUILD[0][1]

"""Outcomes: the pure rules of the recorded-outcome model ([`snipcheck.project`][]).

Nothing here reads a file. Each rule is written once:

* [`decide`][snipcheck.outcomes.decide]: what a run on another stack was, against the
  default stack's recording;
* [`applicability`][snipcheck.outcomes.applicability]: the package a snippet needs that a
  stack's lock lacks;
* [`verdict`][snipcheck.outcomes.verdict]: whether a stack's recording upholds what the
  default stack shows (numbers may differ);
* [`exception_line`][snipcheck.outcomes.exception_line] and
  [`exception_type`][snipcheck.outcomes.exception_type]: the error an output ends with.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import re
from typing import Protocol


class Outcome(enum.Enum):
    """What a snippet did on a stack."""

    SAME = "same"
    """It printed what the default stack prints."""
    DIFFERS = "differs"
    """It printed something else (`<name>.<stack>.out`)."""
    RAISES = "raises"
    """It ended in an exception the default stack does not raise."""
    NOT_RUN = "not run"
    """The stack does not run it (`runs`, `[not-run]` of its `stack.toml`)."""
    NOT_APPLICABLE = "not applicable"
    """The stack lacks a package it needs (read from the stack's lock)."""

    @property
    def ran(self) -> bool:
        return self in RECORDED


RECORDED = (Outcome.SAME, Outcome.DIFFERS, Outcome.RAISES)
"""The outcomes of a run: what `results.txt` may hold."""


def decide(default_output: str | None, actual: str, raised: bool,
           declared: str | None) -> Outcome:
    """The outcome of a run on another stack: `same` when it printed the default stack's
    output; `raises` when it ended in an exception the snippet does not declare; else
    `differs`."""
    if actual == default_output:
        return Outcome.SAME
    if raised and not declared:
        return Outcome.RAISES
    return Outcome.DIFFERS


# ----------------------------------------------------------------- errors in outputs

_EXCEPTION_LINE = re.compile(
    r"^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt|Failure)|"
    r"[A-Za-z_][\w.]*\.[A-Z]\w*):(?: |$)")


def exception_line(output: str) -> str | None:
    """The last `Type: message` line of an output: where Python's report of an uncaught
    exception starts (a long message may go on over more lines)."""
    for line in reversed(output.splitlines()):
        if _EXCEPTION_LINE.match(line):
            return line
    return None


def exception_type(output: str) -> str | None:
    """The exception type named by the last `Type: message` line of an output, without
    its module (`ValueError`, not `builtins.ValueError`).

    A message that starts with a line break leaves `Type:` alone on its line.
    """
    line = exception_line(output)
    return _EXCEPTION_LINE.match(line).group(1).rsplit(".", 1)[-1] if line else None


# ----------------------------------------------------------------- applicability

PACKAGES = {
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tf-nightly", "tf-nightly-cpu"),
    "tensorflow_probability": ("tensorflow-probability", "tfp-nightly"),
    "tf_keras": ("tf-keras", "tf-keras-nightly"),
    "keras": ("keras", "keras-nightly"),
    "jax": ("jax",),
    "jaxlib": ("jaxlib",),
    "matplotlib": ("matplotlib",),
    "h5py": ("h5py",),
}
"""Import name → the distributions that provide it (a release or its nightly)."""

SUBSTRATES = {"tensorflow_probability.substrates.jax": "jax"}
"""A module that imports another package the snippet does not name: TFP's JAX substrate
runs on jax."""

_NOT_APPLICABLE_BY = ("ModuleNotFoundError", "ImportError", "PackageNotFoundError")
"""A snippet that declares one of these demonstrates the missing package itself."""

_METADATA_CALLS = ("version", "requires", "metadata", "distribution", "files")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def needed(source: str) -> list[tuple[str, ...]]:
    """What a snippet needs, as alternatives of distribution names: one entry per known
    module it imports, and per package whose metadata it asks for by a literal name
    (`version("tf-keras")`). What it does inside a `try` is optional to it."""
    tree = ast.parse(source)
    guarded = {id(n) for t in ast.walk(tree) if isinstance(t, ast.Try)
               for stmt in t.body for n in ast.walk(stmt)}
    found: list[tuple[str, ...]] = []
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        names = [m.split(".")[0] for m in modules]
        names += [package for module in modules for prefix, package in SUBSTRATES.items()
                  if module == prefix or module.startswith(prefix + ".")]
        for name in names:
            if name in PACKAGES and PACKAGES[name] not in found:
                found.append(PACKAGES[name])
        if (isinstance(node, ast.Call) and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) in _METADATA_CALLS):
            package = (_canonical(node.args[0].value),)
            if package not in found:
                found.append(package)
    return found


def applicability(source: str, declared: str | None, locked: dict[str, str]) -> str | None:
    """The package a snippet needs that a stack's lock (`package → version`) lacks, or
    None when it can run there."""
    if declared and declared.rsplit(".", 1)[-1] in _NOT_APPLICABLE_BY:
        return None
    have = {_canonical(name) for name in locked}
    for alternatives in needed(source):
        if not any(_canonical(a) in have for a in alternatives):
            return alternatives[0]
    return None


# ----------------------------------------------------------------- verdicts

class Verdict(enum.Enum):
    HOLDS = "holds"
    FLIPS = "flips"
    UNDECIDED = "not decided"


class _Recorded(Protocol):
    outcome: object
    output: str | None
    reason: str | None


@dataclasses.dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    why: str = ""
    """For `flips`, what happens instead; for `not decided`, why not."""
    line: str = ""
    """For a snippet that prints otherwise, the first line that differs (spaces collapsed)."""


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)+(?:\.?(?:dev|rc|post|a|b)\d+)?"  # a version
                     r"|[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def shape(output: str) -> list[str]:
    """The non-numeric lines of an output: each line with its numbers masked and its runs
    of spaces collapsed (a number of another width moves the columns of a table)."""
    return [" ".join(_NUMBER.sub("#", line).split()) for line in output.strip().splitlines()]


def verdict(declared: str | None, default_output: str | None,
            recording: _Recorded) -> Judgement:
    """Whether a stack's recording upholds what the default stack's output shows.

    A snippet that raises on purpose holds where it raises the same exception type; one
    that prints holds where it ends without an exception and its non-numeric lines are
    the same (each line with its numbers masked). Anything else flips, and says what
    happened instead; a snippet that did not run there leaves it undecided.
    """
    outcome = getattr(recording.outcome, "value", recording.outcome)
    if outcome is None:
        return Judgement(Verdict.UNDECIDED, "no result recorded")
    if outcome in ("not run", "not applicable"):
        return Judgement(Verdict.UNDECIDED, recording.reason or outcome)
    if outcome == "same":
        return Judgement(Verdict.HOLDS)
    output = recording.output or ""
    raised = exception_type(output) if outcome == "raises" or declared else None
    if declared:
        want = declared.rsplit(".", 1)[-1]
        if raised == want:
            return Judgement(Verdict.HOLDS)
        if raised:
            return Judgement(Verdict.FLIPS, f"raises {raised} instead")
        return Judgement(Verdict.FLIPS, f"runs without the {want}")
    if raised:
        return Judgement(Verdict.FLIPS, f"raises {raised}")
    if shape(output) == shape(default_output or ""):
        return Judgement(Verdict.HOLDS)
    old, new = shape(default_output or ""), shape(output)
    printed = output.strip().splitlines()
    for number, line in enumerate(new):
        if number >= len(old) or old[number] != line:
            return Judgement(Verdict.FLIPS, "prints", " ".join(printed[number].split()))
    return Judgement(Verdict.FLIPS, "prints less")

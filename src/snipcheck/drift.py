"""Drift watch: what the newest nightlies print, against what was recorded.

    uv run python -m snipcheck.drift [--stack next] [--report drift.md]

Resolves the `next` stack's packages again with the pins of its `*-nightly` packages
lifted (the newest builds of that day), installs them into `.stacks/<stack>-drift`, runs
every snippet the stack runs, and reports each output that changed, against the output
recorded on `next` and against the default stack's: snippet, the first differing line,
old and new. The report goes to standard output, to `--report` and, on GitHub Actions, to
the job summary. It exits 0 whatever changed: drift is news, not a failure, and never
blocks publishing (the scheduled workflow `drift.yml` runs it weekly). To adopt what
changed, re-pin the stack (`stacks/next/stack.toml`), lock it and re-record:
`uv run pytest --update-outputs --stack next`.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from snipcheck import stack as snipstack
from snipcheck.installing import install_lock
from snipcheck.normalising import normalise
from snipcheck.project import Project, Recording
from snipcheck.stack import DEFAULT
from snipcheck.running import run_snippet


@dataclasses.dataclass(frozen=True)
class Drift:
    """One output that changed: against which recording, and where it first differs."""

    snippet: str
    against: str
    """The stack (its own recording) or `default` (the default stack's output)."""
    line: int
    old: str
    new: str


def first_difference(old: str, new: str) -> tuple[int, str, str] | None:
    """`(line number, old line, new line)` of the first line that differs, or None."""
    a, b = old.splitlines(), new.splitlines()
    for number in range(max(len(a), len(b))):
        x = a[number] if number < len(a) else "<no line>"
        y = b[number] if number < len(b) else "<no line>"
        if x != y:
            return number + 1, x, y
    return None


def drifts(recording: Recording, new: str) -> list[Drift]:
    """How `new` (a normalised output on the newest nightlies) differs from the recording
    on its stack and from the default stack's output."""
    stack = recording.stack
    default = recording.default_output or ""
    on_stack = recording.output if recording.ran and recording.output is not None else default
    if on_stack == default:
        against = [(f"{stack} (= {DEFAULT})", default)]
    else:
        against = [(stack, on_stack), (DEFAULT, default)]
    found = []
    for name, old in against:
        where = first_difference(old, new)
        if where:
            found.append(Drift(recording.snippet.id, name, *where))
    return found


def report(found: list[Drift], versions: dict[str, str], stack: str = "next") -> str:
    """A readable summary: one row per changed output and recording."""
    day = datetime.date.today().isoformat()
    pins = ", ".join(f"{n} {v}" for n, v in sorted(versions.items()) if "nightly" in n)
    lines = [f"# Drift watch, {day}", "", f"Newest nightlies: {pins or 'none'}.", ""]
    if not found:
        lines.append(f"No output changed against the recordings on `{stack}` and the "
                     "default stack.")
        return "\n".join(lines) + "\n"
    changed = sorted({d.snippet for d in found if d.against.startswith(stack)})
    lines.append(f"{len(changed)} snippet(s) print something else than recorded on "
                 f"`{stack}`.")
    lines += ["", "| Snippet | Against | Line | Recorded | Newest |", "|---|---|---|---|---|"]

    def cell(text: str) -> str:
        text = text if len(text) <= 100 else text[:100] + " …"
        return "`" + text.replace("|", "\\|").replace("`", "'") + "`"

    for d in found:
        lines.append(f"| {d.snippet} | {d.against} | {d.line} | {cell(d.old)} | "
                     f"{cell(d.new)} |")
    return "\n".join(lines) + "\n"


def newest_requirements(stack: snipstack.Stack) -> list[str]:
    """The stack's requirements with the pins of its nightly packages lifted."""
    lifted = []
    for requirement in stack.requires:
        name = re.split(r"[=<>!~\[ ]", requirement, maxsplit=1)[0]
        lifted.append(name if name.endswith("-nightly") else requirement)
    return lifted


def install_newest(root: Path, name: str) -> tuple[str, dict[str, str]]:
    """Resolve and install the newest nightlies into `.stacks/<name>-drift`; returns the
    interpreter and the versions resolved."""
    stack = snipstack.stacks(root)[name]
    uv = snipstack.uv_executable()
    env = root / ".stacks" / f"{name}-drift"
    with tempfile.TemporaryDirectory() as tmp:
        lock = Path(tmp) / "requirements.lock"
        subprocess.run([uv, "pip", "compile", "--quiet", "--python-version", stack.python,
                        "--prerelease", "allow", "--no-annotate", "--no-header",
                        "-o", str(lock), "-"],
                       input="\n".join(newest_requirements(stack)) + "\n", text=True,
                       check=True, cwd=root)
        python = install_lock(root, env, stack.python, lock,
                                        what=f"the newest builds of {name}")
        versions = {}
        for line in lock.read_text().splitlines():
            package, sep, version = line.partition("==")
            if sep:
                versions[package.strip()] = version.strip()
    return python, versions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snipcheck.drift",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", default="next")
    parser.add_argument("--report", type=Path, help="also write the report to this file")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    project = Project.find()
    python, versions = install_newest(project.root, args.stack)
    found: list[Drift] = []
    for snippet in project.snippets.values():
        if not project.runs(snippet, args.stack):
            continue
        result = run_snippet(snippet.path, "cpu", args.timeout, python=python)
        new = normalise(result.output, result.workdir, Path(result.script))
        found += drifts(project.recording(snippet.id, args.stack), new)
        print(f"drift: {snippet.id} ran", file=sys.stderr)
    text = report(found, versions, args.stack)
    print(text)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

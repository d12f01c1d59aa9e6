"""Stacks: the locked environments snippets are verified on.

The **default** stack is the `stack` dependency group of `pyproject.toml`, resolved in
`uv.lock`: every output shown on the site was recorded on it, and its packages, each at
its locked version, are the reader's install line (`hooks/install.py`).

The other stacks are the releases readers arrive from. Each is a folder
`stacks/<name>/` with

* `stack.toml`: `why` (one line for the Versions page), `label` (the stack's name for
  readers, e.g. `TF 2.16`: the tab of its outputs on every page), `released`
  (`YYYY-MM`, the column order there), `requires` (the pins, or `"install-line"`: the
  reader's install line, the default stack's packages at their locked versions, which
  with another `python` is what a reader on that Python installs), `python` (by default
  the suite's own, the release `.python-version` names), `runs` (which snippets run on
  it, below) and a table `[not-run]`: snippet ids or pages (`<page>/*`) with the reason
  they do not run there;
* `requirements.lock`: `requires` resolved by `uv pip compile`; re-resolve it with
  `uv run python -m snipcheck.stack lock <name>`;
* `results.txt`: one line `<page>/<name> <result>` per snippet verified there, written by
  `--update-outputs`, checked by every run: `same` (it prints what the default stack
  prints), `differs` or `raises` (an exception the default stack does not raise); the
  output of these two is `<name>.<stack>.out`. No output is stored twice.

`runs` is `"all"`, a selection, or a list of snippet ids and selections
(`snipcheck.pages.selections`): `"claims"`, the snippets a claim is decided by
(`snipcheck.pages.Claim`) and the recipes; `"checks"`, those and every snippet that
declares `# Raises:`. What a stack does not run is shown as *not run*, with its reason;
a snippet that imports (or asks the metadata of) a package the stack's lock lacks is
*not applicable* there, decided by the model ([`snipcheck.project`][snipcheck.project]).
A stack is installed into `.stacks/<name>/` (git ignores it) when a run asks for it, and
again only when its lock changes (`snipcheck.installing`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path

from snipcheck.outcomes import RECORDED
from snipcheck.root import find_root

DEFAULT = "default"
"""The stack every output on the site was recorded on."""

OWN_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
"""The suite's Python release, the one `.python-version` names (uv runs it)."""

RESULTS = tuple(outcome.value for outcome in RECORDED)
"""What `results.txt` may say of a snippet on a stack (`snipcheck.outcomes.RECORDED`)."""

#: The selections `runs` may name (`snipcheck.pages.selections`), each with its reason.
SELECTIONS = {"checks": "not a check", "claims": "decides no claim"}

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclasses.dataclass(frozen=True)
class Stack:
    """One stack: its name, what it is for, its pins, and which snippets run on it."""

    name: str
    why: str
    released: str
    requires: tuple[str, ...] = ()
    python: str = OWN_PYTHON
    """The Python release (`3.12`); by default the suite's own."""
    runs: tuple[str, ...] = ("all",)  # `runs` of stack.toml, as a tuple
    not_run: tuple[tuple[str, str], ...] = ()
    label: str = ""
    """The stack's name for readers (`TF 2.16`); the folder name where none is given."""

    @property
    def is_default(self) -> bool:
        return self.name == DEFAULT

    def folder(self, root: Path) -> Path:
        return root / "stacks" / self.name

    def lock(self, root: Path) -> Path:
        """The lock file: `uv.lock` for the default stack, else `requirements.lock`."""
        return root / "uv.lock" if self.is_default else self.folder(root) / "requirements.lock"

    def results_file(self, root: Path) -> Path:
        return self.folder(root) / "results.txt"

    def env(self, root: Path) -> Path:
        """Where the suite installs the stack (`.stacks/<name>`)."""
        return root / ".stacks" / self.name

    def python_exe(self, root: Path) -> str:
        """The interpreter snippets of this stack run in."""
        return sys.executable if self.is_default else venv_python(self.env(root))

    @property
    def selects(self) -> bool:
        """Whether `runs` names `"all"` or a selection (a release line), not only ids."""
        return bool({"all", *SELECTIONS} & set(self.runs))

    def not_run_reason(self, snippet_id: str, selections: Mapping[str, Collection[str]]
                       ) -> str | None:
        """Why the snippet does not run on this stack, or None when it does. The most
        specific entry decides: its id in `[not-run]`, its id in `runs`, its page
        (`<page>/*`) in `[not-run]`, then `"all"` or a selection in `runs`."""
        runs, reasons = self.runs, dict(self.not_run)
        page = snippet_id.partition("/")[0] + "/*"
        if snippet_id in reasons or (snippet_id not in runs and page in reasons):
            return reasons.get(snippet_id, reasons.get(page))
        if snippet_id in runs or "all" in runs or any(
                snippet_id in selections.get(name, ()) for name in runs):
            return None
        return next((SELECTIONS[k] for k in SELECTIONS if k in runs), "not chosen")


def _load(folder: Path) -> Stack:
    path = folder / "stack.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from None
    unknown = set(data) - {"why", "label", "released", "requires", "python", "runs", "not-run"}
    if unknown:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)}")
    for key in ("why", "released"):
        if not isinstance(data.get(key), str):
            raise ValueError(f"{path}: `{key}` (a string) is required")
    runs = data.get("runs", "all")
    if not (isinstance(runs, list) or runs == "all" or runs in SELECTIONS):
        raise ValueError(f'{path}: `runs` is "all", {" or ".join(map(repr, SELECTIONS))}, '
                         "or a list of snippet ids and selections")
    requires = data.get("requires", [])
    if folder.name != DEFAULT and not requires:
        raise ValueError(f"{path}: `requires` (the pins) is required")
    if requires == "install-line":
        requires = [f"{name}=={version}" for name, version in stack_pins(folder.parent.parent)]
    elif not isinstance(requires, list):
        raise ValueError(f'{path}: `requires` is a list of pins or "install-line"')
    return Stack(
        name=folder.name, why=data["why"], released=data["released"],
        requires=tuple(requires), python=data.get("python", OWN_PYTHON),
        runs=(runs,) if isinstance(runs, str) else tuple(runs),
        not_run=tuple(data.get("not-run", {}).items()),
        label=data.get("label", folder.name),
    )


@functools.cache
def _stacks(root: Path, stamp: tuple) -> dict[str, Stack]:
    folders = sorted(p for p in (root / "stacks").iterdir() if (p / "stack.toml").is_file())
    found = {f.name: _load(f) for f in folders}
    if DEFAULT not in found:
        found[DEFAULT] = Stack(DEFAULT, "The stack every output on the site was recorded on.",
                               "9999-99", label=DEFAULT)
    return dict(sorted(found.items(), key=lambda kv: (kv[1].released, kv[0])))


def stacks(root: Path) -> dict[str, Stack]:
    """Every stack of `root`, by name, in release order (the default stack included)."""
    folder = root / "stacks"
    if not folder.is_dir():
        return {DEFAULT: Stack(DEFAULT, "The stack every output was recorded on.", "9999-99")}
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in folder.glob("*/stack.toml"))
    if (root / "uv.lock").exists():  # "install-line" stacks read it
        stamp += (("uv.lock", (root / "uv.lock").stat().st_mtime_ns),)
    return _stacks(root, stamp)


def lock_path(root: Path, stack: str = DEFAULT) -> Path:
    """The lock file of a stack (`uv.lock` for the default one)."""
    return root / "uv.lock" if stack == DEFAULT else stacks(root)[stack].lock(root)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def stack_pins(root: Path | None = None) -> list[tuple[str, str]]:
    """`(package, version)` for each package of the `stack` group, in the group's order,
    at its version in `uv.lock`. `root`: the checkout (default: found from the working
    directory)."""
    root = root or find_root()
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    lock = tomllib.loads(lock_path(root).read_text(encoding="utf-8"))
    locked: dict[str, set[str]] = {}
    for package in lock["package"]:
        locked.setdefault(_canonical(package["name"]), set()).add(package["version"])
    pins = []
    for requirement in project["dependency-groups"]["stack"]:
        name = _canonical(_NAME.match(requirement).group(1))
        versions = locked.get(name)
        if not versions:
            raise ValueError(f"{name} (stack group) is not in uv.lock: run `uv lock`")
        if len(versions) > 1:
            raise ValueError(f"uv.lock holds {name} at {sorted(versions)}: the install line "
                             "needs one version; pin it in the stack group")
        pins.append((name, versions.pop()))
    return pins


def install_line(root: Path | None = None) -> str:
    """`pip install name==version ...` for the locked stack."""
    root = root or find_root()
    return "pip install " + " ".join(f"{n}=={v}" for n, v in stack_pins(root))


def locked_versions(root: Path, stack: str) -> dict[str, str]:
    """Package name → version, as the stack's lock holds them."""
    if stack == DEFAULT:
        return dict(stack_pins(root))
    found = {}
    for line in lock_path(root, stack).read_text(encoding="utf-8").splitlines():
        name, sep, version = line.strip().partition("==")
        if sep and not line.startswith((" ", "#")):
            found[_canonical(name)] = version.split()[0].rstrip("\\").strip()
    return found


# ----------------------------------------------------------------- results of each stack


def read_results(root: Path, stack: str) -> dict[str, str]:
    """`results.txt` of a stack: snippet id → `same`, `differs` or `raises`."""
    path = stacks(root)[stack].results_file(root)
    found, text = {}, path.read_text(encoding="utf-8") if path.exists() else ""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or parts[1] not in RESULTS:
            raise ValueError(f"{path}:{number}: expected '<page>/<name> {'|'.join(RESULTS)}'")
        found[parts[0]] = parts[1]
    return found


def write_results(root: Path, stack: str, results: dict[str, str]) -> None:
    path = stacks(root)[stack].results_file(root)
    lines = [f"# What each snippet printed on {stack}, against the default stack; "
             "written by --update-outputs.", *(f"{k} {results[k]}" for k in sorted(results))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ----------------------------------------------------------------- locking


def uv_executable() -> str:
    """The uv the suite installs stacks with: the one beside this interpreter (the `test`
    group installs it), else the one on PATH."""
    beside = Path(sys.executable).with_name("uv")
    if beside.exists():
        return str(beside)
    found = shutil.which("uv")
    if not found:
        raise RuntimeError("uv not found: run the suite with `uv run pytest` (the test "
                           "group installs uv)")
    return found


def venv_python(env: Path) -> str:
    """The interpreter of the virtual environment `env`."""
    return str(env / "bin" / "python")


def lock(root: Path, name: str) -> Path:
    """Resolve a stack's `requires` into its `requirements.lock`."""
    stack = stacks(root)[name]
    if stack.is_default:
        raise ValueError("the default stack is locked by `uv lock` (uv.lock)")
    out = stack.lock(root)
    subprocess.run(
        [uv_executable(), "pip", "compile", "--quiet", "--python-version", stack.python,
         "--prerelease", "if-necessary-or-explicit", "--no-annotate",
         "--custom-compile-command", f"uv run python -m snipcheck.stack lock {name}",
         "-o", str(out), "-"],
        input="\n".join(stack.requires) + "\n", text=True, check=True, cwd=root)
    return out


def main(argv: list[str] | None = None) -> int:
    """`python -m snipcheck.stack lock NAME|all`: re-resolve stack locks (installing one
    into `.stacks/` is `python -m snipcheck.installing NAME`)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "lock":
        print(main.__doc__)
        return 2
    root = find_root()
    for name in [n for n in stacks(root) if n != DEFAULT] if args[1] == "all" else [args[1]]:
        print(lock(root, name).relative_to(root))
    return 0


if __name__ == "__main__":
    sys.exit(main())

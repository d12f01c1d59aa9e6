"""Finding snippets: the files under `snippets/`, and what each one knows about itself.

A snippet is `snippets/<page>/<name>.py`, exactly what a reader copies. Beside it sit its
recorded outputs: `<name>.out`, and `<name>.gpu.out` where a GPU legitimately prints
something else. A file or folder whose name starts with `_` is a helper, never a
snippet: `snippets/_footer.md` is the stack banner under every page, and a file
`snippets/<page>/_<name>` belongs to every snippet of that page (the
[cache][snipcheck.cache] runs them all again when it changes).

A snippet that demonstrates an error says so in its first comment lines, where the
reader sees it: `# Raises: ValueError`. A snippet whose numbers do not repeat to the
last digit from run to run, for a cause its code cannot remove, says by how much, also
where the reader sees it: `# Varies: up to 2 in the last printed digit`; its output is
then compared within that many units of each number's last printed digit
([comparing][snipcheck.comparing]).

On another [stack][snipcheck.stack] a snippet's output is `<name>.<stack>.out` where it
differs from the default stack's (`<name>.tf2.15.out`); where it is the same, nothing
more is stored.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from snipcheck.stack import DEFAULT

OUTPUT_SUFFIXES = {"cpu": ".out", "gpu": ".gpu.out"}
"""The recorded output of a run on each device: `<name>.out`, `<name>.gpu.out`."""

_RAISES = re.compile(r"^#\s*Raises:\s*([A-Za-z_][\w.]*)", re.MULTILINE)
_VARIES = re.compile(r"^#\s*Varies:\s*up to (\d+) in the last printed digit\b", re.MULTILINE)


def is_helper(path: Path) -> bool:
    """True for a file or folder whose name starts with `_`: a helper, not a snippet."""
    return path.name.startswith("_")


@dataclasses.dataclass(frozen=True)
class Snippet:
    """One snippet file: its page, its recorded outputs, its declared error, its helpers."""

    path: Path
    page: str
    stack: str = DEFAULT
    """The stack this snippet is verified on (`snipcheck.stack`)."""

    @property
    def name(self) -> str:
        """The file name without `.py`."""
        return self.path.stem

    @property
    def id(self) -> str:
        """`<page>/<name>`: what `-k` selects, and what time limits and stack files name."""
        return f"{self.page}/{self.name}"

    @property
    def test_id(self) -> str:
        """The test id: `<page>/<name>` on the default stack, `<page>/<name>@<stack>` on
        another."""
        return self.id if self.stack == DEFAULT else f"{self.id}@{self.stack}"

    @property
    def selection(self) -> str:
        """The pytest arguments that select this snippet: `-k '<page> and <name>'`."""
        return f"-k '{self.page} and {self.name}'"

    def on(self, stack: str) -> Snippet:
        """The same snippet, verified on `stack`."""
        return dataclasses.replace(self, stack=stack)

    @property
    def stack_out(self) -> Path | None:
        """The output recorded on this snippet's stack where it differs from the default
        stack's: `<name>.<stack>.out` (None on the default stack)."""
        if self.stack == DEFAULT:
            return None
        return self.path.with_name(f"{self.name}.{self.stack}.out")

    @property
    def include(self) -> str:
        """The include path a page uses for the code: `<page>/<name>.py`."""
        return f"{self.page}/{self.path.name}"

    def out_path(self, device: str = "cpu") -> Path:
        """The recorded output of a run on `device`."""
        return self.path.with_name(self.name + OUTPUT_SUFFIXES[device])

    @property
    def out_include(self) -> str:
        """The include path a page uses for the output: `<page>/<name>.out`."""
        return f"{self.page}/{self.out_path().name}"

    @property
    def outputs(self) -> list[Path]:
        """Every recorded output path it is checked against, one per device (and its
        stack's own), whether it exists or not."""
        own = [self.stack_out] if self.stack_out else []
        return [self.out_path(device) for device in OUTPUT_SUFFIXES] + own

    @property
    def source(self) -> str:
        """The file as a reader copies it."""
        return self.path.read_text(encoding="utf-8")

    @property
    def raises(self) -> str | None:
        """The exception the snippet declares with a `# Raises: Type` comment line."""
        match = _RAISES.search(self.source)
        return match.group(1) if match else None

    @property
    def varies(self) -> int:
        """How many units of their last printed digit the snippet's numbers may move from
        run to run, as its `# Varies: up to N in the last printed digit` line declares
        (0 without one)."""
        match = _VARIES.search(self.source)
        return int(match.group(1)) if match else 0

    @property
    def helpers(self) -> list[Path]:
        """The helper files of the snippet's folder (`_` names), sorted."""
        return sorted(p for p in self.path.parent.iterdir() if is_helper(p) and p.is_file())


def discover(snippets_dir: Path, page: str | None = None) -> list[Snippet]:
    """All snippets under `snippets_dir` (or of one page), sorted by page and name."""
    if page is not None:
        folders = [snippets_dir / page] if (snippets_dir / page).is_dir() else []
    else:
        folders = sorted(p for p in snippets_dir.iterdir() if p.is_dir() and not is_helper(p))
    return [Snippet(path=path, page=folder.name)
            for folder in folders
            for path in sorted(folder.glob("*.py")) if not is_helper(path)]


def snippet_of_output(out: Path) -> Path:
    """The snippet a recorded output belongs to (`x.out`, `x.gpu.out`: `x.py`)."""
    return out.with_name(out.name.split(".")[0] + ".py")


def output_variant(out: Path) -> str:
    """What a recorded output is for: `""` (`x.out`), `gpu` (`x.gpu.out`) or a stack's
    name (`x.tf2.15.out`)."""
    stem = out.name[:-len(".out")]
    return stem.partition(".")[2]


def variants_of(out: Path) -> list[Path]:
    """The other recorded outputs of the snippet `out` belongs to (`x.gpu.out`,
    `x.tf2.15.out` beside `x.out`): what a page shows beside its Output block."""
    return sorted(out.parent.glob(f"{out.name.split('.')[0]}.*.out"))


def orphan_outputs(snippets_dir: Path, stack_names: set[str] | None = None) -> list[Path]:
    """Recorded outputs whose snippet no longer exists, or (given the stack names) whose
    stack does not."""
    known = {"", "gpu"} | (stack_names or set())
    return sorted(p for p in snippets_dir.rglob("*.out")
                  if not snippet_of_output(p).exists()
                  or (stack_names is not None and output_variant(p) not in known))

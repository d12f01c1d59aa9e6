"""snipcheck: every code block on the site ran, every output block is what it printed.

A *snippet* is one Python file, `snippets/<page>/<name>.py`: exactly what a reader copies.
Its recorded output sits beside it as `<name>.out`. Pages show both through
`pymdownx.snippets` includes (`--8<-- "<page>/<name>.py"`), so no output is ever typed
into a page.

How a snippet is verified:

1. [`run_snippet`][snipcheck.run_snippet] runs a copy of it as a script in a fresh Python process
   (the Keras flavour is fixed when TensorFlow is imported, so snippets never share an
   interpreter), in an empty temporary working directory, with GPUs hidden unless the
   suite runs with `--device gpu`. Standard output and standard error are one stream,
   in the order a terminal would show them. Python warnings are written as
   `Category: message` (no file path); an uncaught exception ends the output with its
   final `ExceptionType: message` lines, as Python prints them.
2. [`normalise`][snipcheck.normalise] applies the [`RULES`][snipcheck.RULES], each a
   documented regular expression with its own test: TensorFlow's C++ log lines,
   memory addresses, temporary paths, timings.
3. [`compare`][snipcheck.compare] checks the normalised output against the recorded one
   and fails with a unified diff that names the snippet and the command that
   re-records it.

A snippet that demonstrates an error says so in its first comment lines, where the
reader sees it, e.g. `# Raises: ValueError`. The check then requires that the
snippet ends with exactly that exception; any other exception, or none, fails.

Each page has one collector in `tests/` (`test_<page>.py`) that calls
[`page_tests`][snipcheck.page_tests]. The plugin part of this module (loaded from
`conftest.py`) adds the options:

* `--update-outputs`: re-record the outputs of the selected snippets
  (`pytest --update-outputs -k serialization`).
* `--device cpu|gpu`: `cpu` (default) hides GPUs; `gpu` runs with the GPU visible and
  compares with `<name>.gpu.out` where one exists, else with `<name>.out` under
  [`GPU_RTOL`][snipcheck.GPU_RTOL] / [`GPU_ATOL`][snipcheck.GPU_ATOL].
  Without a GPU the snippet tests are skipped, saying why.
* `--snippet-jobs N`: how many snippets run at once (default: CPU count). The selected
  snippets start as soon as collection ends, longest first (durations remembered in
  pytest's cache), while pytest reports them in order.
* `--snippet-timeout S`: default time limit per snippet (60 s); a collector can set a
  longer one for a named snippet.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

#: Default time limit for one snippet, in seconds.
DEFAULT_TIMEOUT = 60.0

#: Relative tolerance used when a GPU run is compared with a CPU recording.
GPU_RTOL = 1e-2
#: Absolute tolerance used when a GPU run is compared with a CPU recording. A number
#: also matches when it differs by no more than one unit of its last printed digit.
GPU_ATOL = 1e-3

#: Environment variables that decide what a snippet does; a snippet that needs one
#: sets it itself, so the suite removes them from the environment it inherits.
SCRUBBED_ENV = ("TF_USE_LEGACY_KERAS", "KERAS_BACKEND", "PYTHONWARNINGS", "PYTHONSTARTUP")

#: Snippet processes still running, so that an interrupted suite can stop them.
_LIVE: set[subprocess.Popen] = set()
#: Guards `_LIVE` and `_STOPPING`: no snippet starts once `stop_snippets` has run.
_LIVE_LOCK = threading.Lock()
_STOPPING = False

_RAISES = re.compile(r"^#\s*Raises:\s*([A-Za-z_][\w.]*)", re.MULTILINE)


# --------------------------------------------------------------------------- snippets


@dataclasses.dataclass(frozen=True)
class Snippet:
    """One snippet file and where its recorded outputs live."""

    path: Path
    page: str

    @property
    def name(self) -> str:
        """The file name without `.py`."""
        return self.path.stem

    @property
    def id(self) -> str:
        """`<page>/<name>`, as used in test ids and `-k` selections."""
        return f"{self.page}/{self.name}"

    @property
    def include(self) -> str:
        """The include path a page uses for the code: `<page>/<name>.py`."""
        return f"{self.page}/{self.path.name}"

    def out_path(self, device: str = "cpu") -> Path:
        """The recorded output: `<name>.out`, or `<name>.gpu.out` for the GPU."""
        suffix = ".gpu.out" if device == "gpu" else ".out"
        return self.path.with_name(self.name + suffix)

    @property
    def raises(self) -> str | None:
        """The exception the snippet declares with a `# Raises: Type` comment line."""
        head = self.path.read_text(encoding="utf-8")
        match = _RAISES.search(head)
        return match.group(1) if match else None


def discover(snippets_dir: Path, page: str | None = None) -> list[Snippet]:
    """All snippets under `snippets_dir` (or of one page), sorted by path.

    Files and folders whose name starts with `_` are helpers, not snippets.
    """
    pages = [snippets_dir / page] if page else sorted(p for p in snippets_dir.iterdir() if p.is_dir())
    found = []
    for page_dir in pages:
        if page_dir.name.startswith("_"):
            continue
        for path in sorted(page_dir.glob("*.py")):
            if not path.name.startswith("_"):
                found.append(Snippet(path=path, page=page_dir.name))
    return found


# --------------------------------------------------------------------------- running


@dataclasses.dataclass
class Result:
    """What one run of a snippet produced."""

    output: str
    """Standard output and standard error together, not yet normalised."""
    returncode: int | None
    """The exit status; None when the run was stopped at its time limit."""
    traceback: str
    """The full traceback of an uncaught exception ('' if none)."""
    seconds: float
    workdir: str
    """The temporary working directory the snippet ran in (already removed)."""
    script: str
    """The path of the copy that ran (already removed); see `run_snippet`."""

    @property
    def timed_out(self) -> bool:
        return self.returncode is None


def snippet_env(device: str) -> dict[str, str]:
    """The environment a snippet runs in: the suite's own, scrubbed of the variables
    a snippet must set itself, unbuffered, with GPUs hidden unless `device == "gpu"`."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONHASHSEED"] = "0"
    if device == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = "-1"
    return env


def run_snippet(path: Path, device: str = "cpu", timeout: float = DEFAULT_TIMEOUT,
                python: str = sys.executable) -> Result:
    """Run one snippet in a fresh interpreter (`python`, by default the suite's own) and a
    fresh temporary directory.

    What runs is a copy of the file in a directory of its own, as a reader's copy
    would: nothing of the project is importable from it, and nothing it prints (paths
    in tracebacks, code objects it pickles) depends on where the repository is cloned.
    The child runs this file as a script (see `_child_main`), which runs the copy with
    `runpy` as `__main__` after installing the warning format. When the time limit
    passes, the whole process group is killed and `Result.returncode` is None.
    """
    with tempfile.TemporaryDirectory(prefix="snippet-") as workdir, \
            tempfile.TemporaryDirectory(prefix="snippet-src-") as src:
        script = Path(src) / path.name
        shutil.copyfile(path, script)
        tb_file = Path(workdir).with_name(Path(workdir).name + ".traceback")
        env = snippet_env(device)
        env["SNIPCHECK_TRACEBACK"] = str(tb_file)
        cmd = [python, str(Path(__file__).resolve()), str(script)]
        start = time.monotonic()
        with _LIVE_LOCK:
            if _STOPPING:
                raise RuntimeError(f"{path.name} not started: the suite is stopping")
            proc = subprocess.Popen(
                cmd, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
            )
            _LIVE.add(proc)
        try:
            raw, _ = proc.communicate(timeout=timeout)
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raw, _ = proc.communicate()
            code = None
        finally:
            with _LIVE_LOCK:
                _LIVE.discard(proc)
        seconds = time.monotonic() - start
        traceback_text = tb_file.read_text() if tb_file.exists() else ""
        tb_file.unlink(missing_ok=True)
    return Result(raw.decode("utf-8", "replace"), code, traceback_text, seconds, workdir,
                  str(script))


def stop_snippets() -> None:
    """Kill every running snippet (its whole process group) and start no new one.

    Each snippet runs in a session of its own, so a signal that stops the suite does
    not reach it: the plugin calls this when the suite ends or is stopped (Ctrl-C, or
    the SIGTERM a CI time limit sends), and nothing is left running.
    """
    global _STOPPING
    with _LIVE_LOCK:
        _STOPPING = True
        running = list(_LIVE)
    for proc in running:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _child_main(path: str) -> None:
    """Entry point of the child process: run the snippet at `path` as `__main__`."""
    import runpy
    import traceback
    import warnings

    def showwarning(message, category, filename, lineno, file=None, line=None):
        sys.stderr.write(f"{category.__name__}: {message}\n")

    warnings.showwarning = showwarning
    sys.argv = [path]
    sys.path[0] = os.path.dirname(path)
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - every exception is reported
        sys.stdout.flush()
        Path(os.environ["SNIPCHECK_TRACEBACK"]).write_text(traceback.format_exc())
        sys.stderr.write("".join(traceback.format_exception_only(exc)))
        sys.stderr.flush()
        os._exit(1)  # skip interpreter teardown: TF can print noise while exiting
    sys.stdout.flush()
    sys.stderr.flush()


# --------------------------------------------------------------------------- normalising


@dataclasses.dataclass(frozen=True)
class Rule:
    """One normalisation rule: a regular expression applied line by line.

    `replace=None` drops every line the pattern matches. `example` and `expected`
    document the rule and are checked by `tests/test_pipeline.py`.
    """

    name: str
    why: str
    pattern: str
    replace: str | None
    example: str
    expected: str


#: The normalisation rules, applied in this order to every line of output. Prefer
#: making a snippet deterministic itself (seeds, rounding, `verbose=0`); a rule is for
#: what the code cannot control.
RULES: tuple[Rule, ...] = (
    Rule(
        "carriage-return",
        "A progress bar redraws its line with \\r; a terminal shows only the last state.",
        r"^.*\r(?=[^\r]*$)", "",
        "1/3 [=>...]\r3/3 [=====] done", "3/3 [=====] done",
    ),
    Rule(
        "tf-cpp-log",
        "TensorFlow's C++ logging (absl format: I/W/E/F, date, time, thread, file:line]) "
        "varies by machine and build; it is not Python output.",
        r"^[IWEF]\d{4} \d\d:\d\d:\d+\.\d+\s+\d+\s+\S+:\d+\].*$", None,
        "I0000 00:00:1795574130.143894    2454 cudart_stub.cc:31] Could not find cuda drivers",
        "",
    ),
    Rule(
        "tf-cpp-log-legacy",
        "The older TensorFlow C++ log format (date, time, level, source path).",
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] \S+:\d+\].*$", None,
        "2026-11-25 02:40:01.123456: I tensorflow/core/util/port.cc:153] oneDNN custom operations are on.",
        "",
    ),
    Rule(
        "absl-prelude",
        "absl prints this once before its logging is set up; it depends on the build.",
        r"^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$", None,
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
        "",
    ),
    Rule(
        "cpu-feature-guard",
        "The continuation line of TensorFlow's CPU instruction-set notice; depends on the CPU.",
        r"^To enable the following instructions: .*rebuild TensorFlow with the appropriate compiler flags\.$",
        None,
        "To enable the following instructions: AVX2 FMA, in other operations, rebuild TensorFlow "
        "with the appropriate compiler flags.",
        "",
    ),
    Rule(
        "matplotlib-font-cache",
        "Matplotlib says this once per machine, the first time it is imported.",
        r"^Matplotlib is building the font cache; this may take a moment\.$", None,
        "Matplotlib is building the font cache; this may take a moment.",
        "",
    ),
    Rule(
        "memory-address",
        "Object reprs carry memory addresses that change on every run.",
        r"\b0x[0-9a-fA-F]{6,16}\b", "0x…",
        "<keras.src.models.sequential.Sequential object at 0x7f3a2c1b5e50>",
        "<keras.src.models.sequential.Sequential object at 0x…>",
    ),
    Rule(
        "temp-path",
        "Snippets write into a fresh temporary directory whose name is random.",
        r"/tmp/(?:snippet-|tmp)[\w-]+", "<tmp>",
        "saved to /tmp/snippet-k2x8ab_c/model.keras",
        "saved to <tmp>/model.keras",
    ),
    Rule(
        "site-packages",
        "Paths into the installed packages depend on where the environment lives.",
        r"(?:/[^\s'\"():]+)?/site-packages/", "<site-packages>/",
        "File /work/main/.venv/lib/python3.11/site-packages/tf_keras/src/saving/x.py",
        "File <site-packages>/tf_keras/src/saving/x.py",
    ),
    Rule(
        "step-timing",
        "Keras reports time per step and per epoch; they depend on the machine.",
        r"\b\d+(?:\.\d+)?(?:s|ms|us|µs)/(?:step|sample|epoch)\b", "<time>/step",
        "32/32 - 0s - 3ms/step - loss: 1.2345",
        "32/32 - 0s - <time>/step - loss: 1.2345",
    ),
    Rule(
        "trailing-space",
        "Trailing white space is invisible on the page.",
        r"[ \t]+$", "",
        "loss: 0.5   ", "loss: 0.5",
    ),
)

_COMPILED = [(re.compile(r.pattern), r.replace) for r in RULES]

#: Rules for the lines that name the device a run used. They apply only when a run on
#: one device is checked against an output recorded on the other (a GPU run without a
#: `.gpu.out`), to both sides, so the recorded output, and the page, keep their device.
DEVICE_RULES: tuple[Rule, ...] = (
    Rule(
        "device-name",
        "The stack banner names the device that ran it; a GPU run is checked against the "
        "CPU recording, and the GPU's model depends on the runner.",
        r"^(Device\s+)(?:CPU|GPU: .+) \((\w+)\)$", r"\1<device> (\2)",
        "Device                  GPU: NVIDIA H100 80GB HBM3 (x86_64)",
        "Device                  <device> (x86_64)",
    ),
)


def across_devices(text: str) -> str:
    """`text` with `DEVICE_RULES` applied, for comparing outputs of two devices."""
    lines = text.split("\n")
    for rule in DEVICE_RULES:
        pattern = re.compile(rule.pattern)
        lines = [pattern.sub(rule.replace, line) for line in lines]
    return "\n".join(lines)


def normalise(text: str, workdir: str | None = None, snippet: Path | None = None) -> str:
    """Apply `RULES` to `text`; `workdir` (the snippet's temporary directory) becomes `<tmp>`.

    The folder of `snippet` is removed from paths (`/…/snippets/page/x.py` reads `x.py`,
    as in a reader's copy), so messages that quote the file do not depend on the checkout.

    Lines dropped by a rule vanish; leading and trailing blank lines are removed and the
    result ends with one newline (or is empty).
    """
    if workdir:
        for form in sorted({workdir, os.path.realpath(workdir)}, key=len, reverse=True):
            text = text.replace(form, "<tmp>")
    if snippet is not None:
        text = text.replace(str(snippet.resolve().parent) + os.sep, "")
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        keep = True
        for pattern, replace in _COMPILED:
            if replace is None:
                if pattern.search(line):
                    keep = False
                    break
            else:
                line = pattern.sub(replace, line)
        if keep:
            lines.append(line)
    body = "\n".join(lines).strip("\n")
    return body + "\n" if body else ""


# --------------------------------------------------------------------------- comparing

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def _numbers_close(expected: str, actual: str, rtol: float, atol: float) -> bool:
    """True when the two texts differ only in numbers, each within tolerance."""
    exp_parts, act_parts = _NUMBER.split(expected), _NUMBER.split(actual)
    if exp_parts != act_parts:
        return False
    for e, a in zip(_NUMBER.findall(expected), _NUMBER.findall(actual)):
        x, y = float(e), float(a)
        decimals = len(e.split("e")[0].split("E")[0].partition(".")[2])
        last_digit = 10.0 ** -decimals if "." in e else 1.0
        if abs(x - y) > max(atol + rtol * abs(x), last_digit * 1.0000001):
            return False
    return True


def compare(expected: str, actual: str, label: str, rerecord: str,
            rtol: float | None = None, atol: float = 0.0) -> str | None:
    """None when `actual` matches `expected`, else a message with a unified diff.

    With `rtol` given, numbers may differ within tolerance (GPU against CPU recording);
    all other text must be identical.
    """
    if actual == expected:
        return None
    if rtol is not None and _numbers_close(expected, actual, rtol, atol):
        return None
    diff = "".join(difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True),
        fromfile=f"{label} (recorded)", tofile=f"{label} (this run)",
    ))
    return (f"output of {label} differs from the recorded output\n{diff}\n"
            f"If the new output is right, re-record it with:\n    {rerecord}")


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
    """The exception type named by the last `Type: message` line of an output.

    A message that starts with a line break leaves `Type:` alone on its line.
    """
    line = exception_line(output)
    return _EXCEPTION_LINE.match(line).group(1) if line else None


# --------------------------------------------------------------------------- pages

#: An include line as pymdownx.snippets reads it: `--8<-- "page/name.py"`, optionally
#: with a section (`"page/name.py:fit"`) or line range after a colon.
INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^":]+)(?::[^"]*)?"\s*$')

#: The fence languages a reader sees as Python.
PYTHON_LANGS = ("python", "py", "python3", "pycon")


@dataclasses.dataclass(frozen=True)
class Fence:
    """A fenced code block of a page, as markdown-it reads it."""

    lang: str
    info: str
    content: str
    line: int

    @property
    def includes(self) -> list[str]:
        """The files this fence includes (one per include line)."""
        return [m.group(1) for m in map(INCLUDE.match, self.content.splitlines()) if m]

    @property
    def is_include(self) -> bool:
        """True when every non-blank line of the fence is an include line."""
        lines = [ln for ln in self.content.splitlines() if ln.strip()]
        return bool(lines) and all(INCLUDE.match(ln) for ln in lines)


def markdown_parser():
    """The markdown-it parser shared by this module and pytest-markdown-docs.

    It knows one thing beyond CommonMark: a fence whose lines are all include lines is a
    `snippet_include` token, not a `fence`, so pytest-markdown-docs never runs an
    include line as Python (the included snippet is run by its page's collector).
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")

    def mark_includes(state) -> None:
        for token in state.tokens:
            if token.type == "fence":
                lines = [ln for ln in token.content.splitlines() if ln.strip()]
                if lines and all(INCLUDE.match(ln) for ln in lines):
                    token.type = "snippet_include"

    md.core.ruler.push("snippet_include", mark_includes)
    return md


def page_fences(text: str) -> list[Fence]:
    """Every fenced block of a page (include fences and inline code alike), in order."""
    fences = []
    for token in markdown_parser().parse(text):
        if token.type in ("fence", "snippet_include") and token.map:
            info = token.info.strip()
            lang = (info.strip("{} ").lstrip(".").split() or [""])[0].lower()
            fences.append(Fence(lang, info, token.content, token.map[0] + 1))
    return fences


def page_includes(text: str) -> list[str]:
    """Every file a page includes, in or outside fences, in order."""
    return [m.group(1) for m in map(INCLUDE.match, text.splitlines()) if m]


_ATTR_LIST = re.compile(r"\s*\{:?([^{}]*)\}\s*$")


@dataclasses.dataclass(frozen=True)
class Section:
    """A heading of a page, as markdown-it reads it (never a `#` line inside a fence)."""

    level: int
    title: str
    """The heading as written, without a trailing attribute list such as `{#id}`."""
    text: str
    """The title as the reader sees it: markup removed, code spans kept as text."""
    anchor: str | None
    """The id the heading sets itself (`{#id}`), if it sets one."""
    line: int


def page_sections(text: str) -> list[Section]:
    """Every heading of a page, in order."""
    tokens = markdown_parser().parse(text)
    sections = []
    for opening, inline in zip(tokens, tokens[1:]):
        if opening.type != "heading_open" or not opening.map:
            continue
        title, anchor = inline.content, None
        attrs = _ATTR_LIST.search(title)
        if attrs:
            title = title[:attrs.start()]
            ids = [a[1:] for a in attrs.group(1).split() if a.startswith("#")]
            anchor = ids[0] if ids else None
        words = [c.content for c in inline.children or [] if c.type in ("text", "code_inline")]
        plain = _ATTR_LIST.sub("", "".join(words))
        sections.append(Section(int(opening.tag[1]), title.strip(), plain.strip(), anchor,
                                opening.map[0] + 1))
    return sections


def include_sections(text: str, min_level: int = 2) -> list[tuple[Section | None, str]]:
    """`(section, include)` for each include line of a page, in order: `section` is the
    nearest heading of level `min_level` or deeper above the line (None if there is
    none). A page's `.py` includes with their sections locate its snippets."""
    sections = [s for s in page_sections(text) if s.level >= min_level]
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = INCLUDE.match(line)
        if match:
            above = [s for s in sections if s.line < number]
            found.append((above[-1] if above else None, match.group(1)))
    return found


def shown_problem(snippet: Snippet, docs_dir: Path) -> str | None:
    """Why `snippet` is not shown properly on its page `docs/<page>.md`, or None.

    The page must include `<page>/<name>.py`, and `<page>/<name>.out` after it, before
    the next `.py` include: the reader sees the output right under the code.
    """
    page = docs_dir / f"{snippet.page}.md"
    if not page.exists():
        return f"{snippet.include}: there is no page docs/{snippet.page}.md for its folder"
    includes = page_includes(page.read_text())
    if snippet.include not in includes:
        return (f"snippets/{snippet.include} is included by no page: add "
                f'`--8<-- "{snippet.include}"` to docs/{snippet.page}.md, or delete the file')
    out = f"{snippet.page}/{snippet.name}.out"
    following = []
    for inc in includes[includes.index(snippet.include) + 1:]:
        if inc.endswith(".py"):
            break
        following.append(inc)
    if out not in following:
        return (f"docs/{snippet.page}.md shows {snippet.include} without its output: include "
                f'`--8<-- "{out}"` right after it')
    return None


def orphan_outputs(snippets_dir: Path) -> list[Path]:
    """Recorded outputs (`.out`, `.gpu.out`) whose snippet no longer exists."""
    return sorted(p for p in snippets_dir.rglob("*.out")
                  if not p.with_name(p.name.split(".")[0] + ".py").exists())


def missing_collectors(snippets_dir: Path, tests_dir: Path) -> list[str]:
    """Snippet folders that no `tests/test_<page>.py` collects with `page_tests("<page>")`."""
    missing = []
    for folder in sorted(p for p in snippets_dir.iterdir() if p.is_dir() and not p.name.startswith("_")):
        collector = tests_dir / f"test_{folder.name.replace('-', '_')}.py"
        if not collector.exists() or f'page_tests("{folder.name}"' not in collector.read_text():
            missing.append(f'{collector.name} with page_tests("{folder.name}")')
    return missing


def fence_problems(page: Path, snippets_dir: Path) -> list[str]:
    """Python fences of `page` that would not run exactly once.

    A python fence is either an include of a snippet (run by its page's collector) or
    inline code (run by pytest-markdown-docs), never both, and never `notest`.
    """
    problems = []
    for fence in page_fences(page.read_text()):
        if fence.lang not in PYTHON_LANGS:
            continue
        where = f"{page.name}:{fence.line}"
        if fence.includes and not fence.is_include:
            problems.append(f"{where}: a python fence mixes an include with inline code")
        elif fence.includes:
            problems += [f"{where}: python fence includes {inc}, which is no snippet"
                         for inc in fence.includes
                         if not (inc.endswith(".py") and (snippets_dir / inc).exists())]
        elif "notest" in fence.info:
            problems.append(f"{where}: an inline python fence must run; move it to a snippet")
    return problems


# --------------------------------------------------------------------------- pytest plugin

def gpu_names() -> list[str]:
    """Names of the NVIDIA GPUs on this machine (`nvidia-smi -L`), [] when none."""
    try:
        out = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.split(":", 1)[1].split("(")[0].strip() for line in out.stdout.splitlines()
            if line.startswith("GPU ")] if out.returncode == 0 else []


class Scheduler:
    """Runs the selected snippets ahead of pytest, several at once, longest first.

    Each snippet test then waits for its own run. Under pytest-xdist (each worker collects
    everything) runs start on demand instead.
    """

    def __init__(self, config):
        self.config = config
        self.device = config.getoption("snippet_device")
        self.jobs = config.getoption("snippet_jobs") or os.cpu_count() or 1
        self.pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="snippet")
        self.futures: dict[Path, Future] = {}
        self.timeouts: dict[Path, float] = {}
        cache = config.cache.get("snipcheck/durations", {}) if getattr(config, "cache", None) else {}
        self.durations: dict[str, float] = dict(cache)
        self.ran: dict[str, float] = {}
        """Own run time of each snippet run in this session (not time spent queued)."""

    def start(self, items: Iterable[tuple[Snippet, float]]) -> None:
        ordered = sorted(items, key=lambda it: -self.durations.get(it[0].id, 1e9))
        for snippet, timeout in ordered:
            self.submit(snippet, timeout)

    def submit(self, snippet: Snippet, timeout: float) -> Future:
        if snippet.path not in self.futures:
            self.futures[snippet.path] = self.pool.submit(run_snippet, snippet.path, self.device, timeout)
        return self.futures[snippet.path]

    def result(self, snippet: Snippet, timeout: float) -> Result:
        result = self.submit(snippet, timeout).result()
        self.ran[snippet.id] = result.seconds
        if not result.timed_out:
            self.durations[snippet.id] = round(result.seconds, 2)
        return result

    def close(self) -> None:
        """Cancel what has not started, stop what still runs, remember the durations."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        stop_snippets()
        if getattr(self.config, "cache", None):
            self.config.cache.set("snipcheck/durations", self.durations)


def page_tests(page: str, timeouts: dict[str, float] | None = None,
               snippets_dir: Path | None = None) -> Callable:
    """Build the test function of one page: one test per snippet of `snippets/<page>/`.

    Use it in `tests/test_<page>.py` as `test_snippet = page_tests("<page>")`.
    `timeouts` maps a snippet name to its own time limit in seconds. `snippets_dir`
    defaults to `snippets/` beside the caller's `tests/` folder.
    """
    import pytest

    if snippets_dir is None:
        caller = Path(sys._getframe(1).f_globals["__file__"]).resolve()
        snippets_dir = caller.parents[1] / "snippets"
    if not (snippets_dir / page).is_dir():
        raise ValueError(f"page_tests({page!r}): no folder {snippets_dir / page}")
    snippets = discover(snippets_dir, page)
    extra = dict(timeouts or {})
    unknown = set(extra) - {s.name for s in snippets}
    if unknown:
        raise ValueError(f"page_tests({page!r}): timeouts name no snippet: {sorted(unknown)}")

    params = [pytest.param(s, extra.get(s.name), id=s.name) for s in snippets]

    @pytest.mark.snippet
    @pytest.mark.parametrize(("snippet", "timeout"), params)
    def test_snippet(snippet: Snippet, timeout: float | None, request) -> None:
        verify(snippet, timeout, request.config)

    test_snippet.__doc__ = f"Run every snippet of the page {page!r} and compare its output."
    return test_snippet


def verify(snippet: Snippet, timeout: float | None, config) -> None:
    """Run `snippet` (through the scheduler) and check its output; the body of each test."""
    import pytest

    device = config.getoption("snippet_device")
    if device == "gpu" and not config._snipcheck_gpus:
        pytest.skip("--device gpu: no NVIDIA GPU found (nvidia-smi -L lists none)")
    limit = timeout or config.getoption("snippet_timeout")
    result = config._snipcheck.result(snippet, limit)
    if result.timed_out:
        pytest.fail(f"{snippet.id} timed out after {limit:g} s (limit: --snippet-timeout, or "
                    f"timeouts={{'{snippet.name}': ...}} in tests/test_{snippet.page.replace('-', '_')}.py)"
                    f"\n--- output so far ---\n{result.output}", pytrace=False)
    actual = normalise(result.output, result.workdir, Path(result.script))
    declared = snippet.raises
    if declared:
        raised = exception_type(actual) if result.returncode == 1 and result.traceback else None
        if raised is None:
            pytest.fail(f"{snippet.id} declares '# Raises: {declared}' but ran without an exception"
                        f"\n--- output ---\n{actual}", pytrace=False)
        if raised.rsplit(".", 1)[-1] != declared.rsplit(".", 1)[-1]:
            pytest.fail(f"{snippet.id} declares '# Raises: {declared}' but raised {raised}\n"
                        f"{result.traceback}", pytrace=False)
    elif result.returncode != 0:
        pytest.fail(f"{snippet.id} failed (exit status {result.returncode}); if the error is the "
                    f"point, declare it with a '# Raises: Type' comment line\n"
                    f"{result.traceback or result.output}", pytrace=False)

    problem, recorded = check_recorded(snippet, actual, device)
    if problem is None:
        return
    if config.getoption("update_outputs"):
        recorded.write_text(actual)
        config._snipcheck_updated.append(recorded)
        return
    pytest.fail(problem, pytrace=False)


def rerecord_command(snippet: Snippet, device: str = "cpu") -> str:
    """The command that records the output of `snippet` on `device`."""
    return f"uv run pytest --update-outputs -k '{snippet.page} and {snippet.name}'" + (
        " --device gpu" if device == "gpu" else "")


def check_recorded(snippet: Snippet, actual: str, device: str = "cpu") -> tuple[str | None, Path]:
    """Check a normalised output against the recording: `(problem or None, the file that
    the re-record command writes)`.

    On the GPU without a `<name>.gpu.out`, the CPU recording is the reference: numbers
    within `GPU_RTOL` / `GPU_ATOL`, device lines through `DEVICE_RULES`. So the first GPU
    run needs no hand edit; what still differs is a real difference, and the message
    gives the command that records `<name>.gpu.out`.
    """
    recorded = snippet.out_path(device)
    rerecord = rerecord_command(snippet, device)
    tolerant = device == "gpu" and not recorded.exists()
    source = snippet.out_path("cpu") if tolerant else recorded
    if not source.exists():
        return (f"{snippet.id} has no recorded output {recorded.name}; record it with:\n"
                f"    {rerecord}\n--- this run printed ---\n{actual}"), recorded
    expected = source.read_text()
    if tolerant:
        problem = compare(across_devices(expected), across_devices(actual), snippet.id,
                          rerecord, rtol=GPU_RTOL, atol=GPU_ATOL)
    else:
        problem = compare(expected, actual, snippet.id, rerecord)
    return problem, recorded


def pytest_addoption(parser) -> None:
    group = parser.getgroup("snipcheck", "verified snippets")
    group.addoption("--update-outputs", action="store_true", default=False, dest="update_outputs",
                    help="re-record the outputs of the selected snippets")
    group.addoption("--device", choices=("cpu", "gpu"), default="cpu", dest="snippet_device",
                    help="cpu (default): GPUs hidden; gpu: GPU visible, compared with .gpu.out "
                         "or .out under a numeric tolerance")
    group.addoption("--snippet-jobs", type=int, default=0, dest="snippet_jobs",
                    help="snippets run at once (default: CPU count)")
    group.addoption("--snippet-timeout", type=float, default=DEFAULT_TIMEOUT, dest="snippet_timeout",
                    help=f"time limit per snippet in seconds (default {DEFAULT_TIMEOUT:g})")


def _stop_on_sigterm(signum, frame) -> None:
    """SIGTERM (a CI time limit, `kill`): stop the snippets now, then end the run the way
    Ctrl-C does, so pytest tears down its fixtures (browser, notebook kernel) too."""
    stop_snippets()
    raise KeyboardInterrupt(f"stopped by signal {signum}")


def pytest_configure(config) -> None:
    global _STOPPING
    config.addinivalue_line("markers", "snippet: runs a documentation snippet")
    with _LIVE_LOCK:
        _STOPPING = False
    if threading.current_thread() is threading.main_thread():
        config._snipcheck_sigterm = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    config._snipcheck = Scheduler(config)
    config._snipcheck_updated = []
    config._snipcheck_gpus = gpu_names() if config.getoption("snippet_device") == "gpu" else []


def pytest_report_header(config) -> str:
    return f"snipcheck: {_device_line(config)}; {config._snipcheck.jobs} snippets at once"


def _device_line(config) -> str:
    if config.getoption("snippet_device") == "cpu":
        return "snippets ran on CPU (GPUs hidden: CUDA_VISIBLE_DEVICES=-1)"
    gpus = config._snipcheck_gpus
    return f"snippets ran on GPU: {', '.join(gpus)}" if gpus else "--device gpu: no GPU found, snippets skipped"


def pytest_collection_finish(session) -> None:
    if hasattr(session.config, "workerinput"):
        return  # pytest-xdist worker: run on demand
    if session.config.getoption("snippet_device") == "gpu" and not session.config._snipcheck_gpus:
        return
    default = session.config.getoption("snippet_timeout")
    chosen = []
    for item in session.items:
        spec = getattr(item, "callspec", None)
        if spec and isinstance(spec.params.get("snippet"), Snippet):
            chosen.append((spec.params["snippet"], spec.params.get("timeout") or default))
    session.config._snipcheck.start(chosen)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    terminalreporter.write_line(f"snipcheck: {_device_line(config)}")
    ran = config._snipcheck.ran
    if ran:
        slowest = sorted(ran.items(), key=lambda kv: -kv[1])[:5]
        terminalreporter.write_line(
            f"snipcheck: {len(ran)} snippets run; slowest (own run time): "
            + ", ".join(f"{name} {sec:.1f} s" for name, sec in slowest))
    for path in config._snipcheck_updated:
        terminalreporter.write_line(f"snipcheck: re-recorded {path}")


def pytest_unconfigure(config) -> None:
    if hasattr(config, "_snipcheck"):
        config._snipcheck.close()
    previous = getattr(config, "_snipcheck_sigterm", None)
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    _child_main(sys.argv[1])

"""Running: one snippet in a fresh interpreter, in an empty temporary directory.

The Keras flavour is fixed when TensorFlow is imported, so snippets never share an
interpreter. What runs is a copy of the file in a directory of its own, as a reader's
copy would: nothing of the project is importable from it, and nothing it prints (paths
in tracebacks, code objects it pickles) depends on where the repository is cloned. GPUs
are hidden unless the suite runs with `--device gpu`. Standard output and standard error
are one stream, in the order a terminal would show them; the child process itself is
`snipcheck/_child.py`.

Two things make the child faster than `python snippet.py` without changing what it
prints: it raises the garbage collector's first threshold from 700 to 10,000 (importing
TensorFlow is 0.5 to 0.8 s faster), and once the snippet has ended and its threads and
`atexit` functions have run, it exits without tearing the interpreter down (about a
second saved). `benchmarks/verify_speed.py` measures the whole against a plain loop.
In another stack's interpreter, whose modules are installed uncompiled
(`snipcheck.installing`), the child may write bytecode (`PYTHONDONTWRITEBYTECODE` is
dropped): the first snippet there compiles what it imports, the next ones read it. A
module whose compilation warns (a `SyntaxWarning`) would print it in whichever snippet
compiles it first; no module the stacks' snippets import does today, or their outputs
would not match.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

DEFAULT_TIMEOUT = 120.0
"""Default time limit for one snippet, in seconds."""

SCRUBBED_ENV = ("TF_USE_LEGACY_KERAS", "KERAS_BACKEND", "PYTHONWARNINGS", "PYTHONSTARTUP")
"""Environment variables that decide what a snippet does; a snippet that needs one sets it
itself, so the suite removes them from the environment it inherits."""

_CHILD = Path(__file__).with_name("_child.py")

_LIVE: set[subprocess.Popen] = set()
"""Snippet processes still running, so that an interrupted suite can stop them."""
_LIVE_LOCK = threading.Lock()
"""Guards `_LIVE` and `_STOPPING`: no snippet starts once `stop_snippets` has run."""
_STOPPING = False


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
    env = {k: v for k, v in _environ().items() if k not in SCRUBBED_ENV}
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONHASHSEED"] = "0"
    if device == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = "-1"
    return env


def _environ() -> dict[str, str]:
    """A copy of `os.environ`. Snippets start in the scheduler's threads while pytest sets
    and removes `PYTEST_CURRENT_TEST` in the main one; a copy taken as that happens fails
    (a key gone, or the mapping changed size) and is taken again."""
    while True:
        try:
            return dict(os.environ)
        except (KeyError, RuntimeError):
            continue


def run_snippet(path: Path, device: str = "cpu", timeout: float = DEFAULT_TIMEOUT,
                python: str = sys.executable) -> Result:
    """Run one snippet in a fresh interpreter (`python`, by default the suite's own) and a
    fresh temporary directory.

    When the time limit passes, the whole process group is killed and
    `Result.returncode` is None.
    """
    with tempfile.TemporaryDirectory(prefix="snippet-") as workdir, \
            tempfile.TemporaryDirectory(prefix="snippet-src-") as src:
        script = Path(src) / path.name
        shutil.copyfile(path, script)
        tb_file = Path(src) / "traceback.txt"
        env = snippet_env(device)
        env["SNIPCHECK_TRACEBACK"] = str(tb_file)
        if python != sys.executable:  # a stack, installed without bytecode
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        start = time.monotonic()
        raw, code = run_stoppable([python, str(_CHILD), str(script)], timeout,
                                  what=path.name, cwd=workdir, env=env)
        seconds = time.monotonic() - start
        traceback_text = tb_file.read_text() if tb_file.exists() else ""
    return Result(raw.decode("utf-8", "replace"), code, traceback_text, seconds, workdir,
                  str(script))


def run_stoppable(command: list[str], timeout: float | None = None, what: str = "",
                  **popen) -> tuple[bytes, int | None]:
    """Run `command` in a session of its own, as `stop_snippets` can stop it: its output
    (standard error included) and exit status, None when `timeout` passed and its whole
    process group was killed. Snippets and stack installs run through it."""
    with _LIVE_LOCK:
        if _STOPPING:
            raise RuntimeError(f"{what or command[0]} not started: the suite is stopping")
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True, **popen)
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
    return raw, code


def stop_snippets() -> None:
    """Kill every running snippet and stack install (its whole process group) and start
    no new one.

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


def allow_snippets() -> None:
    """Let snippets start again (a new test session in the same process)."""
    global _STOPPING
    with _LIVE_LOCK:
        _STOPPING = False

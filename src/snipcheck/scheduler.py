"""Scheduling: the selected snippets run ahead of pytest, several at once, longest first,
each within its time limit; the stacks they need install meanwhile, one at a time.
"""

from __future__ import annotations

import subprocess
import time
import tomllib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Iterable

import pytest

from snipcheck import stack as snipstack
from snipcheck.finding import Snippet
from snipcheck.installing import ensure_installed
from snipcheck.running import Result, run_snippet, stop_snippets

TIME_LIMITS = "[tool.snipcheck.time-limits] in pyproject.toml"
"""Where a snippet's own time limit is set."""


def gpu_names() -> list[str]:
    """Names of the NVIDIA GPUs on this machine (`nvidia-smi -L`), [] when none."""
    try:
        out = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True,
                             timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if out.returncode != 0:
        return []
    return [line.split(":", 1)[1].split("(")[0].strip() for line in out.stdout.splitlines()
            if line.startswith("GPU ")]


def time_limits(root: Path, snippets: list[Snippet]) -> dict[str, float]:
    """The table `[tool.snipcheck.time-limits]` of `root/pyproject.toml`: seconds per
    snippet id. An entry that names no snippet, or no positive number, is refused."""
    pyproject = root / "pyproject.toml"
    if not pyproject.exists():
        return {}
    tool = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    table = tool.get("snipcheck", {}).get("time-limits", {})
    unknown = sorted(set(table) - {s.id for s in snippets})
    if unknown:
        raise pytest.UsageError(
            f"{TIME_LIMITS} names no snippet: {unknown}; an entry is "
            '"<page>/<name>" = <seconds> for snippets/<page>/<name>.py')
    wrong = sorted(k for k, v in table.items()
                   if isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0)
    if wrong:
        raise pytest.UsageError(f"{TIME_LIMITS}: {wrong} must be a number of seconds > 0")
    return {k: float(v) for k, v in table.items()}


class Scheduler:
    """Runs the selected snippets ahead of pytest, several at once, longest first.

    Each snippet test then waits for its own run. Under pytest-xdist (each worker collects
    everything) runs start on demand instead.
    """

    def __init__(self, config, device: str, jobs: int):
        self.config = config
        self.device = device
        self.jobs = jobs
        self.pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="snippet")
        self.installer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stack")
        self.pythons: dict[str, Future] = {}
        """The interpreter of each stack, once installed (`snipcheck.stack`)."""
        self.installs: dict[str, float] = {}
        """Seconds each stack installed in this session took."""
        self.futures: dict[tuple[Path, str], Future] = {}
        stored = config.cache.get("snipcheck/durations", {}) if _cache_of(config) else {}
        self.durations: dict[str, float] = dict(stored)
        self.ran: dict[str, float] = {}
        """Own run time of each snippet run in this session (not time spent queued)."""

    def start(self, items: Iterable[tuple[Snippet, float]]) -> None:
        """Start the given runs: the default stack's first, longest first; each other
        stack's once it is installed (stacks install one at a time, meanwhile).

        "Longest" is the duration remembered in pytest's cache; a snippet without one (a
        fresh clone, as on CI) counts as long as its time limit, so the snippets with a
        limit of their own in pyproject.toml, the slow ones, start first."""
        items = list(items)
        for name in dict.fromkeys(s.stack for s, _ in items):
            self.python(name)
        for snippet, timeout in sorted(items, key=lambda it: (
                it[0].stack != snipstack.DEFAULT,
                -self.durations.get(it[0].test_id, it[1]))):
            self.submit(snippet, timeout)

    def python(self, stack: str) -> Future:
        """The interpreter of `stack`, installing the stack first where needed."""
        if stack not in self.pythons:
            self.pythons[stack] = self.installer.submit(self._install, stack)
        return self.pythons[stack]

    def _install(self, stack: str) -> str:
        start = time.monotonic()
        installed = []
        python = ensure_installed(Path(self.config.rootpath), stack,
                                            installed.append)
        if installed:
            self.installs[stack] = time.monotonic() - start
        return python

    def _run(self, snippet: Snippet, timeout: float) -> Result:
        python = self.python(snippet.stack).result()
        return run_snippet(snippet.path, self.device, timeout, python=python)

    def submit(self, snippet: Snippet, timeout: float) -> Future:
        key = (snippet.path, snippet.stack)
        if key not in self.futures:
            self.futures[key] = self.pool.submit(self._run, snippet, timeout)
        return self.futures[key]

    def result(self, snippet: Snippet, timeout: float) -> Result:
        result = self.submit(snippet, timeout).result()
        self.ran[snippet.test_id] = result.seconds
        if not result.timed_out:
            self.durations[snippet.test_id] = round(result.seconds, 2)
        return result

    def close(self) -> None:
        """Cancel what has not started, stop what still runs, remember the durations."""
        self.installer.shutdown(wait=False, cancel_futures=True)
        self.pool.shutdown(wait=False, cancel_futures=True)
        stop_snippets()
        if _cache_of(self.config):
            self.config.cache.set("snipcheck/durations", self.durations)


def _cache_of(config):
    """pytest's cache, or None (disabled, or a pytest-xdist worker)."""
    if hasattr(config, "workerinput"):
        return None
    return getattr(config, "cache", None)

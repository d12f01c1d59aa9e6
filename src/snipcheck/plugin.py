"""The pytest plugin: one collector for every snippet, the scheduler, the cache, and the
one recorded-output check that snippets, the tutorial notebook and the figures share.

Loaded by the root `conftest.py` (`pytest_plugins = ["snipcheck.plugin"]`). A test
function marked `snippet` that takes a `snippet` argument (`tests/test_snippets.py`)
gets one case per snippet under `snippets/`, with the id `<page>/<name>`; a new page
needs no test file. Options:

* `--update-outputs`: re-record the outputs of the selected snippets
  (`pytest --update-outputs -k serialization`), the tutorial and the figures.
* `--device cpu|gpu`: `cpu` (default) hides GPUs; `gpu` runs with the GPU visible and
  compares with `<name>.gpu.out` where one exists, else with `<name>.out` within the
  GPU tolerances. Without a GPU the snippet tests are skipped, saying why.
* `--snippet-jobs N`: how many snippets run at once (default: CPU count). The selected
  snippets start as soon as collection ends, longest first (durations remembered in
  pytest's cache), while pytest reports them in order.
* `--snippet-timeout S`: default time limit per snippet (60 s). A snippet that needs
  more has its own line in the table `[tool.snipcheck.time-limits]` of
  `pyproject.toml`: `"<page>/<name>" = 120`.
* `--no-cache`: run every selected snippet, whatever the [cache][snipcheck.cache]
  holds (also whenever the `CI` environment variable is set).
* `--stack NAME[,NAME...]|all`: the [stacks][snipcheck.stack] to verify on (default:
  `default`). A snippet on another stack has the test id `<page>/<name>@<stack>`; one
  the stack does not run is skipped with the stack's reason. The stacks are installed
  (once per lock) while the default stack's snippets run.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import threading
import time
import tomllib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

import pytest

from snipcheck import cache as snipcache
from snipcheck import stack as snipstack
from snipcheck.comparing import (
    GPU_ATOL,
    GPU_RTOL,
    check_recorded,
    compare,
    exception_type,
    rerecord_command,
)
from snipcheck.finding import Snippet, discover
from snipcheck.pages import checks
from snipcheck.normalising import normalise
from snipcheck.running import (
    DEFAULT_TIMEOUT,
    Result,
    allow_snippets,
    run_snippet,
    stop_snippets,
)

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
        python = snipstack.ensure_installed(Path(self.config.rootpath), stack,
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


@dataclasses.dataclass
class State:
    """What the plugin keeps for one test session (in `config.stash`)."""

    root: Path
    device: str
    gpus: list[str]
    scheduler: Scheduler
    limits: dict[str, float]
    cache: snipcache.Cache
    cache_off: str | None
    """Why snippets are not taken from the cache this session (None: they are)."""
    stacks: list[str] = dataclasses.field(default_factory=lambda: [snipstack.DEFAULT])
    """The stacks this session verifies on."""
    results: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    """Each other stack's `results.txt`, as read (and, under --update-outputs, changed)."""
    updated: list[Path] = dataclasses.field(default_factory=list)
    from_cache: list[str] = dataclasses.field(default_factory=list)
    keys: dict[str, str] = dataclasses.field(default_factory=dict)
    shared_keys: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def snippets_dir(self) -> Path:
        return self.root / "snippets"

    @property
    def device_label(self) -> str:
        return "cpu" if self.device == "cpu" else "gpu:" + ",".join(self.gpus)

    def key(self, snippet: Snippet) -> str:
        if snippet.test_id not in self.keys:
            stack = snippet.stack
            if stack not in self.shared_keys:
                self.shared_keys[stack] = snipcache.environment(
                    self.root, self.device_label, stack)
            entry = self.results.get(stack, {}).get(snippet.id, "")
            self.keys[snippet.test_id] = snipcache.snippet_key(
                snippet, self.shared_keys[stack] + entry)
        return self.keys[snippet.test_id]

    def cached(self, snippet: Snippet) -> bool:
        return self.cache_off is None and self.cache.hit(snippet.test_id, self.key(snippet))


STATE = pytest.StashKey[State]()


def state_of(config) -> State:
    return config.stash[STATE]


# --------------------------------------------------------------- the recorded-output check


def require_device(config) -> None:
    """Skip the current test when `--device gpu` finds no GPU."""
    if state_of(config).device == "gpu" and not state_of(config).gpus:
        pytest.skip("--device gpu: no NVIDIA GPU found (nvidia-smi -L lists none)")


def rerecord(config, selection: str) -> str:
    """The command that re-records what `selection` (pytest arguments) checks, on this
    session's device."""
    return rerecord_command(selection, state_of(config).device)


def tolerance(config, own_recording: bool) -> dict[str, float]:
    """Keyword arguments for `compare`: on a GPU without a recording of its own, numbers
    may differ within `GPU_RTOL` / `GPU_ATOL`."""
    if state_of(config).device == "gpu" and not own_recording:
        return {"rtol": GPU_RTOL, "atol": GPU_ATOL}
    return {}


def record_or_fail(config, recorded: Path, problem: str | None, write: Callable[[], None],
                   can_write: bool = True) -> bool:
    """The end of every recorded-output check (snippets, the tutorial, the figures): pass
    when there is no `problem`; else, under `--update-outputs` (and `can_write`),
    `write()` the new recording to `recorded` and pass; else fail with `problem`.
    Returns True when it re-recorded."""
    if problem is None:
        return False
    if can_write and config.getoption("update_outputs"):
        write()
        state_of(config).updated.append(recorded)
        return True
    pytest.fail(problem, pytrace=False)


def verify(snippet: Snippet, config) -> None:
    """Run `snippet` (through the scheduler, unless the cache has it) and check what it
    printed; the body of each snippet test."""
    require_device(config)
    state = state_of(config)
    if state.cached(snippet):
        state.from_cache.append(snippet.test_id)
        return
    key = state.key(snippet)
    limit = state.limits.get(snippet.id, config.getoption("snippet_timeout"))
    try:
        result = state.scheduler.result(snippet, limit)
    except RuntimeError as exc:  # the stack could not be installed
        pytest.fail(str(exc), pytrace=False)
    if result.timed_out:
        pytest.fail(f"{snippet.test_id} timed out after {limit:g} s (limit: "
                    f'--snippet-timeout, or "{snippet.id}" = <seconds> under {TIME_LIMITS})'
                    f"\n--- output so far ---\n{result.output}", pytrace=False)
    actual = normalise(result.output, result.workdir, Path(result.script))
    if snippet.stack != snipstack.DEFAULT:
        _verify_on_stack(snippet, config, result, actual)
        state.cache.record(snippet.test_id, key)
        return
    _check_exit(snippet, result, actual)
    problem, recorded = check_recorded(snippet, actual, state.device)
    if not record_or_fail(config, recorded, problem, lambda: recorded.write_text(actual)):
        state.cache.record(snippet.test_id, key)


def _verify_on_stack(snippet: Snippet, config, result: Result, actual: str) -> None:
    """Check a run on another stack: against `<name>.<stack>.out` where the stack has its
    own recording, else against the default stack's `<name>.out`; and the stack's
    `results.txt` must say what this run shows (`same`, `differs` or `raises`). Raising
    is an outcome here, not a failure: what a snippet raises on an older stack is what
    the Versions page shows."""
    state = state_of(config)
    default_out = snippet.out_path()
    default_text = default_out.read_text() if default_out.exists() else None
    raised = result.returncode == 1 and bool(result.traceback)
    outcome = ("same" if actual == default_text
               else "raises" if raised and not snippet.raises else "differs")
    results = state.results[snippet.stack]
    own = snippet.stack_out
    rerecord = rerecord_command(f"-k '{snippet.page} and {snippet.name}'", state.device,
                                snippet.stack)
    label = f"{snippet.id} on stack {snippet.stack}"
    if own.exists():
        problem = compare(own.read_text(), actual, label, rerecord)
    elif default_text is not None:
        problem = compare(default_text, actual, label, rerecord)
    else:
        problem = f"{snippet.id} has no recorded output {default_out.name}"
    recorded = results.get(snippet.id)
    if problem is None and recorded != outcome:
        problem = (f"stacks/{snippet.stack}/results.txt says {snippet.id} is "
                   f"{recorded or 'not verified'} on {snippet.stack}; this run: {outcome}. "
                   f"Record it with:\n    {rerecord}")
    if problem is not None and config.getoption("update_outputs"):
        if outcome == "same":
            own.unlink(missing_ok=True)
            state.updated.append(snipstack.stacks(state.root)[snippet.stack].results_file(
                state.root))
        else:
            own.write_text(actual)
            state.updated.append(own)
        results[snippet.id] = outcome
        problem = None
    if problem is not None:
        pytest.fail(problem, pytrace=False)


def _check_exit(snippet: Snippet, result: Result, actual: str) -> None:
    declared = snippet.raises
    if declared:
        raised = (exception_type(actual)
                  if result.returncode == 1 and result.traceback else None)
        if raised is None:
            pytest.fail(f"{snippet.id} declares '# Raises: {declared}' but ran without an "
                        f"exception\n--- output ---\n{actual}", pytrace=False)
        if raised.rsplit(".", 1)[-1] != declared.rsplit(".", 1)[-1]:
            pytest.fail(f"{snippet.id} declares '# Raises: {declared}' but raised {raised}\n"
                        f"{result.traceback}", pytrace=False)
    elif result.returncode != 0:
        pytest.fail(f"{snippet.id} failed (exit status {result.returncode}); if the error "
                    "is the point, declare it with a '# Raises: Type' comment line\n"
                    f"{result.traceback or result.output}", pytrace=False)


# --------------------------------------------------------------- pytest hooks


def pytest_addoption(parser) -> None:
    group = parser.getgroup("snipcheck", "verified snippets")
    group.addoption("--update-outputs", action="store_true", default=False,
                    dest="update_outputs",
                    help="re-record the outputs of the selected snippets")
    group.addoption("--device", choices=("cpu", "gpu"), default="cpu", dest="snippet_device",
                    help="cpu (default): GPUs hidden; gpu: GPU visible, compared with "
                         ".gpu.out or .out under a numeric tolerance")
    group.addoption("--snippet-jobs", type=int, default=0, dest="snippet_jobs",
                    help="snippets run at once (default: CPU count)")
    group.addoption("--snippet-timeout", type=float, default=DEFAULT_TIMEOUT,
                    dest="snippet_timeout",
                    help=f"time limit per snippet in seconds (default {DEFAULT_TIMEOUT:g}); "
                         f"own limits: {TIME_LIMITS}")
    group.addoption("--no-cache", action="store_true", default=False, dest="snippet_no_cache",
                    help="run every selected snippet, even one whose inputs match a "
                         "passing run (also when CI is set)")
    group.addoption("--stack", default=snipstack.DEFAULT, dest="snippet_stacks",
                    help="the stacks to verify on: NAME[,NAME...] or all (default: "
                         "default); see stacks/")


def _cache_off(config) -> str | None:
    if config.getoption("snippet_no_cache"):
        return "--no-cache"
    if os.environ.get("CI"):
        return "CI is set"
    if config.getoption("update_outputs"):
        return "--update-outputs"
    if _cache_of(config) is None:
        return "no pytest cache"
    return None


def _stop_on_sigterm(signum, frame) -> None:
    """SIGTERM (a CI time limit, `kill`): stop the snippets now, then end the run the way
    Ctrl-C does, so pytest tears down its fixtures (browser, notebook kernel) too."""
    stop_snippets()
    raise KeyboardInterrupt(f"stopped by signal {signum}")


_SIGTERM = pytest.StashKey[object]()


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "snippet: runs a documentation snippet")
    allow_snippets()
    if threading.current_thread() is threading.main_thread():
        config.stash[_SIGTERM] = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    root = Path(config.rootpath)
    device = config.getoption("snippet_device")
    snippets = discover(root / "snippets") if (root / "snippets").is_dir() else []
    jobs = config.getoption("snippet_jobs") or os.cpu_count() or 1
    store = _cache_of(config)
    names = _selected_stacks(root, config.getoption("snippet_stacks"))
    config.stash[STATE] = State(
        stacks=names,
        results={n: snipstack.read_results(root, n) for n in names if n != snipstack.DEFAULT},
        root=root, device=device,
        gpus=gpu_names() if device == "gpu" else [],
        scheduler=Scheduler(config, device, jobs),
        limits=time_limits(root, snippets),
        cache=snipcache.Cache(store.get("snipcheck/passed", {}) if store else {}),
        cache_off=_cache_off(config),
    )


def _selected_stacks(root: Path, option: str) -> list[str]:
    known = snipstack.stacks(root)
    names = list(known) if option == "all" else [n.strip() for n in option.split(",")]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise pytest.UsageError(f"--stack: no stack {unknown}; the stacks are "
                                f"{', '.join(known)} (folders of stacks/), or all")
    return names


def pytest_generate_tests(metafunc) -> None:
    """One case per snippet and stack for a test marked `snippet` that takes `snippet`;
    a snippet a stack does not run is skipped there, with the stack's reason."""
    if "snippet" not in metafunc.fixturenames or not metafunc.definition.get_closest_marker(
            "snippet"):
        return
    state = state_of(metafunc.config)
    folder = state.snippets_dir
    snippets = discover(folder) if folder.is_dir() else []
    params = [snippet for snippet in snippets] if snipstack.DEFAULT in state.stacks else []
    others = [n for n in state.stacks if n != snipstack.DEFAULT]
    if others:
        known = snipstack.stacks(state.root)
        selected = checks(state.root / "docs", folder)
        for name in others:
            for snippet in snippets:
                why = known[name].not_run_reason(snippet.id, selected)
                marks = [pytest.mark.skip(reason=f"not run on {name}: {why}")] if why else []
                params.append(pytest.param(snippet.on(name), marks=marks,
                                           id=snippet.on(name).test_id))
    metafunc.parametrize("snippet", params,
                         ids=[p.test_id if isinstance(p, Snippet) else None for p in params])


def pytest_report_header(config) -> str:
    state = state_of(config)
    return f"snipcheck: {_device_line(state)}; {state.scheduler.jobs} snippets at once"


def _device_line(state: State) -> str:
    if state.device == "cpu":
        return "snippets ran on CPU (GPUs hidden: CUDA_VISIBLE_DEVICES=-1)"
    if state.gpus:
        return f"snippets ran on GPU: {', '.join(state.gpus)}"
    return "--device gpu: no GPU found, snippets skipped"


def _snippet_items(items) -> list[Snippet]:
    found = []
    for item in items:
        spec = getattr(item, "callspec", None)
        if (spec and isinstance(spec.params.get("snippet"), Snippet)
                and item.get_closest_marker("snippet") and not item.get_closest_marker("skip")):
            found.append(spec.params["snippet"])
    return found


def pytest_collection_finish(session) -> None:
    config = session.config
    state = state_of(config)
    if hasattr(config, "workerinput"):
        return  # pytest-xdist worker: run on demand
    if state.device == "gpu" and not state.gpus:
        return
    default = config.getoption("snippet_timeout")
    state.scheduler.start((s, state.limits.get(s.id, default))
                          for s in _snippet_items(session.items) if not state.cached(s))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    state = state_of(config)
    terminalreporter.write_line(f"snipcheck: {_device_line(state)}")
    ran = state.scheduler.ran
    if ran or state.from_cache:
        why = f"cache off: {state.cache_off}" if state.cache_off else "cache on"
        terminalreporter.write_line(
            f"snipcheck: ran {len(ran)}, from cache {len(state.from_cache)} ({why})")
    if ran:
        slowest = sorted(ran.items(), key=lambda kv: -kv[1])[:5]
        terminalreporter.write_line(
            f"snipcheck: {len(ran)} snippets run; slowest (own run time): "
            + ", ".join(f"{name} {sec:.1f} s" for name, sec in slowest))
    if state.stacks != [snipstack.DEFAULT]:
        terminalreporter.write_line(f"snipcheck: stacks verified: {', '.join(state.stacks)}")
        per_stack: dict[str, float] = {}
        for test_id, seconds in ran.items():
            name = test_id.partition("@")[2] or snipstack.DEFAULT
            per_stack[name] = per_stack.get(name, 0.0) + seconds
        terminalreporter.write_line(
            "snipcheck: per stack, install / snippets' own run time: " + ", ".join(
                f"{n} {state.scheduler.installs.get(n, 0):.0f} s / {per_stack.get(n, 0):.0f} s"
                for n in state.stacks))
    for path in dict.fromkeys(state.updated):
        terminalreporter.write_line(f"snipcheck: re-recorded {path}")


def pytest_unconfigure(config) -> None:
    if STATE not in config.stash:
        return
    state = state_of(config)
    state.scheduler.close()
    if config.getoption("update_outputs"):
        for name, results in state.results.items():
            if results != snipstack.read_results(state.root, name):
                snipstack.write_results(state.root, name, results)
    store = _cache_of(config)
    if store is not None:
        store.set("snipcheck/passed", state.cache.passed)
    previous = config.stash.get(_SIGTERM, None)
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)

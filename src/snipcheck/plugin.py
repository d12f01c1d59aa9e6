"""The pytest plugin: its options, one collector for every snippet, and the run summary.
Running ahead of pytest is [`snipcheck.scheduler`][snipcheck.scheduler]'s; the check of
each test is [`snipcheck.verifying`][snipcheck.verifying]'s; what runs where is the
[model][snipcheck.project]'s.

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
* `--snippet-timeout S`: default time limit per snippet (120 s). A snippet that needs
  more has its own line in the table `[tool.snipcheck.time-limits]` of
  `pyproject.toml`: `"<page>/<name>" = 240`.
* `--no-cache`: run every selected snippet, whatever the [cache][snipcheck.cache]
  holds (also whenever the `CI` environment variable is set).
* `--stack NAME[,NAME...]|all`: the [stacks][snipcheck.stack] to verify on (default:
  `default`). A snippet on another stack has the test id `<page>/<name>@<stack>`; one
  the stack does not run is skipped with the stack's reason (`not run on tf2.15: not a
  check`), one it cannot run with the package it lacks (`not applicable on tf2.15: no jax
  on this stack`). `--stack NAME` alone collects only that stack's cases; `-k '@NAME'`
  does not select them: pytest reads an argument that starts with `@` as a file of
  arguments. The stacks are installed
  (once per lock) while the default stack's snippets run.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from snipcheck import cache as snipcache
from snipcheck import stack as snipstack
from snipcheck.finding import Snippet
from snipcheck.project import Project
from snipcheck.running import DEFAULT_TIMEOUT, allow_snippets, stop_snippets
from snipcheck.scheduler import (
    TIME_LIMITS,
    Scheduler,
    _cache_of,
    gpu_names,
    time_limits,
)
from snipcheck.verifying import (
    STATE,
    State,
    record_or_fail,
    require_device,
    rerecord,
    state_of,
    tolerance,
    verify,
)

__all__ = ["record_or_fail", "require_device", "rerecord", "tolerance", "verify"]

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
    project = Project(Path(config.rootpath))
    device = config.getoption("snippet_device")
    jobs = config.getoption("snippet_jobs") or os.cpu_count() or 1
    store = _cache_of(config)
    names = _selected_stacks(project, config.getoption("snippet_stacks"))
    config.stash[STATE] = State(
        stacks=names,
        results={n: dict(project.results(n)) for n in names if n != snipstack.DEFAULT},
        project=project, device=device,
        gpus=gpu_names() if device == "gpu" else [],
        scheduler=Scheduler(config, device, jobs),
        limits=time_limits(project.root, list(project.snippets.values())),
        cache=snipcache.Cache(store.get("snipcheck/passed", {}) if store else {}),
        cache_off=_cache_off(config),
    )


def _selected_stacks(project: Project, option: str) -> list[str]:
    known = project.stacks
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
    snippets = list(state.project.snippets.values())
    params = list(snippets) if snipstack.DEFAULT in state.stacks else []
    for name in state.stacks:
        if name == snipstack.DEFAULT:
            continue
        for snippet in snippets:
            skipped = state.project.selection(snippet, name)
            marks = ([pytest.mark.skip(reason=f"{skipped[0].value} on {name}: {skipped[1]}")]
                     if skipped else [])
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


def pytest_collection_modifyitems(items) -> None:
    """The snippet tests go last, each group in its order: while the scheduler runs the
    snippets, pytest runs every other test, and then only waits for snippets; no test
    is left to run on one core after the last snippet."""
    items.sort(key=lambda item: item.get_closest_marker("snippet") is not None)


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
            state.project.write_results(name, results)
    store = _cache_of(config)
    if store is not None:
        store.set("snipcheck/passed", state.cache.passed)
    previous = config.stash.get(_SIGTERM, None)
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)

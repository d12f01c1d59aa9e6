"""Verifying: the one recorded-output check that snippets, the tutorial notebook and the
figures share, and what the plugin keeps for a session ([`State`][snipcheck.verifying.State]).

A run is compared with its recording by [`check_recorded`][snipcheck.comparing.check_recorded]
on every stack (GPU tolerances included); on another stack its outcome is decided by
[`decide`][snipcheck.outcomes.decide] and must be what `results.txt` says. Under
`--update-outputs` the [project][snipcheck.project] writes the new recording.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

import pytest

from snipcheck import cache as snipcache
from snipcheck import stack as snipstack
from snipcheck.comparing import GPU_ATOL, GPU_RTOL, check_recorded, rerecord_command
from snipcheck.finding import Snippet
from snipcheck.normalising import normalise
from snipcheck.outcomes import Outcome, decide, exception_type
from snipcheck.project import Project
from snipcheck.running import Result
from snipcheck.scheduler import TIME_LIMITS, Scheduler


@dataclasses.dataclass
class State:
    """What the plugin keeps for one test session (in `config.stash`)."""

    project: Project
    device: str
    gpus: list[str]
    scheduler: Scheduler
    limits: dict[str, float]
    cache: snipcache.Cache
    cache_off: str | None
    """Why snippets are not taken from the cache this session (None: they are)."""
    stacks: list[str] = dataclasses.field(default_factory=lambda: [snipstack.DEFAULT])
    """The stacks this session verifies on."""
    results: dict[str, dict[str, Outcome]] = dataclasses.field(default_factory=dict)
    """Each other stack's `results.txt`, as read (and, under --update-outputs, changed)."""
    updated: list[Path] = dataclasses.field(default_factory=list)
    from_cache: list[str] = dataclasses.field(default_factory=list)
    keys: dict[str, str] = dataclasses.field(default_factory=dict)
    shared_keys: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def device_label(self) -> str:
        return "cpu" if self.device == "cpu" else "gpu:" + ",".join(self.gpus)

    def key(self, snippet: Snippet) -> str:
        if snippet.test_id not in self.keys:
            stack = snippet.stack
            if stack not in self.shared_keys:
                self.shared_keys[stack] = snipcache.environment(
                    self.root, self.device_label, stack)
            entry = self.results.get(stack, {}).get(snippet.id)
            self.keys[snippet.test_id] = snipcache.snippet_key(
                snippet, self.shared_keys[stack] + (entry.value if entry else ""))
        return self.keys[snippet.test_id]

    def cached(self, snippet: Snippet) -> bool:
        return self.cache_off is None and self.cache.hit(snippet.test_id, self.key(snippet))


STATE = pytest.StashKey[State]()


def state_of(config) -> State:
    return config.stash[STATE]


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


def record_or_fail(config, recorded: Path, problem: str | None, write: Callable[[], object],
                   can_write: bool = True) -> bool:
    """The end of every recorded-output check (snippets, the tutorial, the figures): pass
    when there is no `problem`; else, under `--update-outputs` (and `can_write`),
    `write()` the new recording to `recorded` and pass; else fail with `problem`.
    Returns True when it re-recorded."""
    if problem is None:
        return False
    if can_write and config.getoption("update_outputs"):
        written = write()
        state_of(config).updated.append(written if isinstance(written, Path) else recorded)
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
    if snippet.stack == snipstack.DEFAULT:
        _check_exit(snippet, result, actual)
    problem, recorded = check_recorded(snippet, actual, state.device)
    if snippet.stack != snipstack.DEFAULT:
        problem = problem or _outcome_problem(snippet, state, result, actual)
        state.results[snippet.stack][snippet.id] = _outcome(snippet, result, actual)
    if not record_or_fail(config, recorded, problem,
                          lambda: state.project.write_output(snippet, actual, recorded)):
        state.cache.record(snippet.test_id, key)


def _outcome(snippet: Snippet, result: Result, actual: str) -> Outcome:
    default = snippet.out_path()
    return decide(default.read_text() if default.exists() else None, actual,
                  result.returncode == 1 and bool(result.traceback), snippet.raises)


def _outcome_problem(snippet: Snippet, state: State, result: Result,
                     actual: str) -> str | None:
    """On another stack, `results.txt` must say what this run shows. Raising is an
    outcome there, not a failure: what a snippet raises on an older stack is what the
    Versions page shows."""
    outcome = _outcome(snippet, result, actual)
    said = state.results[snippet.stack].get(snippet.id)
    if said == outcome:
        return None
    command = rerecord_command(snippet.selection, state.device, snippet.stack)
    return (f"stacks/{snippet.stack}/results.txt says {snippet.id} is "
            f"{said.value if said else 'not verified'} on {snippet.stack}; this run: "
            f"{outcome.value}. Record it with:\n    {command}")


def _check_exit(snippet: Snippet, result: Result, actual: str) -> None:
    declared = snippet.raises
    if declared:
        raised = (exception_type(actual)
                  if result.returncode == 1 and result.traceback else None)
        if raised is None:
            pytest.fail(f"{snippet.id} declares '# Raises: {declared}' but ran without an "
                        f"exception\n--- output ---\n{actual}", pytrace=False)
        if raised != declared.rsplit(".", 1)[-1]:
            pytest.fail(f"{snippet.id} declares '# Raises: {declared}' but raised {raised}\n"
                        f"{result.traceback}", pytrace=False)
    elif result.returncode != 0:
        pytest.fail(f"{snippet.id} failed (exit status {result.returncode}); if the error "
                    "is the point, declare it with a '# Raises: Type' comment line\n"
                    f"{result.traceback or result.output}", pytrace=False)

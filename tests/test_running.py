"""Running one snippet: a fresh interpreter in an empty directory, a scrubbed environment,
the end a plain run would have, and nothing left running when the suite stops."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

import snipcheck


def test_a_snippet_ends_as_a_plain_run_would(tmp_path):
    """The child skips the interpreter's teardown, not what a reader sees of an exit:
    threads still running are waited for, `atexit` functions run, streams are flushed
    in order."""
    path = tmp_path / "ending.py"
    path.write_text(
        "import atexit, sys, threading, time\n"
        "atexit.register(print, 'atexit ran')\n"
        "threading.Thread(target=lambda: (time.sleep(0.5), print('thread ended'))).start()\n"
        "sys.stdout.write('no newline')\n")
    result = snipcheck.run_snippet(path)
    assert result.returncode == 0
    assert result.output == "no newlinethread ended\natexit ran\n"


def test_warnings_and_stderr_are_part_of_the_output(project):
    code = """
        import sys, warnings
        print('before')
        warnings.warn('old API', DeprecationWarning)
        print('to stderr', file=sys.stderr)
        print('after')
    """
    project.add_snippet("warns", code, "before\nDeprecationWarning: old API\nto stderr\nafter\n")
    assert project.runpytest_subprocess("-q").ret == 0


def test_snippet_runs_in_an_empty_temporary_directory(project):
    project.add_snippet(
        "cwd", "import os\nprint(os.listdir('.'))\nopen('x.txt', 'w').write('x')\n", "[]\n")
    assert project.runpytest_subprocess("-q").ret == 0
    assert not list(project.path.rglob("x.txt"))


def test_snippet_environment_is_scrubbed(project, monkeypatch):
    monkeypatch.setenv("TF_USE_LEGACY_KERAS", "1")
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    project.add_snippet("env", "import os\nprint(os.environ.get('TF_USE_LEGACY_KERAS'), "
                               "os.environ.get('KERAS_BACKEND'), "
                               "os.environ['CUDA_VISIBLE_DEVICES'])\n",
                        "None None -1\n")
    assert project.runpytest_subprocess("-q").ret == 0


class _Changing(Mapping):
    """`os.environ` while pytest's main thread changes it: the first time it is read, a
    key it lists is gone before its value is read."""

    def __init__(self, data):
        self.data, self.reads = dict(data), 0

    def __iter__(self):
        self.reads += 1
        gone = ["PYTEST_CURRENT_TEST"] if self.reads == 1 else []
        return iter([*self.data, *gone])

    def __len__(self):
        return len(self.data)

    def __getitem__(self, key):
        return self.data[key]


def test_the_environment_is_copied_while_another_thread_changes_it():
    changing = _Changing({"HOME": "/root", "KERAS_BACKEND": "jax"})
    real, os.environ = os.environ, changing  # pytest itself writes os.environ between phases
    try:
        env = snipcheck.running.snippet_env("cpu")
    finally:
        os.environ = real
    assert changing.reads == 2
    assert env["HOME"] == "/root" and "KERAS_BACKEND" not in env


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting to be reaped has stopped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_the_suite_leaves_no_snippet_running(project, tmp_path, signum):
    """A CI time limit sends SIGTERM, a person presses Ctrl-C: either way the snippets,
    each in a session of its own, must not outlive the suite."""
    pids = tmp_path / "pids"
    pids.mkdir()
    code = f"""
        import os, pathlib, time
        pathlib.Path({str(pids)!r}, str(os.getpid())).touch()
        time.sleep(120)
    """
    for name in ("sleep_a", "sleep_b"):
        project.add_snippet(name, code, "")
    suite = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "--snippet-jobs", "2"],
                             cwd=project.path, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while len(list(pids.iterdir())) < 2:
            assert time.monotonic() < deadline, "the two snippets never started"
            assert suite.poll() is None, suite.stdout.read().decode()
            time.sleep(0.1)
        started = [int(p.name) for p in pids.iterdir()]
        assert all(_alive(pid) for pid in started)
        suite.send_signal(signum)
        output = suite.communicate(timeout=60)[0].decode()
    finally:
        if suite.poll() is None:
            os.killpg(suite.pid, signal.SIGKILL)
    time.sleep(0.5)
    survivors = [pid for pid in started if _alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, f"snippet processes outlived the suite:\n{output}"
    assert suite.returncode != 0


def test_stopping_the_suite_stops_a_stack_install_too(tmp_path):
    """A stack installs (uv) while snippets run; stopping the suite must not wait for the
    install, nor leave it running: it runs through `run_stoppable`, like a snippet. The
    stop kills every process the suite started, so it is tried in a process of its own
    (in this one it would kill the snippets the suite is running)."""
    script = tmp_path / "stop.py"
    script.write_text(textwrap.dedent(f"""
        import os, pathlib, sys, threading, time
        from snipcheck import running
        pid_file = pathlib.Path({str(tmp_path / "pid")!r})
        command = [sys.executable, "-c", "import os, pathlib, time; "
                   f"pathlib.Path({{str(pid_file)!r}}).write_text(str(os.getpid())); "
                   "time.sleep(120)"]
        done = {{}}
        worker = threading.Thread(target=lambda: done.update(
            result=running.run_stoppable(command, what="installing stack demo")))
        worker.start()
        while not pid_file.exists() or not pid_file.read_text():
            time.sleep(0.05)
        running.stop_snippets()
        worker.join(10)
        print("stopped:", not worker.is_alive(), done["result"][1])
        try:
            running.run_stoppable(command, what="installing stack demo")
        except RuntimeError as exc:
            print(exc)
    """))
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=60)
    pid = int((tmp_path / "pid").read_text())
    alive = _alive(pid)
    if alive:
        os.kill(pid, signal.SIGKILL)
    assert run.stdout == (f"stopped: True {-signal.SIGKILL}\n"
                          "installing stack demo not started: the suite is stopping\n"), (
        run.stdout + run.stderr)
    assert not alive, "the install outlived the stop"


def test_a_stack_install_runs_stoppable(monkeypatch, tmp_path):
    """Both uv steps of a stack install go through `run_stoppable`, which the stop kills."""
    from snipcheck import installing

    calls = []
    monkeypatch.setattr(installing, "run_stoppable",
                        lambda command, **kw: calls.append(command) or (b"", 0))
    installing.install_lock(tmp_path, tmp_path / "env", snipcheck.stack.OWN_PYTHON,
                            tmp_path / "requirements.lock", "stack demo")
    assert [c[1:3] for c in calls] == [["venv", "--quiet"], ["pip", "sync"]]


def test_a_stack_interpreter_writes_the_bytecode_it_compiles(tmp_path, monkeypatch):
    """Stacks install uncompiled (`snipcheck.installing`): in another interpreter than the
    suite's, a snippet may write bytecode; in the suite's own, the setting is kept."""
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    snippet = tmp_path / "env.py"
    snippet.write_text("import os\nprint(os.environ.get('PYTHONDONTWRITEBYTECODE'))\n")
    other = tmp_path / "python"
    other.symlink_to(sys.executable)
    assert snipcheck.run_snippet(snippet, python=str(other)).output == "None\n"
    assert snipcheck.run_snippet(snippet).output == "1\n"

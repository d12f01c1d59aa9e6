"""The pipeline itself: normalisation rules, comparison, and whole runs on small projects."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import snipcheck
from snipcheck import plugin

ROOT = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------- normalisation rules

@pytest.mark.parametrize("rule", snipcheck.RULES, ids=lambda r: r.name)
def test_rule_does_what_its_example_says(rule):
    pattern = re.compile(rule.pattern)
    if rule.replace is None:
        assert pattern.search(rule.example), "a dropping rule must match its example"
        assert rule.expected == ""
    else:
        assert pattern.sub(rule.replace, rule.example) == rule.expected
    # The whole chain gives the same result on the example.
    assert snipcheck.normalise(rule.example) == (rule.expected + "\n" if rule.expected else "")


@pytest.mark.parametrize("line", [
    "loss, first and last epoch: 2.144 0.724",
    "I0000 is not a log line without its time and source",
    "tensor id 0x1F stays (too short to be an address)",
    "mean: [[0.0222]] stddev: [[0.5672]]",
    "ValueError: Received an invalid value for `units`, expected a positive integer. "
    "Received: units=2",
    "WARNING:absl:You are saving your model as an HDF5 file",
])
def test_rules_leave_ordinary_output_alone(line):
    assert snipcheck.normalise(line) == line + "\n"


def test_normalise_replaces_the_working_directory():
    normalised = snipcheck.normalise("wrote /var/run/x7/model.h5", workdir="/var/run/x7")
    assert normalised == "wrote <tmp>/model.h5\n"


def test_normalise_shows_the_snippet_as_the_reader_named_it(tmp_path):
    snippet = tmp_path / "page" / "fit.py"
    text = f'  File "{snippet}", line 12, in <module>\n'
    assert snipcheck.normalise(text, snippet=snippet) == '  File "fit.py", line 12, in <module>\n'


def test_output_does_not_depend_on_where_the_repository_lives(tmp_path):
    """CI clones elsewhere: a snippet that prints its own path (or pickles code, which
    embeds it) must print the same from any checkout, because a copy is what runs."""
    code = "print(__file__.rsplit('/', 1)[-1], len(__file__))\nprint(1 / 0)\n"
    outputs = []
    for folder in ("a", "a/much/longer/checkout/path/snippets/page"):
        path = tmp_path / folder / "where.py"
        path.parent.mkdir(parents=True)
        path.write_text(code)
        result = snipcheck.run_snippet(path)
        assert str(tmp_path) not in result.output
        outputs.append(snipcheck.normalise(result.output, result.workdir, Path(result.script)))
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith("where.py ") and "ZeroDivisionError" in outputs[0]


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


def test_normalise_strips_blank_edges_and_empty_output():
    assert snipcheck.normalise("\n\nok\n\n") == "ok\n"
    assert snipcheck.normalise("I0000 00:00:1.5  7 a.cc:1] only noise\n") == ""


PAGE = """# Title

## Plain `code` heading

```python
# a comment, not a heading
```

```python
--8<-- "p/a.py"
```

### Own id: "quoted" {#own}

--8<-- "p/b.py"

## Plain `code` heading
"""


def test_page_sections_reads_headings_as_markdown_does():
    sections = snipcheck.page_sections(PAGE)
    assert [(s.level, s.title, s.text, s.anchor) for s in sections] == [
        (1, "Title", "Title", None),
        (2, "Plain `code` heading", "Plain code heading", None),
        (3, 'Own id: "quoted"', 'Own id: "quoted"', "own"),
        (2, "Plain `code` heading", "Plain code heading", None),
    ]


def test_include_sections_names_the_nearest_heading_above():
    found = [(s.title if s else None, inc) for s, inc in snipcheck.include_sections(PAGE)]
    assert found == [("Plain `code` heading", "p/a.py"), ('Own id: "quoted"', "p/b.py")]


def test_error_index_anchors_follow_toc():
    from markdown.extensions.toc import slugify

    ids = snipcheck.pages.anchors(snipcheck.page_sections(PAGE), slugify)
    assert list(ids.values()) == ["title", "plain-code-heading", "own", "plain-code-heading_1"]


# ----------------------------------------------------------------- comparison

def test_compare_identical_is_none():
    assert snipcheck.compare("a 1.5\n", "a 1.5\n", "p/s", "cmd") is None


def test_compare_reports_a_diff_and_the_rerecord_command():
    message = snipcheck.compare("loss 0.5\n", "loss 0.6\n", "page/snip",
                                "uv run pytest --update-outputs -k x")
    assert "page/snip" in message
    assert "-loss 0.5" in message and "+loss 0.6" in message
    assert "uv run pytest --update-outputs -k x" in message


@pytest.mark.parametrize(("expected", "actual", "close"), [
    ("loss 0.5000\n", "loss 0.5001\n", True),    # within one unit of the last digit
    ("loss 100.0\n", "loss 100.9\n", True),      # within GPU_RTOL
    ("loss 0.5\n", "loss 0.7\n", False),         # too far
    ("loss 0.5\n", "LOSS 0.5\n", False),         # text must be identical
    ("[1.0 2.0]\n", "[1.0 2.0 3.0]\n", False),   # a number more is not close
])
def test_gpu_tolerance(expected, actual, close):
    result = snipcheck.compare(expected, actual, "p/s", "cmd",
                               rtol=snipcheck.GPU_RTOL, atol=snipcheck.GPU_ATOL)
    assert (result is None) is close


@pytest.mark.parametrize(("output", "expected"), [
    ("x\nValueError: bad units\n", "ValueError"),
    ("tf_keras.src.saving.x.SomeError: boom\n", "tf_keras.src.saving.x.SomeError"),
    ("TypeError: f() missing 2 required positional arguments: 'a' and 'b'\n", "TypeError"),
    ("NotImplementedError:\nLayer X must override `get_config()`\n", "NotImplementedError"),
    ("all fine\n", None),
    ("note: see ValueError docs\n", None),
])
def test_exception_type(output, expected):
    assert snipcheck.exception_type(output) == expected


def test_include_fences_are_not_python_for_markdown_docs():
    text = '```python\n--8<-- "p/s.py"\n```\n\n```python\nprint(1)\n```\n'
    tokens = [t for t in snipcheck.markdown_parser().parse(text)
              if t.type in ("fence", "snippet_include")]
    assert [t.type for t in tokens] == ["snippet_include", "fence"]


@pytest.mark.parametrize("rule", snipcheck.DEVICE_RULES, ids=lambda r: r.name)
def test_device_rule_does_what_its_example_says(rule):
    assert re.compile(rule.pattern).sub(rule.replace, rule.example) == rule.expected
    assert snipcheck.across_devices(rule.example) == rule.expected


def test_first_gpu_run_of_the_stack_banner_needs_no_hand_edit():
    """A GPU run of the banner, without a stack.gpu.out, is checked against the CPU
    recording: it passes with the GPU's own device line (simulated here: no GPU on this
    machine), and a real difference fails with the command that records stack.gpu.out."""
    banner = snipcheck.Snippet(ROOT / "snippets" / "index" / "stack.py", "index")
    assert not banner.out_path("gpu").exists()
    recorded = banner.out_path().read_text()
    device = next(line for line in recorded.splitlines() if line.startswith("Device"))
    on_gpu = recorded.replace(device, "Device" + " " * 18 + "GPU: NVIDIA H100 80GB HBM3 (x86_64)")
    assert on_gpu != recorded
    assert snipcheck.check_recorded(banner, on_gpu, "gpu") == (None, banner.out_path("gpu"))
    # On the CPU the same line is a difference: the device rules apply across devices only.
    assert snipcheck.check_recorded(banner, on_gpu, "cpu")[0] is not None

    other_numpy = re.sub(r"(?m)^(numpy\s+)\S+$", r"\g<1>1.26.4", on_gpu)
    problem, path = snipcheck.check_recorded(banner, other_numpy, "gpu")
    assert path.name == "stack.gpu.out"
    assert "+numpy                   1.26.4" in problem
    assert "uv run pytest --update-outputs -k 'index and stack' --device gpu" in problem


# ----------------------------------------------------------------- whole runs

def test_changed_output_fails_with_diff_and_rerecord_restores_it(project):
    out = project.add_snippet("hello", "print('hello, world')\n", "hello, world\n")
    assert project.runpytest_subprocess("-q").ret == 0
    out.write_text("hello, World\n")  # one character changed
    run = project.runpytest_subprocess("-q")
    assert run.ret == 1
    run.stdout.fnmatch_lines(["*output of demo/hello differs from the recorded output*",
                              "*-hello, World*", "*+hello, world*",
                              "*uv run pytest --update-outputs -k 'demo and hello'*"])
    assert project.runpytest_subprocess("-q", "--update-outputs", "-k", "hello").ret == 0
    assert out.read_text() == "hello, world\n"
    assert project.runpytest_subprocess("-q").ret == 0


def test_missing_output_fails_and_says_how_to_record(project):
    project.add_snippet("fresh", "print(42)\n")
    run = project.runpytest_subprocess("-q")
    assert run.ret == 1
    run.stdout.fnmatch_lines(["*demo/fresh has no recorded output fresh.out*", "*42*"])


def test_timeout_fails_that_snippet_only(project):
    project.add_snippet("sleepy", "import time\nprint('start')\ntime.sleep(60)\n", "start\n")
    project.add_snippet("quick", "print('quick')\n", "quick\n")
    run = project.runpytest_subprocess("-q", "--snippet-timeout", "3")
    run.assert_outcomes(passed=1, failed=1)
    run.stdout.fnmatch_lines(["*demo/sleepy timed out after 3 s*"])


def test_time_limits_table_gives_a_snippet_its_own_limit(project):
    project.add_snippet("nap", "import time\ntime.sleep(2)\nprint('ok')\n", "ok\n")
    project.makepyprojecttoml('[tool.snipcheck.time-limits]\n"demo/nap" = 30\n')
    run = project.runpytest_subprocess("-q", "--snippet-timeout", "1")
    run.assert_outcomes(passed=1)


def test_time_limits_table_refuses_an_unknown_snippet(project):
    project.add_snippet("nap", "print('ok')\n", "ok\n")
    project.makepyprojecttoml('[tool.snipcheck.time-limits]\n"demo/napp" = 30\n')
    run = project.runpytest_subprocess("-q")
    assert run.ret == pytest.ExitCode.USAGE_ERROR
    assert ("[tool.snipcheck.time-limits] in pyproject.toml names no snippet: ['demo/napp']"
            in run.stderr.str())


def test_every_page_is_collected_without_a_test_file_of_its_own(project):
    project.add_snippet("hello", "print('hi')\n", "hi\n")
    project.add_snippet("hello", "print('hi')\n", "hi\n", page="other-page")
    run = project.runpytest_subprocess("-v")
    run.stdout.fnmatch_lines_random(["*test_snippet?demo/hello? PASSED*",
                                     "*test_snippet?other-page/hello? PASSED*"])
    run.assert_outcomes(passed=2)


def test_declared_error_passes_and_is_checked(project):
    project.add_snippet("bad_units",
                        "# Raises: ValueError\nraise ValueError('units must be > 0')\n",
                        "ValueError: units must be > 0\n")
    project.add_snippet("no_raise", "# Raises: ValueError\nprint('fine')\n", "fine\n")
    project.add_snippet("wrong_type", "# Raises: ValueError\n{}['k']\n", "KeyError: 'k'\n")
    project.add_snippet("undeclared", "import json\njson.loads('{')\n", "")
    run = project.runpytest_subprocess("-q", "-p", "no:randomly")
    run.assert_outcomes(passed=1, failed=3)
    run.stdout.fnmatch_lines_random([
        "*demo/no_raise declares '# Raises: ValueError' but ran without an exception*",
        "*demo/wrong_type declares '# Raises: ValueError' but raised KeyError*",
        "*demo/undeclared failed (exit status 1)*",
        "*json.decoder.JSONDecodeError: Expecting property name*",
    ])


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


def test_snippets_run_concurrently(project, tmp_path):
    """Each snippet waits for the other's marker file: a serial run would time out."""
    code = """
        import os, pathlib, time
        here = pathlib.Path({marker!r})
        (here / {me!r}).touch()
        deadline = time.time() + 20
        while not (here / {other!r}).exists():
            assert time.time() < deadline, 'the other snippet never started'
            time.sleep(0.05)
        print('met')
    """
    for me, other in (("a", "b"), ("b", "a")):
        project.add_snippet(f"meet_{me}", code.format(marker=str(tmp_path), me=me, other=other),
                            "met\n")
    run = project.runpytest_subprocess("-q", "--snippet-jobs", "2")
    run.assert_outcomes(passed=2)


def test_gpu_device_without_gpu_skips_with_reason(project):
    if plugin.gpu_names():
        pytest.skip("this machine has a GPU")
    project.add_snippet("hello", "print('hi')\n", "hi\n")
    run = project.runpytest_subprocess("-q", "-rs", "--device", "gpu")
    run.assert_outcomes(skipped=1)
    run.stdout.fnmatch_lines_random(["*no NVIDIA GPU found*",
                                     "*--device gpu: no GPU found, snippets skipped*"])


def test_run_summary_names_the_device(project):
    project.add_snippet("hello", "print('hi')\n", "hi\n")
    run = project.runpytest_subprocess("-q")
    run.stdout.fnmatch_lines(
        ["snipcheck: snippets ran on CPU (GPUs hidden: CUDA_VISIBLE_DEVICES=-1)"])


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


# ----------------------------------------------------------------- page checks

def _site(tmp_path, page_text):
    docs, snippets = tmp_path / "docs", tmp_path / "snippets" / "demo"
    docs.mkdir()
    snippets.mkdir(parents=True)
    (snippets / "a.py").write_text("print(1)\n")
    (snippets / "a.out").write_text("1\n")
    (docs / "demo.md").write_text(page_text)
    return docs, snippets.parent


def test_orphan_snippet_is_named(tmp_path):
    docs, snippets = _site(tmp_path, "# Demo\n")
    problem = snipcheck.shown_problem(snipcheck.discover(snippets)[0], docs)
    assert "snippets/demo/a.py is included by no page" in problem


def test_output_must_follow_its_code(tmp_path):
    page = '```python\n--8<-- "demo/a.py"\n```\n\n```python\n--8<-- "demo/b.py"\n```\n'
    docs, snippets = _site(tmp_path, page)
    problem = snipcheck.shown_problem(snipcheck.discover(snippets)[0], docs)
    assert 'include `--8<-- "demo/a.out"` right after it' in problem
    page_ok = '```python\n--8<-- "demo/a.py"\n```\n\n```text\n--8<-- "demo/a.out"\n```\n'
    (docs / "demo.md").write_text(page_ok)
    assert snipcheck.shown_problem(snipcheck.discover(snippets)[0], docs) is None


def test_orphan_output(tmp_path):
    docs, snippets = _site(tmp_path, "")
    (snippets / "demo" / "gone.out").write_text("x\n")
    (snippets / "demo" / "a.gpu.out").write_text("1\n")
    assert [p.name for p in snipcheck.orphan_outputs(snippets)] == ["gone.out"]


def test_fence_mixing_include_and_code_is_refused(tmp_path):
    docs, snippets = _site(tmp_path, '```python\n--8<-- "demo/a.py"\nprint(2)\n```\n\n'
                                     '```python\n--8<-- "demo/zz.py"\n```\n')
    problems = snipcheck.fence_problems(docs / "demo.md", snippets)
    assert any("mixes an include with inline code" in p for p in problems)
    assert any("includes demo/zz.py, which is no snippet" in p for p in problems)


def test_summary_lists_the_slowest_snippets(project):
    project.add_snippet("nap", "import time\ntime.sleep(0.5)\nprint('ok')\n", "ok\n")
    project.add_snippet("hello", "print('hi')\n", "hi\n")
    run = project.runpytest_subprocess("-q")
    run.stdout.fnmatch_lines(
        ["snipcheck: 2 snippets run; slowest (own run time): demo/nap *s, demo/hello *s"])


def test_hooks_and_public_face_import_without_pytest():
    """The MkDocs hooks use the pages part of the package; the plugin (and pytest) stay
    out of a site build."""
    code = ("import sys; import snipcheck; from hooks import errors, notebooks, reference; "
            "print(sorted(m for m in sys.modules if m == 'pytest' or m == 'snipcheck.plugin'))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_a_multi_line_log_message_is_dropped_through_its_blank_line():
    raw = ("tfp-nightly 0.26\n"
           "E0000 00:00:1795660942.302310   14304 cuda_platform.cc:57] failed call to cuInit\n"
           "=== Source Location Trace: === \n"
           "external/xla/xla/stream_executor/cuda/cuda_status.cc:50\n"
           "\n"
           "TFP works\n\nlast\n")
    assert snipcheck.normalise(raw) == "tfp-nightly 0.26\nTFP works\n\nlast\n"


def test_a_snippet_with_a_longer_time_limit_starts_first_on_a_fresh_clone(project, tmp_path):
    """With no durations remembered (a fresh clone, CI), the snippets with a time limit of
    their own, the slow ones, start first: the run does not end on a long tail."""
    log = tmp_path / "order.log"
    code = "import pathlib\npathlib.Path({log!r}).open('a').write('{name}\\n')\nprint(1)\n"
    for name in ("a_quick", "b_quick", "z_slow"):
        project.add_snippet(name, code.format(log=str(log), name=name), "1\n")
    project.makefile(".toml", pyproject='[tool.snipcheck.time-limits]\n"demo/z_slow" = 120\n')
    run = project.runpytest_subprocess("-q", "-p", "no:cacheprovider", "--snippet-jobs", "1")
    assert run.ret == 0
    assert log.read_text().split() == ["z_slow", "a_quick", "b_quick"]

"""The pytest plugin on small projects: collection, the recorded-output check, the device,
the run summary; and the hooks' side of the package imports without pytest."""

import subprocess
import sys

import pytest

import snipcheck
from snipcheck import plugin

ROOT = snipcheck.find_root()


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


def test_every_page_is_collected_without_a_test_file_of_its_own(project):
    project.add_snippet("hello", "print('hi')\n", "hi\n")
    project.add_snippet("hello", "print('hi')\n", "hi\n", page="other-page")
    run = project.runpytest_subprocess("-v")
    run.stdout.fnmatch_lines_random(["*test_snippet?demo/hello? PASSED*",
                                     "*test_snippet?other-page/hello? PASSED*"])
    run.assert_outcomes(passed=2)


def test_snippet_tests_run_after_every_other_test(project):
    """Other tests run while the snippets run ahead of pytest; none waits for the last
    snippet, even one in a file that sorts after the collector."""
    project.add_snippet("hello", "print('hi')\n", "hi\n")
    (project.path / "tests" / "test_a.py").write_text("def test_a():\n    pass\n")
    (project.path / "tests" / "test_z.py").write_text("def test_z():\n    pass\n")
    run = project.runpytest_subprocess("-v")
    run.stdout.fnmatch_lines(["*test_a.py::test_a PASSED*", "*test_z.py::test_z PASSED*",
                              "*test_snippet?demo/hello? PASSED*"])
    run.assert_outcomes(passed=3)


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

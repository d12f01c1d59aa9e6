"""Scheduling: time limits, several snippets at once, the slow ones first."""


import pytest



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


def test_a_snippet_with_a_longer_time_limit_starts_first_on_a_fresh_clone(project, tmp_path):
    """With no durations remembered (a fresh clone, CI), the snippets with a time limit of
    their own, the slow ones, start first: the run does not end on a long tail."""
    log = tmp_path / "order.log"
    code = "import pathlib\npathlib.Path({log!r}).open('a').write('{name}\\n')\nprint(1)\n"
    for name in ("a_quick", "b_quick", "z_slow"):
        project.add_snippet(name, code.format(log=str(log), name=name), "1\n")
    project.makefile(".toml", pyproject='[tool.snipcheck.time-limits]\n"demo/z_slow" = 240\n')
    run = project.runpytest_subprocess("-q", "-p", "no:cacheprovider", "--snippet-jobs", "1")
    assert run.ret == 0
    assert log.read_text().split() == ["z_slow", "a_quick", "b_quick"]

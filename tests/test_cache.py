"""The verification cache (snipcheck.cache): with nothing changed no snippet runs again,
and a change runs again exactly the snippets that depend on it."""

import re

import pytest

from snipcheck import cache

#: Each snippet appends its name to this file in the project, then prints it.
CODE = "import pathlib\npathlib.Path({log!r}).open('a').write('{name}\\n')\nprint('{name}')\n"

RULE = """
import snipcheck.normalising as n

n.RULES += (n.Rule("test-only", "why", r"^never printed$", None, "never printed", ""),)
"""

FAKE_GPU = """
import snipcheck.plugin as p

p.gpu_names = lambda: ["Test GPU"]
"""


def ran(project, *args):
    """Run the project's suite; the snippets that ran (in name order) and the summary's
    two counts."""
    log = project.path / "ran.log"
    log.write_text("")
    run = project.runpytest_subprocess("-q", "-p", "no:randomly", *args)
    summary = re.search(r"snipcheck: ran (\d+), from cache (\d+)", run.stdout.str())
    assert summary, run.stdout.str()
    names = sorted(log.read_text().split())
    assert len(names) == int(summary.group(1))
    return run, names, int(summary.group(2))


@pytest.fixture
def warm(project):
    """Three snippets on two pages, run once: every later run starts warm."""
    log = project.path / "ran.log"
    for page, name in (("demo", "a"), ("demo", "b"), ("other", "c")):
        project.add_snippet(name, CODE.format(log=str(log), name=name), f"{name}\n", page=page)
    (project.path / "uv.lock").write_text("version = 1\n")
    run, names, cached = ran(project)
    assert run.ret == 0 and names == ["a", "b", "c"] and cached == 0
    return project


def test_nothing_changed_runs_nothing(warm):
    run, names, cached = ran(warm)
    assert run.ret == 0 and names == [] and cached == 3
    run.stdout.fnmatch_lines(["snipcheck: ran 0, from cache 3 (cache on)"])


def test_no_cache_and_ci_run_everything(warm, monkeypatch):
    run, names, _ = ran(warm, "--no-cache")
    assert names == ["a", "b", "c"]
    run.stdout.fnmatch_lines(["snipcheck: ran 3, from cache 0 (cache off: --no-cache)"])
    monkeypatch.setenv("CI", "true")
    run, names, _ = ran(warm)
    assert names == ["a", "b", "c"]
    run.stdout.fnmatch_lines(["snipcheck: ran 3, from cache 0 (cache off: CI is set)"])


@pytest.mark.parametrize(("change", "again"), [
    ("snippet", ["a"]),
    ("helper", ["a", "b"]),
    ("lock", ["a", "b", "c"]),
    ("rule", ["a", "b", "c"]),
    ("environment", ["a", "b", "c"]),
])
def test_a_change_runs_exactly_what_depends_on_it(warm, monkeypatch, change, again):
    snippets = warm.path / "snippets"
    if change == "snippet":
        path = snippets / "demo" / "a.py"
        path.write_text(path.read_text() + "# edited\n")
    elif change == "helper":
        (snippets / "demo" / "_data.txt").write_text("shared by demo's snippets\n")
    elif change == "lock":
        (warm.path / "uv.lock").write_text("version = 2\n")
    elif change == "rule":
        warm.makeconftest('pytest_plugins = ["snipcheck.plugin"]\n' + RULE)
    elif change == "environment":
        monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    run, names, cached = ran(warm)
    assert run.ret == 0 and names == again and cached == 3 - len(again)
    run, names, cached = ran(warm)
    assert names == [] and cached == 3


def test_a_changed_output_runs_again_and_fails(warm):
    (warm.path / "snippets" / "demo" / "b.out").write_text("B\n")
    run, names, cached = ran(warm)
    assert run.ret == 1 and names == ["b"] and cached == 2
    run.stdout.fnmatch_lines(["*output of demo/b differs from the recorded output*"])


def test_another_device_runs_again_and_keeps_the_first(warm):
    warm.makeconftest('pytest_plugins = ["snipcheck.plugin"]\n' + FAKE_GPU)
    run, names, cached = ran(warm, "--device", "gpu")
    assert run.ret == 0 and names == ["a", "b", "c"] and cached == 0
    run.stdout.fnmatch_lines(["snipcheck: snippets ran on GPU: Test GPU"])
    run, names, cached = ran(warm)
    assert names == [] and cached == 3


def test_a_failing_run_is_not_remembered(project):
    project.add_snippet("wrong", "print('two')\n", "one\n")
    assert project.runpytest_subprocess("-q").ret == 1
    run = project.runpytest_subprocess("-q")
    assert run.ret == 1
    run.stdout.fnmatch_lines(["snipcheck: ran 1, from cache 0 (cache on)"])


def test_key_covers_every_input(tmp_path):
    """Unit level: each input named in the module's docstring changes the key."""
    from snipcheck import Snippet

    (tmp_path / "page").mkdir()
    path = tmp_path / "page" / "s.py"
    path.write_text("print(1)\n")
    snippet = Snippet(path, "page")
    shared = cache.environment(tmp_path, "cpu")
    first = cache.snippet_key(snippet, shared)
    assert cache.snippet_key(snippet, shared) == first
    assert cache.environment(tmp_path, "gpu:A100") != shared
    path.with_suffix(".out").write_text("1\n")
    assert cache.snippet_key(snippet, shared) != first


def test_a_stack_change_runs_again_that_stack_only(warm):
    """A stack's snippets are cached apart from the default stack's: changing the stack's
    lock, its stack.toml or its results.txt runs them again, and nothing else."""
    folder = warm.path / "stacks" / "other"
    folder.mkdir(parents=True)
    (folder / "stack.toml").write_text('why = "w"\nreleased = "2020-01"\n'
                                       'requires = ["iniconfig==2.3.1"]\n')
    (folder / "requirements.lock").write_text("iniconfig==2.3.1\n")
    (folder / "results.txt").write_text("demo/a same\ndemo/b same\nother/c same\n")
    run, names, cached = ran(warm, "--stack", "all")
    assert run.ret == 0 and names == ["a", "b", "c"] and cached == 3
    assert ran(warm, "--stack", "all")[1:] == ([], 6)
    (folder / "requirements.lock").write_text("iniconfig==2.3.1\n# re-locked\n")
    assert ran(warm, "--stack", "all")[1:] == (["a", "b", "c"], 3)
    (folder / "results.txt").write_text("demo/a same\ndemo/b same\nother/c same\n# note\n")
    assert ran(warm, "--stack", "all")[1:] == ([], 6)
    (folder / "stack.toml").write_text('why = "w"\nreleased = "2020-01"\n'
                                       'requires = ["iniconfig==2.3.1"]\nruns = "all"\n')
    assert ran(warm, "--stack", "all")[1:] == (["a", "b", "c"], 3)

"""Stacks: a snippet verified on another locked environment, on a tiny project.

The stack `other` installs one small package (from uv's cache after its first install);
the snippet prints whether it runs in a stack's interpreter, so its output differs from
the default stack's there, while a second snippet prints the same on both.
"""

import os
import textwrap

import pytest

from snipcheck import stack as snipstack
from snipcheck.installing import find_python
from snipcheck.project import Project
from snipcheck.root import find_root

WHERE = "import sys\nprint('in a stack env:', '.stacks' in sys.executable)\n"


@pytest.fixture
def stacked(project):
    folder = project.path / "stacks" / "other"
    folder.mkdir(parents=True)
    (folder / "stack.toml").write_text(textwrap.dedent('''\
        why = "A stack for the test."
        released = "2020-01"
        requires = ["iniconfig==2.3.1"]
        [not-run]
        "demo/skipped" = "nothing to see on this stack"
        '''))
    (folder / "requirements.lock").write_text("iniconfig==2.3.1\n")
    project.add_snippet("where", WHERE, "in a stack env: False\n")
    project.add_snippet("plain", "print(6 * 7)\n", "42\n")
    project.add_snippet("skipped", "print(1)\n", "1\n")
    return project


def test_recording_on_a_stack_stores_only_what_differs(stacked):
    demo = stacked.path / "snippets" / "demo"
    results = stacked.path / "stacks" / "other" / "results.txt"
    run = stacked.runpytest_subprocess("-q", "--stack", "other", "-rs")
    assert run.ret == 1  # nothing recorded on the stack yet
    run.stdout.fnmatch_lines([
        "*results.txt says demo/plain is not verified on other; this run: same*",
        "*uv run pytest --update-outputs --stack other -k 'demo and plain'*",
        "*not run on other: nothing to see on this stack*",
    ])
    assert stacked.runpytest_subprocess("-q", "--stack", "other", "--update-outputs").ret == 0
    assert (demo / "where.other.out").read_text() == "in a stack env: True\n"
    assert not (demo / "plain.other.out").exists()
    assert snipstack.read_results(stacked.path, "other") == {
        "demo/plain": "same", "demo/where": "differs"}
    assert "demo/skipped" not in results.read_text()
    run = stacked.runpytest_subprocess("-q", "--stack", "all", "-p", "no:cacheprovider")
    assert run.ret == 0
    run.stdout.fnmatch_lines([
        "*stacks verified: other, default*",
        "*per stack, install / snippets' own run time: other * s / * s, default 0 s / * s",
        "*5 passed, 1 skipped*"])


def test_a_changed_stack_output_fails_with_the_command_that_names_the_stack(stacked):
    assert stacked.runpytest_subprocess("-q", "--stack", "other", "--update-outputs").ret == 0
    own = stacked.path / "snippets" / "demo" / "where.other.out"
    own.write_text("in a stack env: maybe\n")
    run = stacked.runpytest_subprocess("-q", "--stack", "other")
    assert run.ret == 1
    run.stdout.fnmatch_lines(["*output of demo/where on stack other differs*",
                              "*-in a stack env: maybe*", "*+in a stack env: True*",
                              "*--update-outputs --stack other -k 'demo and where'*"])


def test_an_error_on_a_stack_is_a_result_not_a_failure(stacked):
    stacked.add_snippet("old", "import sys\nif '.stacks' in sys.executable:\n"
                        "    raise ImportError('too old here')\nprint('fine')\n", "fine\n")
    assert stacked.runpytest_subprocess("-q", "--stack", "other", "--update-outputs",
                                        "-k", "old").ret == 0
    assert snipstack.read_results(stacked.path, "other")["demo/old"] == "raises"
    own = stacked.path / "snippets" / "demo" / "old.other.out"
    assert own.read_text().endswith("ImportError: too old here\n")
    assert stacked.runpytest_subprocess("-q", "--stack", "other", "-k", "old").ret == 0


def test_an_unknown_stack_is_refused_with_the_list(stacked):
    run = stacked.runpytest_subprocess("-q", "--stack", "nope")
    assert run.ret != 0
    assert "--stack: no stack ['nope']; the stacks are other, default" in run.stderr.str()


def test_the_most_specific_entry_decides_whether_a_snippet_runs():
    """An id in `[not-run]` beats an id in `runs`, which beats a page in `[not-run]`,
    which beats `"checks"`; what no entry names runs only if it is a check."""
    stack = snipstack.Stack(
        "other", "w", "2020-01", runs=("checks", "demo/named", "demo/both"),
        not_run=(("demo/*", "the page is decided elsewhere"), ("demo/both", "broken here")))
    checks = {"checks": {"demo/check", "demo/named", "demo/both", "more/check"}}
    assert stack.not_run_reason("demo/both", checks) == "broken here"
    assert stack.not_run_reason("demo/named", checks) is None
    assert stack.not_run_reason("demo/check", checks) == "the page is decided elsewhere"
    assert stack.not_run_reason("more/check", checks) is None
    assert stack.not_run_reason("more/plain", checks) == "not a check"
    listed = snipstack.Stack("other", "w", "2020-01", runs=("demo/named",))
    assert listed.not_run_reason("demo/named", checks) is None
    assert listed.not_run_reason("more/check", checks) == "not chosen"
    # "claims" leaves out what only raises on purpose; a snippet named besides still runs.
    claims = snipstack.Stack("other", "w", "2020-01", runs=("claims", "demo/raises_named"))
    chosen = {"claims": {"demo/decider"}, "checks": {"demo/decider", "demo/raises",
                                                     "demo/raises_named"}}
    assert claims.not_run_reason("demo/decider", chosen) is None
    assert claims.not_run_reason("demo/raises_named", chosen) is None
    assert claims.not_run_reason("demo/raises", chosen) == "decides no claim"
    assert claims.selects and stack.selects and not listed.selects


def test_repository_stacks_are_locked_and_their_outputs_belong_to_a_stack():
    """Each stack's lock pins every package of its `requires` at the version required,
    and every `<name>.<stack>.out` names a stack and a snippet."""
    from snipcheck.finding import orphan_outputs

    root = find_root()
    for name, stack in snipstack.stacks(root).items():
        if stack.is_default:
            continue
        locked = snipstack.locked_versions(root, name)
        for requirement in stack.requires:
            package, pinned, version = requirement.partition("==")
            if not pinned:
                continue
            package = snipstack._canonical(package.split("[")[0])
            assert locked.get(package) == version, (
                f"stacks/{name}: {requirement} is not what requirements.lock holds "
                f"({locked.get(package)}); run `uv run python -m snipcheck.stack lock {name}`")
    project = Project(root)
    for stack in project.others:
        stale = [i for i in project.results(stack.name) if i not in project.snippets
                 or not project.runs(project.snippets[i], stack.name)]
        assert not stale, f"stacks/{stack.name}/results.txt names snippets it does not run"
    orphans = orphan_outputs(root / "snippets", set(snipstack.stacks(root)))
    assert not orphans, f"outputs of no snippet or no stack: {orphans}"


def test_a_missing_stack_result_fails_the_strict_build(tmp_path, caplog):
    """The Versions page warns (and `mkdocs build --strict` fails) when a stack that
    should run a snippet has no result recorded for it; a recorded error shows as the
    error line, linked to its diff."""
    from hooks import versions
    from snipcheck.project import Project

    folder = tmp_path / "snippets" / "demo"
    folder.mkdir(parents=True)
    (folder / "x.py").write_text("print(1)\n")
    (folder / "x.out").write_text("1\n")
    other = tmp_path / "stacks" / "other"
    other.mkdir(parents=True)
    (other / "stack.toml").write_text('why = "w"\nreleased = "2020-01"\nrequires = ["x==1"]\n')
    (other / "requirements.lock").write_text("x==1\n")
    project = Project(tmp_path)
    recording = project.recording("demo/x", "other")
    assert recording.outcome is None
    with caplog.at_level("WARNING", logger="mkdocs"):
        versions._missing(recording)
    assert [r.name for r in caplog.records] == ["mkdocs.hooks.versions"]
    assert "--update-outputs --stack other -k 'demo and x'" in caplog.records[0].getMessage()
    (other / "results.txt").write_text("demo/x raises\n")
    (folder / "x.other.out").write_text("Traceback\nImportError: old\n")
    recording = Project(tmp_path).recording("demo/x", "other")
    assert "ImportError: old" in versions.statement(recording)
    assert "+ImportError: old" in recording.diff


def test_an_install_line_stack_pins_the_default_stack_at_its_locked_versions(tmp_path):
    """`requires = "install-line"`: the stack group's packages at their versions in uv.lock,
    read again when the lock changes."""
    (tmp_path / "pyproject.toml").write_text(
        '[dependency-groups]\nstack = ["tensorflow==2.21.0", "h5py"]\n')
    lock = tmp_path / "uv.lock"
    lock.write_text('[[package]]\nname = "tensorflow"\nversion = "2.21.0"\n'
                    '[[package]]\nname = "h5py"\nversion = "3.14.0"\n')
    folder = tmp_path / "stacks" / "py"
    folder.mkdir(parents=True)
    (folder / "stack.toml").write_text(
        'why = "w"\nreleased = "2026-03"\npython = "3.12"\nrequires = "install-line"\n')
    stack = snipstack.stacks(tmp_path)["py"]
    assert (stack.requires, stack.python) == (("tensorflow==2.21.0", "h5py==3.14.0"), "3.12")
    lock.write_text(lock.read_text().replace("3.14.0", "3.15.1"))
    os.utime(lock, ns=(lock.stat().st_atime_ns, lock.stat().st_mtime_ns + 10**9))
    assert snipstack.stacks(tmp_path)["py"].requires[1] == "h5py==3.15.1"
    toml = folder / "stack.toml"
    toml.write_text('why = "w"\nreleased = "2026-03"\nrequires = "h5py"\n')
    os.utime(toml, ns=(toml.stat().st_atime_ns, toml.stat().st_mtime_ns + 10**9))
    with pytest.raises(ValueError, match='a list of pins or "install-line"'):
        snipstack.stacks(tmp_path)


def test_a_stack_python_is_found_on_this_machine_or_named_in_the_error(tmp_path, monkeypatch):
    """A `python3.12` on PATH that fails (a pyenv shim of an unselected version) is passed
    over for pyenv's newest 3.12.x; with neither, the error says what to install."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "python3.12"
    shim.write_text("#!/bin/sh\nexit 127\n")
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    for version in ("3.12.1", "3.12.10", "3.12.9"):
        (tmp_path / "pyenv" / "versions" / version / "bin").mkdir(parents=True)
        (tmp_path / "pyenv" / "versions" / version / "bin" / "python3.12").touch()
    assert find_python("3.12") == str(
        tmp_path / "pyenv" / "versions" / "3.12.10" / "bin" / "python3.12")
    shim.write_text("#!/bin/sh\nexit 0\n")
    assert find_python("3.12") == str(shim)
    with pytest.raises(RuntimeError, match=r"Python 3\.13 is not on this machine.*"
                                           r"apt-get install python3\.13"):
        find_python("3.13")


def test_a_claim_line_names_the_stacks_that_ran_every_decider(tmp_path):
    """A claim's stack line judges a stack only where it ran every deciding snippet, or
    could not (a package it lacks): a stack that chose not to run one of them is left out,
    not reported as undecided. A claim no snippet decides gets no line."""
    from hooks import versions
    from snipcheck.project import Project

    folder = tmp_path / "snippets" / "demo"
    folder.mkdir(parents=True)
    for name in ("a", "b"):
        (folder / f"{name}.py").write_text("print(1)\n")
        (folder / f"{name}.out").write_text("it works\n")
    (folder / "a.whole.out").write_text("it fails\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "demo.md").write_text(textwrap.dedent('''\
        # Demo

        !!! success "D1 · It works"
            Decided by `a.py` and `b.py`.

        !!! info "D2 · No snippet decides this one"
            Reasoning only.
        '''))
    for name, extra, results in (
            ("whole", "", "demo/a differs\ndemo/b same\n"),
            ("part", '[not-run]\n"demo/b" = "b is not for this stack"\n', "demo/a same\n")):
        stack = tmp_path / "stacks" / name
        stack.mkdir(parents=True)
        (stack / "stack.toml").write_text(
            f'why = "w"\nreleased = "2020-01"\nrequires = ["x==1"]\n{extra}')
        (stack / "requirements.lock").write_text("x==1\n")
        (stack / "results.txt").write_text(results)
    project = Project(tmp_path)
    [line] = versions.claim_lines(project, project.pages["demo"]).values()
    assert "flips on `whole` (`a.py` prints <code>it fails</code>)" in line
    assert "`part`" not in line

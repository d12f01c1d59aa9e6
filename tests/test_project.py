"""snipcheck.project: the recorded-outcome model of a checkout, on a tiny one."""

import pytest

from snipcheck.outcomes import Outcome, Verdict
from snipcheck.project import Project, find_root


@pytest.fixture
def checkout(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    folder = tmp_path / "snippets" / "demo"
    folder.mkdir(parents=True)
    for name, code, out in [("plain", "print(1)\n", "1\n"),
                            ("old", "import tf_keras\nprint(2)\n", "2\n"),
                            ("jaxy", "import jax\nprint(3)\n", "3\n")]:
        (folder / f"{name}.py").write_text(code)
        (folder / f"{name}.out").write_text(out)
    other = tmp_path / "stacks" / "other"
    other.mkdir(parents=True)
    (other / "stack.toml").write_text(
        'why = "w"\nreleased = "2020-01"\nrequires = ["tf-keras==2.15.1"]\n'
        'runs = ["demo/plain", "demo/old", "demo/jaxy"]\n')
    (other / "requirements.lock").write_text("tf-keras==2.15.1\n")
    (other / "results.txt").write_text("demo/plain differs\ndemo/old same\n")
    (folder / "plain.other.out").write_text("1.5\n")
    return tmp_path


def test_recordings_of_a_snippet_on_every_stack(checkout):
    project = Project(checkout)
    default, other = project.recordings("demo/plain")
    assert (default.stack, default.outcome, default.output) == ("default", Outcome.SAME, "1\n")
    assert (other.stack, other.outcome, other.output) == ("other", Outcome.DIFFERS, "1.5\n")
    assert other.verdict.verdict is Verdict.HOLDS  # only a number differs
    assert "+1.5" in other.diff
    same = project.recording("demo/old", "other")
    assert (same.outcome, same.output, same.diff) == (Outcome.SAME, "2\n", "")


def test_a_package_the_lock_lacks_makes_a_snippet_not_applicable(checkout):
    recording = Project(checkout).recording("demo/jaxy", "other")
    assert recording.outcome is Outcome.NOT_APPLICABLE
    assert recording.label == "not applicable (no jax on this stack)"
    assert not Project(checkout).runs(recording.snippet, "other")


def test_the_writer_stores_only_what_differs_from_the_default_stack(checkout):
    project = Project(checkout)
    snippet = project.snippets["demo/plain"].on("other")
    assert project.write_output(snippet, "1\n", snippet.stack_out).name == "results.txt"
    assert not snippet.stack_out.exists()
    assert project.write_output(snippet, "9\n", snippet.stack_out) == snippet.stack_out
    assert snippet.stack_out.read_text() == "9\n"
    assert project.write_results("other", {"demo/plain": Outcome.DIFFERS}) is True
    assert project.write_results("other", {"demo/plain": Outcome.DIFFERS}) is False
    assert Project(checkout).results("other") == {"demo/plain": Outcome.DIFFERS}


def test_the_root_is_found_from_a_folder_inside_the_checkout(checkout):
    assert find_root(checkout / "snippets" / "demo") == checkout.resolve()
    with pytest.raises(FileNotFoundError):
        find_root(checkout.parent)

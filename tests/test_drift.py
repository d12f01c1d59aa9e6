"""The drift watch names every output that changed, against the `next` recording and the
default stack's (snipcheck.drift), without installing anything."""

from snipcheck import drift
from snipcheck.finding import Snippet
from snipcheck.outcomes import Outcome
from snipcheck.project import Recording
from snipcheck.stack import Stack


def _snippet(tmp_path, default, on_next=None):
    folder = tmp_path / "snippets" / "demo"
    folder.mkdir(parents=True)
    (folder / "x.py").write_text("print('x')\n")
    (folder / "x.out").write_text(default)
    snippet = Snippet(folder / "x.py", "demo").on("next")
    if on_next is None:
        return Recording(snippet, Outcome.SAME, default, default_output=default)
    return Recording(snippet, Outcome.DIFFERS, on_next, default_output=default)


def test_a_changed_output_is_reported_with_its_first_differing_line(tmp_path):
    snippet = _snippet(tmp_path, "keras 3.15.1\nok\n", on_next="keras 3.16.0\nok\n")
    found = drift.drifts(snippet, "keras 3.17.0\nok\n")
    assert [(d.against, d.line, d.old, d.new) for d in found] == [
        ("next", 1, "keras 3.16.0", "keras 3.17.0"),
        ("default", 1, "keras 3.15.1", "keras 3.17.0")]
    text = drift.report(found, {"keras-nightly": "3.17.0.dev2026120104"})
    assert "| demo/x | next | 1 | `keras 3.16.0` | `keras 3.17.0` |" in text
    assert "keras-nightly 3.17.0.dev2026120104" in text
    assert "1 snippet(s) print something else than recorded on `next`" in text


def test_an_unchanged_output_is_no_drift(tmp_path):
    snippet = _snippet(tmp_path, "same\n")
    assert drift.drifts(snippet, "same\n") == []
    assert "No output changed" in drift.report([], {})
    changed = drift.drifts(snippet, "same\nand more\n")
    assert [(d.against, d.line, d.old) for d in changed] == [("next (= default)", 2,
                                                              "<no line>")]


def test_only_nightly_pins_are_lifted():
    stack = Stack("next", "", "2026-10", requires=(
        "tf-nightly==2.23.0.dev20261026", "keras-nightly==3.16.0.dev2026102704",
        "matplotlib==3.11.2", "h5py"))
    assert drift.newest_requirements(stack) == [
        "tf-nightly", "keras-nightly", "matplotlib==3.11.2", "h5py"]

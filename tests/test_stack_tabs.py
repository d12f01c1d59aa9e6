"""The stack tabs beside each Output block (hooks/stack_tabs.py), on the Markdown the
hook writes; tests/test_browser.py checks them in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks import stack_tabs
from snipcheck import stack as snipstack
from snipcheck.outcomes import Outcome
from snipcheck.project import Project

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def project(monkeypatch):
    """The recordings of this repository, as the hook reads them in a build."""
    monkeypatch.setattr(stack_tabs, "_project", Project(ROOT))
    return stack_tabs._project


def _stacks():
    return stack_tabs._order(stack_tabs._project.stacks)


def _label(recording):
    return stack_tabs._project.stacks[recording.stack].label


def _ran_elsewhere() -> str:
    """A snippet id that some other stack recorded and TF 2.15 (runs the checks) too."""
    ids = sorted(snipstack.read_results(ROOT, "tf2.15"))
    assert ids
    return ids[0]


def _output(snippet_id: str, indent: str = "") -> str:
    return (f'{indent}```text title="Output"\n{indent}--8<-- "{snippet_id}.out"\n'
            f"{indent}```\n")


def test_labels_come_from_the_stack_files_default_first():
    labels = [s.label for s in _stacks()]
    assert labels[0] == snipstack.stacks(ROOT)[snipstack.DEFAULT].label
    assert len(set(labels)) == len(labels), labels
    for name, stack in snipstack.stacks(ROOT).items():
        text = (ROOT / "stacks" / name / "stack.toml").read_text(encoding="utf-8")
        assert f'label = "{stack.label}"' in text, name


def test_an_output_of_a_snippet_run_elsewhere_gets_a_tab_per_stack():
    snippet_id = _ran_elsewhere()
    page = "Some text.\n\n" + _output(snippet_id) + "\nMore text.\n"
    written = stack_tabs.with_stack_tabs(page)
    default = _stacks()[0].label
    assert f'===! "{default}"\n\n    ```text title="Output"\n    --8<-- "{snippet_id}.out"' \
        in written
    for recording in stack_tabs.recordings_for(snippet_id):
        label = _label(recording)
        if recording.outcome is Outcome.RAISES:  # searchable: a reader pastes its error line
            assert (f'=== "{label}"\n\n    ```text title="Output on {label}"\n'
                    f'    --8<-- "{snippet_id}.{recording.stack}.out"') in written
        elif recording.outcome is Outcome.DIFFERS:
            assert (f'=== "{label}"\n\n    ``` {{ .text title="Output on {label}" '
                    f'data-search-exclude="" }}\n'
                    f'    --8<-- "{snippet_id}.{recording.stack}.out"') in written
        elif recording.outcome is Outcome.SAME:
            assert (f'title="Output on {label}, the same as on {default}" '
                    'data-search-exclude=""') in written
    assert written.startswith("Some text.\n\n") and written.endswith("\nMore text.\n")


def test_a_stack_that_did_not_run_it_says_why():
    snippet_id = _ran_elsewhere()
    recordings = [r for r in stack_tabs.recordings_for(snippet_id)
                  if not r.ran and stack_tabs._shown(r)]
    written = stack_tabs.with_stack_tabs(_output(snippet_id))
    for recording in recordings:
        why = stack_tabs._WHY.get(recording.reason, recording.reason)
        assert f" on {_label(recording)}: {why}." in written


def test_tabs_nest_inside_flavour_tabs():
    snippet_id = _ran_elsewhere()
    page = '=== "Keras 3"\n\n' + _output(snippet_id, "    ") + '\n=== "tf_keras"\n\n    x\n'
    written = stack_tabs.with_stack_tabs(page)
    assert '\n    ===! "' in written
    assert f'\n        --8<-- "{snippet_id}.out"' in written
    assert written.endswith('\n=== "tf_keras"\n\n    x\n')


def test_outputs_that_no_other_stack_ran_and_examples_stay_as_they_are():
    unrun = "nowhere/no_such_snippet"
    example = "````markdown\n" + _output(_ran_elsewhere()) + "````\n"
    page = _output(unrun) + "\n" + example
    assert stack_tabs.with_stack_tabs(page) == page


def test_each_stack_has_its_install_line_from_its_lock():
    text = stack_tabs.install_tabs(ROOT, _stacks())
    for stack in _stacks():
        versions = snipstack.locked_versions(ROOT, stack.name)
        tab = text.split(f'"{stack.label}"\n', 1)[1].split("\n===", 1)[0]
        assert "pip install " in tab
        if "tensorflow" in versions:
            assert f"tensorflow=={versions['tensorflow']}" in tab, stack.name

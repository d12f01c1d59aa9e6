"""The figures check (hooks/numbers.py): a figure in a page's prose must be one that the
page's outputs printed."""

import subprocess
import sys
import textwrap
from pathlib import Path

import markdown

from hooks import numbers

ROOT = Path(__file__).resolve().parents[1]


def _problems(tmp_path, source, outputs):
    snippets = tmp_path / "snippets"
    for name, text in outputs.items():
        path = snippets / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    rendered = markdown.markdown(source, extensions=["fenced_code"])
    return numbers.page_problems(source, rendered, snippets)


def test_a_figure_no_output_printed_is_named_with_its_sentence(tmp_path):
    source = textwrap.dedent("""\
        The loss ends at 0.31. The band is 1.62 wide.

        ```text
        --8<-- "demo/fit.out"
        ```
        """)
    problems = _problems(tmp_path, source, {"demo/fit.out": "final loss 0.31\n"})
    assert problems == [("1.62", "The band is 1.62 wide.")]


def test_an_output_on_another_stack_backs_a_figure(tmp_path):
    source = 'On TF 2.15 the loss ends at 0.47.\n\n--8<-- "demo/fit.out"\n'
    outputs = {"demo/fit.out": "final loss 0.31\n", "demo/fit.tf2.15.out": "final loss 0.47\n"}
    assert _problems(tmp_path, source, outputs) == []


def test_versions_code_and_quoted_claims_are_not_figures(tmp_path):
    source = textwrap.dedent("""\
        TFP 0.25 runs on TF 2.18 and 2.21; `tf_keras` 2.21 too; pin `jax<0.7` or 0.6.2.

        Set `rtol=0.05`. The claim “the loss falls to 0.01” is false.
        """)
    assert _problems(tmp_path, source, {}) == []


def test_a_figure_from_elsewhere_needs_its_source_declared(tmp_path):
    text = "The page weighs at most 1.5 MB.\n"
    assert [n for n, _ in _problems(tmp_path, text, {})] == ["1.5"]
    declared = text + "<!-- from elsewhere: 1.5 (the page-weight goal) -->\n"
    assert _problems(tmp_path, declared, {}) == []
    unsourced = text + "<!-- from elsewhere: 1.5 -->\n"
    assert [n for n, _ in _problems(tmp_path, unsourced, {})] == ["1.5"]


def test_counts_are_checked_against_the_outputs(tmp_path):
    source = 'Of the claims, 20 of 21 hold and 3 of 4 flip.\n\n--8<-- "demo/c.out"\n'
    problems = _problems(tmp_path, source, {"demo/c.out": "claims holding: 20 (of 21)\n"})
    assert [n for n, _ in problems] == ["3 of 4"]


def test_a_generated_page_may_use_every_recording(tmp_path):
    source = "<!-- snipcheck:versions -->\n\nThe loss there is 0.47.\n"
    outputs = {"demo/fit.tf2.15.out": "final loss 0.47\n"}
    assert _problems(tmp_path, source, outputs) == []


def test_a_strict_build_fails_on_a_figure_no_output_printed(tmp_path):
    """The hook in a real `mkdocs build --strict`: the build stops and names the page,
    the figure and the sentence."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets" / "demo").mkdir(parents=True)
    (tmp_path / "snippets" / "demo" / "fit.out").write_text("final loss 0.31\n")
    (tmp_path / "docs" / "index.md").write_text(
        '# Demo\n\nThe loss ends at 0.31, then 0.29.\n\n'
        '```text\n--8<-- "demo/fit.out"\n```\n')
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: demo
        hooks:
          - {ROOT / "hooks" / "numbers.py"}
        markdown_extensions:
          - pymdownx.superfences
          - pymdownx.snippets:
              base_path: [snippets]
              check_paths: true
        """))
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "numbers: index.md: the figure 0.29" in run.stderr
    assert "The loss ends at 0.31, then 0.29." in run.stderr
    assert "0.31 is" not in run.stderr

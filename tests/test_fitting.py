"""Snippets of docs/fitting.md, and the figures drawn from their verified output.

A plotting snippet prints the table it plots and defines `plot(series, path)`. The figure on
the page, `docs/assets/fitting/<name>.png`, is that function applied to the table parsed
back from the snippet's verified `.out`: `test_figure_is_current` re-draws it and compares
bytes, so a figure can come only from numbers the suite checked, and a stale one fails.
"""

import ast
import math
from pathlib import Path

import pytest

from snipcheck import page_tests

# Each snippet runs in under 20 s alone on 2 cores (benchmarks/verify_speed.py); while
# the suite runs two at once beside the browser tests, these trainers have taken up
# to 38 s of wall time. Their limit leaves room for a slower CI machine; a hang still
# ends as a timeout.
TRAINERS = ("input_scale", "dv_posterior_prior", "dv_learning_rate", "dv_kl_weight",
            "loss_fixed", "nan_stop", "dv_learning_rate_classic")
test_snippet = page_tests("fitting", timeouts=dict.fromkeys(TRAINERS, 120))

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets" / "fitting"
FIGURES = ROOT / "docs" / "assets" / "fitting"
PAGE = ROOT / "docs" / "fitting.md"


def _plot_function(source: str):
    """The snippet's top-level `plot` function (it must import what it uses itself)."""
    tree = ast.parse(source)
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "plot"]
    if not defs:
        return None
    namespace: dict = {}
    exec(compile(ast.Module(body=defs, type_ignores=[]), "<plot>", "exec"), namespace)
    return namespace["plot"]


def _number(token: str) -> float | None:
    try:
        return float(token)
    except ValueError:
        return None


def parse_table(text: str) -> dict[str, list[float]]:
    """The first table of an output: a header line of names, then rows of as many numbers."""
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        names = line.split()
        first = lines[i + 1].split()
        if len(names) < 2 or len(first) != len(names) or any(_number(t) is None for t in first):
            continue
        columns: dict[str, list[float]] = {name: [] for name in names}
        for row in lines[i + 1:]:
            values = [_number(t) for t in row.split()]
            if len(values) != len(names) or any(v is None for v in values):
                break
            for name, value in zip(names, values):
                columns[name].append(value)
        return columns
    raise AssertionError("no table (a header line, then rows of numbers) in the output")


def render(snippet: Path, out: Path, target: Path) -> None:
    """Draw `snippet`'s figure from the table in `out` into `target`, with default styles."""
    import matplotlib

    plot = _plot_function(snippet.read_text())
    series = parse_table(out.read_text())
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        plot(series, str(target))


PLOTTING = sorted(p for p in SNIPPETS.glob("[!_]*.py") if _plot_function(p.read_text()))


def test_plotting_snippets_exist():
    assert PLOTTING, "no snippet of docs/fitting.md defines plot(series, path)"


@pytest.mark.parametrize("snippet", PLOTTING, ids=lambda p: p.stem)
def test_figure_is_current(snippet, tmp_path, request):
    """The committed figure is the snippet's plot() of its verified output, byte for byte."""
    name = snippet.stem
    figure = FIGURES / f"{name}.png"
    assert f"(assets/fitting/{name}.png)" in PAGE.read_text(), f"docs/fitting.md does not show {name}.png"
    series = parse_table(snippet.with_suffix(".out").read_text())
    assert all(len(v) == len(series[next(iter(series))]) for v in series.values())
    assert any(math.isfinite(v) for col in series.values() for v in col)
    drawn = tmp_path / f"{name}.png"
    render(snippet, snippet.with_suffix(".out"), drawn)
    if request.config.getoption("update_outputs") and (
            not figure.exists() or figure.read_bytes() != drawn.read_bytes()):
        FIGURES.mkdir(parents=True, exist_ok=True)
        figure.write_bytes(drawn.read_bytes())
        return
    assert figure.exists(), (f"{figure.relative_to(ROOT)} is missing; draw it with:\n"
                             f"    uv run pytest tests/test_fitting.py --update-outputs -k {name}")
    assert figure.read_bytes() == drawn.read_bytes(), (
        f"{figure.relative_to(ROOT)} is not the plot of {snippet.with_suffix('.out').name}; "
        f"re-draw it with:\n    uv run pytest tests/test_fitting.py --update-outputs -k {name}")


def test_no_figure_without_snippet():
    names = {p.stem for p in PLOTTING}
    orphans = [p.name for p in FIGURES.glob("*") if p.stem not in names] if FIGURES.exists() else []
    assert not orphans, f"figures in docs/assets/fitting/ that no snippet draws: {orphans}"

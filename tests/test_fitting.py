"""The figures of docs/fitting.md, drawn from their snippets' verified output.

A plotting snippet prints the table it plots and defines `plot(series, path)`. The figure on
the page, `docs/assets/fitting/<name>.png`, is that function applied to the table parsed
back from the snippet's verified `.out`: `test_figure_is_current` re-draws it and compares
bytes, so a figure can come only from numbers the suite checked, and a stale one fails.
"""

import ast
import math
from pathlib import Path

import pytest

from snipcheck import Snippet, discover
from snipcheck.plugin import record_or_fail, rerecord

ROOT = Path(__file__).resolve().parents[1]
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
        numbers = [_number(t) for t in first]
        if len(names) < 2 or len(first) != len(names) or None in numbers:
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


def render(snippet: Snippet, target: Path) -> None:
    """Draw `snippet`'s figure from the table in its verified output into `target`, with
    default styles."""
    import matplotlib

    plot = _plot_function(snippet.source)
    series = parse_table(snippet.out_path().read_text())
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        plot(series, str(target))


PLOTTING = [s for s in discover(ROOT / "snippets", "fitting") if _plot_function(s.source)]


def test_plotting_snippets_exist():
    assert PLOTTING, "no snippet of docs/fitting.md defines plot(series, path)"


@pytest.mark.parametrize("snippet", PLOTTING, ids=lambda s: s.name)
def test_figure_is_current(snippet, tmp_path, request):
    """The committed figure is the snippet's plot() of its verified output, byte for byte."""
    name = snippet.name
    figure = FIGURES / f"{name}.png"
    assert f"(assets/fitting/{name}.png)" in PAGE.read_text(), (
        f"docs/fitting.md does not show {name}.png")
    series = parse_table(snippet.out_path().read_text())
    assert all(len(v) == len(series[next(iter(series))]) for v in series.values())
    assert any(math.isfinite(v) for col in series.values() for v in col)
    drawn = tmp_path / f"{name}.png"
    render(snippet, drawn)
    command = rerecord(request.config, f"tests/test_fitting.py -k {name}")
    shown = figure.relative_to(ROOT)
    problem = None
    if not figure.exists():
        problem = f"{shown} is missing; draw it with:\n    {command}"
    elif figure.read_bytes() != drawn.read_bytes():
        problem = (f"{shown} is not the plot of {snippet.out_path().name}; "
                   f"re-draw it with:\n    {command}")

    def write():
        FIGURES.mkdir(parents=True, exist_ok=True)
        figure.write_bytes(drawn.read_bytes())

    record_or_fail(request.config, figure, problem, write)


def test_no_figure_without_snippet():
    names = {s.name for s in PLOTTING}
    figures = FIGURES.glob("*") if FIGURES.exists() else []
    orphans = [p.name for p in figures if p.stem not in names]
    assert not orphans, f"figures in docs/assets/fitting/ that no snippet draws: {orphans}"

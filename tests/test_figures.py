"""The figures of the pages, drawn from their snippets' verified output.

A plotting snippet prints the table it plots and defines `plot(series, path)`. The figure on
its page, `docs/assets/<page>/<name>.png`, is that function applied to the table parsed
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
ASSETS = ROOT / "docs" / "assets"


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


PLOTTING = [s for s in discover(ROOT / "snippets") if _plot_function(s.source)]


def test_plotting_snippets_exist():
    pages = {s.page for s in PLOTTING}
    assert pages >= {"fitting", "leaving"}, f"plotting snippets only on {sorted(pages)}"


@pytest.mark.parametrize("snippet", PLOTTING, ids=lambda s: s.id)
def test_figure_is_current(snippet, tmp_path, request):
    """The committed figure is the snippet's plot() of its verified output, byte for byte."""
    name = snippet.name
    figures = ASSETS / snippet.page
    figure = figures / f"{name}.png"
    page = ROOT / "docs" / f"{snippet.page}.md"
    assert f"(assets/{snippet.page}/{name}.png)" in page.read_text(), (
        f"docs/{snippet.page}.md does not show {name}.png")
    series = parse_table(snippet.out_path().read_text())
    assert all(len(v) == len(series[next(iter(series))]) for v in series.values())
    assert any(math.isfinite(v) for col in series.values() for v in col)
    drawn = tmp_path / f"{name}.png"
    render(snippet, drawn)
    command = rerecord(request.config, f"tests/test_figures.py -k '{snippet.page} and {name}'")
    shown = figure.relative_to(ROOT)
    problem = None
    if not figure.exists():
        problem = f"{shown} is missing; draw it with:\n    {command}"
    elif figure.read_bytes() != drawn.read_bytes():
        problem = (f"{shown} is not the plot of {snippet.out_path().name}; "
                   f"re-draw it with:\n    {command}")

    def write():
        figures.mkdir(parents=True, exist_ok=True)
        figure.write_bytes(drawn.read_bytes())

    record_or_fail(request.config, figure, problem, write)


@pytest.mark.parametrize("page", sorted({s.page for s in PLOTTING}))
def test_no_figure_without_snippet(page):
    names = {s.name for s in PLOTTING if s.page == page}
    orphans = [p.name for p in (ASSETS / page).glob("*") if p.stem not in names]
    assert not orphans, f"figures in docs/assets/{page}/ that no snippet draws: {orphans}"

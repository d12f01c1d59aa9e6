"""Snippets of docs/leaving.md."""

from pathlib import Path

from snipcheck import page_tests

# Every snippet builds a tf_keras original and its Keras 3 port in one process, and
# some train both: the slowest, variational_training, took 76 s on 2 cores beside
# another snippet. A hang still ends as a timeout.
SNIPPETS = Path(__file__).resolve().parents[1] / "snippets" / "leaving"
LIMITS = dict.fromkeys((p.stem for p in SNIPPETS.glob("[!_]*.py")), 180)
test_snippet = page_tests("leaving", timeouts=LIMITS)

# The band figure follows the fitting page's rule: drawn by the snippet's own plot()
# from the table in its verified output, and compared byte for byte.
from test_fitting import render  # noqa: E402

ROOT = SNIPPETS.parents[1]
FIGURE = ROOT / "docs" / "assets" / "leaving" / "variational_training.png"


def test_band_figure_is_current(tmp_path, request):
    """The page's band figure is variational_training.py's plot() of its .out."""
    snippet = SNIPPETS / "variational_training.py"
    assert "(assets/leaving/variational_training.png)" in (
        ROOT / "docs" / "leaving.md").read_text(), "docs/leaving.md does not show the figure"
    drawn = tmp_path / FIGURE.name
    render(snippet, snippet.with_suffix(".out"), drawn)
    if request.config.getoption("update_outputs") and (
            not FIGURE.exists() or FIGURE.read_bytes() != drawn.read_bytes()):
        FIGURE.parent.mkdir(parents=True, exist_ok=True)
        FIGURE.write_bytes(drawn.read_bytes())
        return
    assert FIGURE.exists() and FIGURE.read_bytes() == drawn.read_bytes(), (
        f"{FIGURE.relative_to(ROOT)} is not the plot of variational_training.out; "
        "re-draw it with:\n    uv run pytest tests/test_leaving.py --update-outputs -k figure")

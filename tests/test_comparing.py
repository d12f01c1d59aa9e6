"""Comparing a run with its recording: diffs, the re-record command, GPU tolerances."""

import re

import pytest

import snipcheck

ROOT = snipcheck.find_root()


def test_compare_identical_is_none():
    assert snipcheck.compare("a 1.5\n", "a 1.5\n", "p/s", "cmd") is None


def test_compare_reports_a_diff_and_the_rerecord_command():
    message = snipcheck.compare("loss 0.5\n", "loss 0.6\n", "page/snip",
                                "uv run pytest --update-outputs -k x")
    assert "page/snip" in message
    assert "-loss 0.5" in message and "+loss 0.6" in message
    assert "uv run pytest --update-outputs -k x" in message


@pytest.mark.parametrize(("expected", "actual", "close"), [
    ("loss 0.5000\n", "loss 0.5001\n", True),    # within one unit of the last digit
    ("loss 100.0\n", "loss 100.9\n", True),      # within GPU_RTOL
    ("loss 0.5\n", "loss 0.7\n", False),         # too far
    ("loss 0.5\n", "LOSS 0.5\n", False),         # text must be identical
    ("[1.0 2.0]\n", "[1.0 2.0 3.0]\n", False),   # a number more is not close
])
def test_gpu_tolerance(expected, actual, close):
    result = snipcheck.compare(expected, actual, "p/s", "cmd",
                               rtol=snipcheck.GPU_RTOL, atol=snipcheck.GPU_ATOL)
    assert (result is None) is close


def test_first_gpu_run_of_the_stack_banner_needs_no_hand_edit():
    """A GPU run of the banner, without a stack.gpu.out, is checked against the CPU
    recording: it passes with the GPU's own device line (simulated here: no GPU on this
    machine), and a real difference fails with the command that records stack.gpu.out."""
    banner = snipcheck.Snippet(ROOT / "snippets" / "index" / "stack.py", "index")
    assert not banner.out_path("gpu").exists()
    recorded = banner.out_path().read_text()
    device = next(line for line in recorded.splitlines() if line.startswith("Device"))
    on_gpu = recorded.replace(device, "Device" + " " * 18 + "GPU: NVIDIA H100 80GB HBM3 (x86_64)")
    assert on_gpu != recorded
    assert snipcheck.check_recorded(banner, on_gpu, "gpu") == (None, banner.out_path("gpu"))
    # On the CPU the same line is a difference: the device rules apply across devices only.
    assert snipcheck.check_recorded(banner, on_gpu, "cpu")[0] is not None

    other_numpy = re.sub(r"(?m)^(numpy\s+)\S+$", r"\g<1>1.26.4", on_gpu)
    problem, path = snipcheck.check_recorded(banner, other_numpy, "gpu")
    assert path.name == "stack.gpu.out"
    assert "+numpy                   1.26.4" in problem
    assert "uv run pytest --update-outputs -k 'index and stack' --device gpu" in problem


@pytest.mark.parametrize(("expected", "actual", "close"), [
    ("nll 3.83\n  7  13\n", "nll 3.85\n  9  11\n", True),   # two units of the last digit
    ("nll 3.83\n  7  13\n", "nll 3.86\n  7  13\n", False),  # three
    ("nll 3.83\n", "NLL 3.83\n", False),                    # text must be identical
])
def test_a_declared_variation_allows_that_many_units_of_the_last_digit(expected, actual, close):
    assert (snipcheck.compare(expected, actual, "p/s", "cmd", units=2) is None) is close


def test_a_snippet_declares_how_far_its_numbers_vary(tmp_path):
    """`# Varies: up to N in the last printed digit` in the snippet, where the reader sees
    it, is what the check allows; without the line, one unit is already a difference."""
    page = tmp_path / "snippets" / "page"
    page.mkdir(parents=True)
    source = "# Trains twice.\n# Varies: up to 2 in the last printed digit\nprint(7)\n"
    (page / "s.py").write_text(source)
    (page / "s.out").write_text("density 7\n")
    snippet = snipcheck.Snippet(page / "s.py", "page")
    assert snippet.varies == 2
    assert snipcheck.check_recorded(snippet, "density 9\n")[0] is None
    assert "+density 10" in snipcheck.check_recorded(snippet, "density 10\n")[0]
    (page / "s.py").write_text(source.replace("# Varies: up to 2 in the last printed digit\n", ""))
    assert snippet.varies == 0
    assert snipcheck.check_recorded(snippet, "density 8\n")[0] is not None

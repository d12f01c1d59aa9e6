"""The normalisation rules: each does what its example says, and leaves ordinary output alone."""

import re
from pathlib import Path

import pytest

import snipcheck


@pytest.mark.parametrize("rule", snipcheck.RULES, ids=lambda r: r.name)
def test_rule_does_what_its_example_says(rule):
    pattern = re.compile(rule.pattern)
    if rule.replace is None:
        assert pattern.search(rule.example), "a dropping rule must match its example"
        assert rule.expected == ""
    else:
        assert pattern.sub(rule.replace, rule.example) == rule.expected
    # The whole chain gives the same result on the example.
    assert snipcheck.normalise(rule.example) == (rule.expected + "\n" if rule.expected else "")


@pytest.mark.parametrize("line", [
    "loss, first and last epoch: 2.144 0.724",
    "I0000 is not a log line without its time and source",
    "tensor id 0x1F stays (too short to be an address)",
    "mean: [[0.0222]] stddev: [[0.5672]]",
    "ValueError: Received an invalid value for `units`, expected a positive integer. "
    "Received: units=2",
    "WARNING:absl:You are saving your model as an HDF5 file",
])
def test_rules_leave_ordinary_output_alone(line):
    assert snipcheck.normalise(line) == line + "\n"


def test_normalise_replaces_the_working_directory():
    normalised = snipcheck.normalise("wrote /var/run/x7/model.h5", workdir="/var/run/x7")
    assert normalised == "wrote <tmp>/model.h5\n"


def test_normalise_shows_the_snippet_as_the_reader_named_it(tmp_path):
    snippet = tmp_path / "page" / "fit.py"
    text = f'  File "{snippet}", line 12, in <module>\n'
    assert snipcheck.normalise(text, snippet=snippet) == '  File "fit.py", line 12, in <module>\n'


def test_output_does_not_depend_on_where_the_repository_lives(tmp_path):
    """CI clones elsewhere: a snippet that prints its own path (or pickles code, which
    embeds it) must print the same from any checkout, because a copy is what runs."""
    code = "print(__file__.rsplit('/', 1)[-1], len(__file__))\nprint(1 / 0)\n"
    outputs = []
    for folder in ("a", "a/much/longer/checkout/path/snippets/page"):
        path = tmp_path / folder / "where.py"
        path.parent.mkdir(parents=True)
        path.write_text(code)
        result = snipcheck.run_snippet(path)
        assert str(tmp_path) not in result.output
        outputs.append(snipcheck.normalise(result.output, result.workdir, Path(result.script)))
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith("where.py ") and "ZeroDivisionError" in outputs[0]


def test_normalise_strips_blank_edges_and_empty_output():
    assert snipcheck.normalise("\n\nok\n\n") == "ok\n"
    assert snipcheck.normalise("I0000 00:00:1.5  7 a.cc:1] only noise\n") == ""


def test_a_multi_line_log_message_is_dropped_through_its_blank_line():
    raw = ("tfp-nightly 0.26\n"
           "E0000 00:00:1795660942.302310   14304 cuda_platform.cc:57] failed call to cuInit\n"
           "=== Source Location Trace: === \n"
           "external/xla/xla/stream_executor/cuda/cuda_status.cc:50\n"
           "\n"
           "TFP works\n\nlast\n")
    assert snipcheck.normalise(raw) == "tfp-nightly 0.26\nTFP works\n\nlast\n"


@pytest.mark.parametrize("rule", snipcheck.DEVICE_RULES, ids=lambda r: r.name)
def test_device_rule_does_what_its_example_says(rule):
    assert re.compile(rule.pattern).sub(rule.replace, rule.example) == rule.expected
    assert snipcheck.across_devices(rule.example) == rule.expected

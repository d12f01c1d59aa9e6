"""The model's pure rules: outcomes, applicability from a lock, verdicts, error lines."""


import dataclasses

import pytest

import snipcheck
from snipcheck.outcomes import (
    Judgement,
    Outcome,
    Verdict,
    applicability,
    decide,
    verdict,
)


@pytest.mark.parametrize(("output", "expected"), [
    ("x\nValueError: bad units\n", "ValueError"),
    ("tf_keras.src.saving.x.SomeError: boom\n", "SomeError"),
    ("TypeError: f() missing 2 required positional arguments: 'a' and 'b'\n", "TypeError"),
    ("NotImplementedError:\nLayer X must override `get_config()`\n", "NotImplementedError"),
    ("all fine\n", None),
    ("note: see ValueError docs\n", None),
])
def test_exception_type(output, expected):
    assert snipcheck.exception_type(output) == expected


def test_decide_same_differs_raises():
    assert decide("1\n", "1\n", raised=False, declared=None) is Outcome.SAME
    assert decide("1\n", "2\n", raised=False, declared=None) is Outcome.DIFFERS
    assert decide("1\n", "E: x\n", raised=True, declared=None) is Outcome.RAISES
    # An error the snippet declares is its point: a different message is a difference.
    assert decide("ValueError: a\n", "ValueError: b\n", raised=True,
                  declared="ValueError") is Outcome.DIFFERS


def test_applicability_reads_imports_and_metadata_calls_against_the_lock():
    lock = {"tensorflow": "2.15.1", "keras": "2.15.0", "tensorflow-probability": "0.23.0"}
    assert applicability("import tf_keras\n", None, lock) == "tf-keras"
    assert applicability("import jax.numpy as jnp\n", None, lock) == "jax"
    # TFP's JAX substrate needs jax, though the snippet never imports it by name.
    substrate = "from tensorflow_probability.substrates import jax as tfp\n"
    assert applicability(substrate, None, lock) == "jax"
    assert applicability(substrate, None, {**lock, "jax": "0.6.2"}) is None
    assert applicability("from tensorflow_probability.substrates import numpy\n", None,
                         lock) is None
    assert applicability("import tensorflow as tf\nimport keras\n", None, lock) is None
    # A nightly provides the same module.
    assert applicability("import tf_keras\n", None, {"tf-keras-nightly": "2.23"}) is None
    # A literal metadata name is needed; what a snippet tries in a `try` is optional.
    source = 'from importlib.metadata import version\nprint(version("tf-keras"))\n'
    assert applicability(source, None, lock) == "tf-keras"
    guarded = "try:\n    import tf_keras\nexcept ImportError:\n    pass\n"
    assert applicability(guarded, None, lock) is None
    # A snippet that demonstrates the missing module runs everywhere.
    assert applicability("import tf_keras\n", "ModuleNotFoundError", lock) is None


@dataclasses.dataclass
class Rec:
    outcome: Outcome | None
    output: str | None = None
    reason: str | None = None


def test_verdict_holds_when_only_numbers_differ_and_flips_otherwise():
    default = "loss 0.123\nkeras 3.15.1\n"
    assert verdict(None, default, Rec(Outcome.SAME, default)).verdict is Verdict.HOLDS
    holds = verdict(None, default, Rec(Outcome.DIFFERS, "loss 0.456\nkeras 2.15.0\n"))
    assert holds.verdict is Verdict.HOLDS
    table = verdict(None, "   1    6.738e+12\n", Rec(Outcome.DIFFERS, "   1     6.21e+12\n"))
    assert table.verdict is Verdict.HOLDS
    nightly = Rec(Outcome.DIFFERS, "keras 3.16.0.dev2026102704\n")
    assert verdict(None, "keras 3.15.1\n", nightly).verdict is Verdict.HOLDS
    flips = verdict(None, default, Rec(Outcome.DIFFERS, "loss 0.456\nkeras is Keras 2\n"))
    assert flips == Judgement(Verdict.FLIPS, "prints", "keras is Keras 2")
    fewer = verdict(None, default, Rec(Outcome.DIFFERS, "loss 0.2\n"))
    assert fewer == Judgement(Verdict.FLIPS, "prints less")
    raised = verdict(None, default, Rec(Outcome.RAISES, "AttributeError: no Layer\n"))
    assert raised == Judgement(Verdict.FLIPS, "raises AttributeError")


def test_verdict_of_a_declared_error_is_its_type():
    default = "ValueError: units must be an int\n"
    same_type = Rec(Outcome.DIFFERS, "ValueError: another message\n")
    assert verdict("ValueError", default, same_type).verdict is Verdict.HOLDS
    other = verdict("ValueError", default, Rec(Outcome.DIFFERS, "TypeError: t\n"))
    assert other == Judgement(Verdict.FLIPS, "raises TypeError instead")
    runs = verdict("ValueError", default, Rec(Outcome.DIFFERS, "fitted\n"))
    assert runs == Judgement(Verdict.FLIPS, "runs without the ValueError")


def test_verdict_is_undecided_where_it_did_not_run():
    lacking = Rec(Outcome.NOT_APPLICABLE, reason="no tf-keras on this stack")
    assert verdict(None, "1\n", lacking) == Judgement(Verdict.UNDECIDED,
                                                      "no tf-keras on this stack")
    assert verdict(None, "1\n", Rec(None)).verdict is Verdict.UNDECIDED

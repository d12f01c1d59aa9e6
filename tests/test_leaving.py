"""Snippets of docs/leaving.md."""

from pathlib import Path

from snipcheck import page_tests

# Every snippet builds a tf_keras original and its Keras 3 port in one process, and
# some train both: the slowest, variational_training, took 76 s on 2 cores beside
# another snippet. A hang still ends as a timeout.
SNIPPETS = Path(__file__).resolve().parents[1] / "snippets" / "leaving"
LIMITS = dict.fromkeys((p.stem for p in SNIPPETS.glob("[!_]*.py")), 180)
test_snippet = page_tests("leaving", timeouts=LIMITS)

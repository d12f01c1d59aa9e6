"""Snippets of docs/leaving.md."""

from pathlib import Path

from snipcheck import page_tests

# Every snippet builds a tf_keras original and its Keras 3 port in one
# process, and some train both: alone each runs in under 20 s on 2 cores, under
# contention one has taken over 40 s. A hang still ends as a timeout.
SNIPPETS = Path(__file__).resolve().parents[1] / "snippets" / "leaving"
test_snippet = page_tests(
    "leaving", timeouts=dict.fromkeys((p.stem for p in SNIPPETS.glob("[!_]*.py")), 120))

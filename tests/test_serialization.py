"""Snippets of docs/serialization.md."""

from snipcheck import page_tests

test_snippet = page_tests("serialization", timeouts={"matrix": 240, "migrate_h5": 120,
                                                    "k3_save_fixed": 120})

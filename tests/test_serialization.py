"""Snippets of docs/serialization.md."""

from snipcheck import page_tests

test_snippet = page_tests("serialization", timeouts={"matrix": 240})

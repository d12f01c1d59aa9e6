"""Snippets of docs/boundaries.md."""

from snipcheck import page_tests

test_snippet = page_tests("boundaries", timeouts={"which_keras": 120})

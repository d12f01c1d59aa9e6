"""Snippets of docs/index.md (the stack banner shown on every page)."""

from snipcheck import page_tests

test_snippet = page_tests("index")

"""Snippets of docs/import-choices.md."""

from snipcheck import page_tests

test_snippet = page_tests("import-choices")

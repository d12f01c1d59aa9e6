"""Snippets of docs/import-choices.md."""

from snipcheck import page_tests

# legacy_env_import_forms starts four interpreters that each import TensorFlow.
test_snippet = page_tests("import-choices",
                          timeouts={"legacy_env_import_forms": 180})

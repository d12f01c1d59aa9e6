"""Loads the snippet pipeline (snipcheck) as a pytest plugin for the whole suite."""

pytest_plugins = ["snipcheck"]


def pytest_markdown_docs_markdown_it():
    """pytest-markdown-docs parses pages with our parser: include fences are not Python."""
    import snipcheck

    return snipcheck.markdown_parser()

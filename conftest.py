"""Loads the snippet pipeline's pytest plugin (snipcheck.plugin) for the whole suite."""

pytest_plugins = ["snipcheck.plugin"]


def pytest_markdown_docs_markdown_it():
    """pytest-markdown-docs parses pages with our parser: include fences are not Python."""
    from snipcheck.pages import markdown_parser

    return markdown_parser()

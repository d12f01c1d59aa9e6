"""Every snippet under snippets/ runs in a fresh interpreter and prints its recorded output.

The snipcheck plugin (src/snipcheck/plugin.py) gives this test one case per snippet file,
`<page>/<name>`, on every page: a new page needs no test file of its own.
"""

import pytest

from snipcheck.plugin import verify


@pytest.mark.snippet
def test_snippet(snippet, request):
    verify(snippet, request.config)

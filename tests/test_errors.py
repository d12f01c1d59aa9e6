"""hooks/errors.py: a row of the error index must lead to a section that names the error
and gives its fix; the strict build fails otherwise."""

from hooks import errors
from snipcheck.pages import Page

PAGE = """# Demo

### `x.py`: "bad units"

```python title="x.py"
--8<-- "demo/x.py"
```

```text title="Output"
--8<-- "demo/x.out"
```

{after}

## Recipe
"""


def _page(tmp_path, after):
    folder = tmp_path / "snippets" / "demo"
    folder.mkdir(parents=True)
    (folder / "x.py").write_text("# Raises: ValueError\nraise ValueError('bad units')\n")
    (folder / "x.out").write_text("ValueError: bad units\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "demo.md").write_text(PAGE.format(after=after))
    return Page("demo", docs, tmp_path / "snippets")


def test_a_row_without_a_fix_is_refused(tmp_path):
    page = _page(tmp_path, "Nothing more to say.")
    problem = errors.row_problem(page, '`x.py`: "bad units"', "ValueError: bad units")
    assert problem == "no fix follows section '`x.py`: \"bad units\"' of demo"


def test_a_row_whose_section_does_not_show_the_error_is_refused(tmp_path):
    page = _page(tmp_path, "Fix: pass an int.")
    problem = errors.row_problem(page, '`x.py`: "bad units"',
                                 "ModuleNotFoundError: No module named 'tf_keras'")
    assert problem == "section '`x.py`: \"bad units\"' of demo shows no ModuleNotFoundError"


def test_a_row_with_its_error_and_fix_passes(tmp_path):
    page = _page(tmp_path, "Fix: pass an int, as the [recipe](#recipe) does.")
    assert errors.row_problem(page, '`x.py`: "bad units"', "ValueError: bad units") is None

"""Every page with snippets is offered as a notebook holding exactly its snippets, in page
order, each with its verified output (hooks/notebooks.py)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
import yaml

import snipcheck
from hooks import install, notebooks
from snipcheck import site
from snipcheck.pages import Page, page_includes

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
PAGES = [page.name for page in snipcheck.pages_with_snippets(DOCS, SNIPPETS)]


def test_every_snippet_folder_with_a_page_gets_a_notebook(built_site):
    folders = {s.page for s in snipcheck.discover(SNIPPETS)}
    assert set(PAGES) == {f for f in folders if (DOCS / f"{f}.md").exists()}
    assert "import-choices" in PAGES
    assert {p.stem for p in built_site.glob("*.ipynb")} >= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_notebook_holds_the_pages_snippets_and_outputs(page, built_site):
    path = built_site / f"{page}.ipynb"
    assert path.exists(), f"the site has no {page}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)

    # Exactly the page's snippets, in the order the page shows them.
    page_md = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    shown = [inc for inc in page_includes(page_md)
             if inc.startswith(f"{page}/") and inc.endswith(".py")]
    shown = list(dict.fromkeys(shown))
    assert sorted(shown) == sorted(s.include for s in snipcheck.discover(SNIPPETS, page))
    cells = [c for c in nb.cells if c.cell_type == "code" and "snippet" in c.metadata]
    assert [c.metadata["snippet"] for c in cells] == shown

    for cell in cells:
        include = cell.metadata["snippet"]
        snippet = snipcheck.Snippet(SNIPPETS / include, page)
        assert cell.source == snippet.source.rstrip("\n"), f"{include}: the cell is not the file"
        recorded = snippet.out_path().read_text(encoding="utf-8")
        assert [o.output_type for o in cell.outputs] == ["stream"]
        assert cell.outputs[0].name == "stdout"
        assert cell.outputs[0].text == recorded, f"{include}: the output is not the recorded .out"

    # Section headings read as on the page: no attribute list such as {#id} leaks in.
    headings = [c.source for c in nb.cells
                if c.cell_type == "markdown" and c.source.startswith("## ")]
    titles = {f"## {s.title}" for s in snipcheck.page_sections(page_md)}
    assert headings and set(headings) <= titles, sorted(set(headings) - titles)
    assert not [h for h in headings if "{" in h], headings

    # The only other code cell is the run-each-cell-in-a-fresh-process helper.
    # The other code cells: first the install line of the locked stack, then the
    # run-each-cell-in-a-fresh-process helper.
    others = [c for c in nb.cells if c.cell_type == "code" and "snippet" not in c.metadata]
    assert [sorted(k for k in c.metadata if k in ("install", "helper")) for c in others] == [
        ["install"], ["helper"]]
    assert others[0].source == "%" + install.install_line()
    assert nb.cells.index(others[0]) == 1, "the install cell is the first code cell"
    assert "fresh" in nb.cells[0].source and "process" in nb.cells[0].source


@pytest.mark.parametrize("page", PAGES)
def test_page_links_its_notebook_under_the_title(page, built_site):
    html = (built_site / ("index.html" if page == "index" else f"{page}/index.html")).read_text()
    match = re.search(r'</h1><p class="notebook-download" data-search-exclude>'
                      r'<a class="md-button" href="([^"]+)"', html)
    assert match, f"{page}: no notebook button under the title"
    base = built_site / ("" if page == "index" else page)
    assert (base / match.group(1)).resolve() == (built_site / f"{page}.ipynb").resolve()


def test_rendered_notebooks_offer_their_source(built_site):
    for source in DOCS.rglob("*.ipynb"):
        rel = source.relative_to(DOCS).with_suffix("")
        html = (built_site / rel / "index.html").read_text()
        assert f'href="{source.name}" download' in html, f"{rel}: no download button"
        offered = json.loads((built_site / rel / source.name).read_text())
        installs = [c for c in offered["cells"] if c["metadata"].get("install")]
        assert len(installs) == 1 and "".join(installs[0]["source"]) == "%" + install.install_line()
        first_code = next(c for c in offered["cells"] if c["cell_type"] == "code")
        assert first_code is installs[0], f"{rel}: the install cell is not the first code cell"
        offered["cells"].remove(installs[0])
        assert offered == json.loads(source.read_text()), (
            f"{rel}: the offered notebook is not the source")


def _colab_links(site_dir: Path) -> dict[Path, list[str]]:
    """Each built page with a notebook button, and its "Open in Colab" links."""
    found = {}
    for html_file in site_dir.rglob("index.html"):
        html = html_file.read_text(encoding="utf-8")
        links = re.findall(r'<a class="md-button notebook-colab" href="([^"]+)"', html)
        if 'class="notebook-download"' in html:
            found[html_file] = links
        else:
            assert not links, f"{html_file}: a Colab link without a notebook button"
    assert len(found) == len(PAGES) + len(list(DOCS.rglob("*.ipynb")))
    return found


def test_colab_links_only_where_the_repository_is_known(built_site, tmp_path_factory):
    """A build that knows no repository (a local build, `mkdocs serve`) has no Colab link.
    A build in the publishing workflow, where GitHub sets `GITHUB_REPOSITORY`, links every
    notebook button to that repository's notebooks branch, at a path where the build wrote
    a notebook; the workflow publishes the site's notebooks to that same branch."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    assert workflow["env"]["NOTEBOOKS_BRANCH"] == notebooks.NOTEBOOKS_BRANCH
    assert "site/**/*.ipynb" in json.dumps(workflow), "the workflow publishes no notebooks"

    local_env = {k: v for k, v in os.environ.items()
                 if k not in ("GITHUB_REPOSITORY", "NOTEBOOKS_BRANCH")}
    local = built_site
    if local_env != dict(os.environ):  # this run is in a workflow: build as a reader would
        local = tmp_path_factory.mktemp("local") / "site"
        site.build_site(local, environ=local_env)
    assert all(links == [] for links in _colab_links(local).values())

    published = tmp_path_factory.mktemp("published") / "site"
    site.build_site(published, environ={**local_env, "GITHUB_REPOSITORY": "owner/name"})
    branch = notebooks.NOTEBOOKS_BRANCH
    prefix = f"https://colab.research.google.com/github/owner/name/blob/{branch}/"
    for page, links in _colab_links(published).items():
        assert len(links) == 1, f"{page}: {links}"
        assert links[0].startswith(prefix), links[0]
        target = published / links[0][len(prefix):]
        assert target.suffix == ".ipynb" and target.is_file(), (
            f"{links[0]}: the build publishes no such notebook")
        nbformat.validate(nbformat.read(target, as_version=4))


def test_colab_url_refuses_a_malformed_repository():
    assert notebooks.colab_url("a.ipynb", {}) is None
    environ = {"GITHUB_REPOSITORY": "o/n", "NOTEBOOKS_BRANCH": "nb"}
    assert notebooks.colab_url("a.ipynb", environ) == (
        "https://colab.research.google.com/github/o/n/blob/nb/a.ipynb")
    with pytest.raises(ValueError, match="OWNER/NAME"):
        notebooks.colab_url("a.ipynb", {"GITHUB_REPOSITORY": "https://github.com/o/n"})


def test_helper_cell_runs_each_cell_in_a_fresh_process(tmp_path):
    """The notebook's helper cell makes later cells run as scripts: a cell that sets the
    Keras flavour cannot leak into the next, and an error cell does not stop the run."""
    from nbclient import NotebookClient

    demo = tmp_path / "snippets" / "demo"
    demo.mkdir(parents=True)
    (demo / "a.py").write_text("import os\nos.environ['X'] = '1'\nprint(os.getpid())\n")
    (demo / "b.py").write_text(
        "# Raises: KeyError\nimport os\nprint(os.getpid())\nos.environ['X']\n")
    (demo / "c.py").write_text("import os\nprint(os.environ.get('X'))\n")
    (tmp_path / "docs").mkdir()
    fences = "".join(f'```python\n--8<-- "demo/{name}.py"\n```\n\n' for name in "abc")
    (tmp_path / "docs" / "demo.md").write_text(f"# Demo\n\n### A\n\n{fences}")
    page = Page("demo", tmp_path / "docs", tmp_path / "snippets")
    nb = nbformat.reads(json.dumps(notebooks.build_notebook(page, "https://x/demo/")),
                        as_version=4)
    nbformat.validate(nb)
    # Not the install cell: it would install the stack into this environment.
    nb.cells = [c for c in nb.cells if not c.metadata.get("install")]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    text = ["".join(o.get("text", "") for o in c.outputs) for c in code]
    assert "fresh process" in text[0]
    pid_a, pid_b = text[1].strip(), text[2].split()[0]
    assert pid_a != pid_b, "two cells ran in one process"
    assert "KeyError" in text[2]
    assert text[3].strip() == "None", "a cell saw the environment of the cell before"

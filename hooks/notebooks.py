"""MkDocs hook: every page with snippets is also a notebook a reader can download.

For each page `docs/<page>.md` that has a folder `snippets/<page>/`, the build writes
`<page>.ipynb` into the site. It is generated from the files, at build time, and runs
nothing:

* one code cell per snippet the page includes, in page order, whose source is the
  snippet file exactly as the page shows it;
* under each code cell, the snippet's recorded output (`<name>.out`, the output the
  suite verified) as one `stdout` stream output;
* a markdown cell with the page's `###` heading before the first snippet under it;
* first, a markdown cell that says where the outputs come from; then the first code
  cell, `%pip install ...`, the locked stack (`hooks/install.py`); then one small code cell
  that makes every later cell run as its own script (saved to a file, as the suite runs
  it) in a fresh Python process. Each
  snippet fixes its Keras flavour (Keras 3 or `tf_keras`) the first time TensorFlow's
  Keras is used, so two snippets must not share an interpreter; the suite runs each in
  a fresh process too.

Each code cell carries `metadata.snippet = "<page>/<name>.py"`; the helper cell carries
`metadata.helper = true`, the install cell `metadata.install = true`
(`tests/test_notebooks.py` checks them against the files).

The hook also:

* puts a download button and an "Open in Colab" link under the title of every notebook
  page (these pages and the notebooks that mkdocs-jupyter renders, e.g. the tutorial).
  Colab opens notebooks from GitHub: the link points into the repository the publishing
  workflow runs in (`GITHUB_REPOSITORY`, set by GitHub Actions) and the branch its deploy
  job pushes every `.ipynb` of the built site to, at its path in the site
  (`NOTEBOOKS_BRANCH`, set once for the whole workflow; `notebooks` where it is unset).
  Where no repository is known (`mkdocs serve`, a local build), the page has no Colab
  link rather than a wrong one;
* gives the downloadable copy of a rendered notebook (the tutorial) the same install
  cell first;
* keeps the hidden duplicate of each notebook cell's code out of the search index;
* removes the MathJax and Mermaid loaders that nbconvert writes into a rendered notebook
  page: both fetch scripts from a CDN, and no page of this site asks another host for
  anything (`tests/test_browser.py` checks it).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from pathlib import Path

from snipcheck.pages import Page
from snipcheck.project import for_build
from snipcheck.stack import install_line


INTRO = """\
# {title}

The verified examples of [{title}]({url}), as a notebook. Each code cell is one snippet
file, exactly as the page shows it; the output under it is the output the test suite
recorded and checks on every run (this notebook was generated from those files, not
run).

The first code cell installs the stack the outputs were recorded on; run it in a new
environment (in Colab, restart the session afterwards).

**Run each cell in a fresh Python process.** Each snippet fixes its Keras flavour
(Keras 3 or `tf_keras`) when TensorFlow's Keras is first used, so snippets must not share
one interpreter. Run the next cell once: from then on every cell runs as its own script
in a fresh process, as the suite runs it. A snippet that demonstrates an error
(`# Raises: ...`) ends with that error line (run here, Python also prints the traceback
above it), and the notebook goes on.
"""

HELPER = """\
# Run every later cell as its own script in a fresh Python process, as the test suite
# runs each snippet: a snippet fixes its Keras flavour when TensorFlow's Keras is first
# used. Each cell is saved to a file and run with this kernel's Python; a cell that
# raises shows its traceback and the notebook goes on. Delete this cell to run cells
# in the kernel instead.
import shlex
import sys
import tempfile
from pathlib import Path

from IPython import get_ipython

cells = Path(tempfile.mkdtemp(prefix="cells-"))


def run_as_script(lines):
    if not lines or lines[0].startswith(("%", "!")):
        return lines
    script = cells / f"cell_{len(list(cells.iterdir())) + 1}.py"
    script.write_text("".join(lines))
    return [f"!{shlex.quote(sys.executable)} {shlex.quote(str(script))}\\n"]


transforms = get_ipython().input_transformers_cleanup
transforms[:] = [t for t in transforms if getattr(t, "__name__", "") != "run_as_script"]
transforms.append(run_as_script)
print("Each later cell runs in a fresh process of", sys.executable)"""

OUTRO = """\
The outputs above were recorded on this stack:

```text
{stack}```
"""


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": _lines(text)}


def _code(source: str, metadata: dict, outputs: list[dict]) -> dict:
    return {"cell_type": "code", "metadata": metadata, "execution_count": None,
            "outputs": outputs, "source": _lines(source)}


def install_cell() -> dict:
    """The code cell that installs the locked stack: `%pip install ...` (one line, so that
    the helper cell's run-as-script rule leaves it to the kernel)."""
    return _code("%" + install_line(), {"install": True}, [])


def build_notebook(page: Page, url: str) -> dict:
    """The notebook (nbformat 4 JSON as a dict) of one page, from its markdown and files."""
    cells = [_markdown(INTRO.format(title=page.title, url=url)), install_cell(),
             _code(HELPER, {"helper": True}, [])]
    last_heading = None
    for section, snippet in page.shown:
        heading = section.title if section else None
        if heading and heading != last_heading:
            cells.append(_markdown(f"## {heading}"))
            last_heading = heading
        out = snippet.out_path()
        outputs = [{"output_type": "stream", "name": "stdout",
                    "text": _lines(out.read_text(encoding="utf-8"))}] if out.exists() else []
        cells.append(_code(snippet.source.rstrip("\n"), {"snippet": snippet.include}, outputs))
    stack = page.snippets_dir / "index" / "stack.out"
    if stack.exists():
        cells.append(_markdown(OUTRO.format(stack=stack.read_text(encoding="utf-8"))))
    for number, cell in enumerate(cells):
        cell["id"] = f"{page.name}-{number}"[:64]
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


# --------------------------------------------------------------------------- MkDocs events


def on_files(files, config):
    """Add `<page>.ipynb` to the site for each page with snippets."""
    from mkdocs.structure.files import File

    site_url = config.get("site_url") or "/"
    for page in for_build(config).pages.values():
        url = site_url.rstrip("/") + "/" + ("" if page.name == "index" else f"{page.name}/")
        content = json.dumps(build_notebook(page, url), indent=1, ensure_ascii=False) + "\n"
        files.append(File.generated(config, f"{page.name}.ipynb", content=content))
    return files


_H1_END = re.compile(r"</h1>")

BUTTONS = '<p class="notebook-download" data-search-exclude>{download}{colab}</p>'
DOWNLOAD = ('<a class="md-button" href="{href}" download="{name}" title="Download {name}">'
            '{icon}<span>{label}</span></a>')
COLAB = ('<a class="md-button notebook-colab" href="{href}" title="Open {path} in Google Colab">'
         '{icon}<span>Open in Colab</span></a>')
COLAB_URL = "https://colab.research.google.com/github/{repo}/blob/{branch}/{path}"
NOTEBOOKS_BRANCH = "notebooks"
"""The branch the notebooks are published to where `NOTEBOOKS_BRANCH` is unset; the
publishing workflow sets the same name (`tests/test_notebooks.py` checks it)."""
_REPOSITORY = re.compile(r"^[\w.-]+/[\w.-]+$")


def _icon(name: str) -> str:
    from material import templates

    path = Path(templates.__file__).parent / ".icons" / name
    return path.read_text(encoding="utf-8") if path.exists() else ""


def colab_url(site_path: str, environ=os.environ) -> str | None:
    """The Colab link for the notebook published at `site_path` (relative to the site
    root), in the repository `GITHUB_REPOSITORY` names (`owner/name`) and the branch
    `NOTEBOOKS_BRANCH` names; None where no repository is known."""
    repo = environ.get("GITHUB_REPOSITORY", "")
    if not repo:
        return None
    if not _REPOSITORY.match(repo):
        raise ValueError(f"GITHUB_REPOSITORY must read OWNER/NAME, not {repo!r}")
    branch = environ.get("NOTEBOOKS_BRANCH") or NOTEBOOKS_BRANCH
    return COLAB_URL.format(repo=repo, branch=branch, path=site_path)


def notebook_link(page, config) -> dict | None:
    """Where the page's notebook is (relative to the page, and in the site), what to call
    the download."""
    from mkdocs.utils import get_relative_url

    src = page.file.src_uri
    if src.endswith(".ipynb"):  # rendered by mkdocs-jupyter, copied beside the page
        name = os.path.basename(src)
        site_path = posixpath.join(posixpath.dirname(page.file.dest_uri), name)
        return {"href": name, "name": name, "label": "Download this notebook",
                "site_path": site_path}
    if src.endswith(".md") and src[:-3] in for_build(config).pages:
        target = src[:-3] + ".ipynb"
        return {"href": get_relative_url(target, page.url or "."),
                "name": "tfp-keras-" + target.replace("/", "-"),
                "label": "Download the examples as a notebook", "site_path": target}
    return None


def on_page_content(html, page, config, files):
    """Put the notebook download button right under the page title. In a rendered
    notebook, keep the hidden copy of each cell's code (for its copy button) and the
    "Copied!" notice out of the search index."""
    if page.file.src_uri.endswith(".ipynb"):
        hidden = (('<div class="clipboard-copy-txt"', ""), ('<span class="notice"', " hidden"))
        for tag, rest in hidden:
            html = html.replace(tag + rest, tag + " data-search-exclude" + rest)
    link = notebook_link(page, config)
    if link is None:
        return html
    colab = colab_url(link["site_path"])
    colab_button = COLAB.format(href=colab, path=link["site_path"],
                                icon=_icon("simple/googlecolab.svg")) if colab else ""
    button = BUTTONS.format(
        download=DOWNLOAD.format(icon=_icon("material/download.svg"), **link),
        colab=colab_button)
    match = _H1_END.search(html)
    return html[:match.end()] + button + html[match.end():] if match else button + html


_CDN_LOADERS = (
    re.compile(r"\s*<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
    re.compile(r'\s*<script type="module">(?:(?!</script>).)*?jp-Mermaid.*?</script>', re.S),
)


def on_post_page(output, page, config):
    """Drop nbconvert's CDN loaders (MathJax, Mermaid) from rendered notebooks."""
    if page.file.src_uri.endswith(".ipynb"):
        for pattern in _CDN_LOADERS:
            output = pattern.sub("", output)
    return output


def on_post_build(config):
    """The downloadable copy of each rendered notebook (the tutorial) starts, like the
    generated ones, with the cell that installs the locked stack."""
    site = Path(config["site_dir"])
    for source in Path(config["docs_dir"]).rglob("*.ipynb"):
        for copy in site.rglob(source.name):
            notebook = json.loads(copy.read_text(encoding="utf-8"))
            cells = notebook.get("cells", [])
            if any(c.get("metadata", {}).get("install") for c in cells):
                continue
            cell = install_cell()
            cell["id"] = "install"
            code = [i for i, c in enumerate(cells) if c.get("cell_type") == "code"]
            cells.insert(code[0] if code else len(cells), cell)
            copy.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")

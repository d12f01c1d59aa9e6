"""The reader's promise: paste the install line into a new environment and the snippets
print what the pages show.

The install line on the home page, under every page and in every notebook is generated
from `uv.lock` (`hooks/install.py`). Here it is run exactly as printed, with plain pip
(no uv, no lock) in a brand-new virtual environment, and the first snippet of every page
runs with that environment's Python and is compared with its recorded output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import snipcheck
from hooks import install

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"

#: Installing the stack downloads about 1 GB on a machine without pip's cache.
INSTALL_TIMEOUT = 1800
SNIPPET_TIMEOUT = 240


def first_snippet_of_each_page() -> list[snipcheck.Snippet]:
    """The first snippet each page shows, for every page that has snippets."""
    pages = snipcheck.pages_with_snippets(DOCS, SNIPPETS)
    return [page.shown[0][1] for page in pages if page.shown]


FIRST = first_snippet_of_each_page()


def test_every_page_with_snippets_is_covered():
    pages = {s.page for s in snipcheck.discover(SNIPPETS) if (DOCS / f"{s.page}.md").exists()}
    assert {s.page for s in FIRST} == pages
    assert {"index", "import-choices", "boundaries", "serialization", "fitting"} <= pages


def test_install_line_pins_every_package_that_changes_an_output():
    line = install.install_line()
    assert line.startswith("pip install ")
    pins = dict(p.split("==") for p in line.split()[2:])
    for name in ("tensorflow", "tf-keras", "tensorflow-probability", "keras", "numpy", "jax",
                 "jaxlib", "matplotlib", "h5py", "cloudpickle", "ml-dtypes"):
        assert name in pins, f"{name} is not pinned in the install line: {line}"
    # The versions are the lock's: the same ones the stack banner printed.
    banner = (SNIPPETS / "index" / "stack.out").read_text()
    for name in ("tensorflow", "keras", "tf-keras", "tensorflow-probability", "numpy"):
        assert f"{name:<24}{pins[name]}\n" in banner, (name, pins[name])


@pytest.fixture(scope="module")
def reader_python(tmp_path_factory, request) -> str:
    """A new virtual environment with the install line run in it, as a reader runs it."""
    if request.config.getoption("snippet_device") == "gpu":
        pytest.skip("the reader's install line is checked on CPU (the GPU job adds CUDA)")
    env_dir = tmp_path_factory.mktemp("reader") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True, timeout=300)
    bin_dir = env_dir / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    line = install.install_line()
    run = subprocess.run(line, shell=True, env=env, cwd=env_dir, capture_output=True, text=True,
                         timeout=INSTALL_TIMEOUT)
    assert run.returncode == 0, (f"`{line}` failed in a new environment:\n"
                                 f"{run.stdout[-3000:]}{run.stderr[-3000:]}")
    return str(bin_dir / "python")


@pytest.mark.parametrize("snippet", FIRST, ids=lambda s: s.id)
def test_snippet_prints_the_page_output_after_a_plain_pip_install(snippet, reader_python):
    result = snipcheck.run_snippet(snippet.path, timeout=SNIPPET_TIMEOUT, python=reader_python)
    assert not result.timed_out, f"{snippet.id} timed out in the reader's environment"
    actual = snipcheck.normalise(result.output, result.workdir, Path(result.script))
    problem, _ = snipcheck.check_recorded(snippet, actual, "cpu")
    assert problem is None, (f"after `{install.install_line()}` in a new environment, "
                             f"{snippet.id} prints something else than its page:\n{problem}")

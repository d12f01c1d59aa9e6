"""MkDocs hook: every figure in a page's prose is one that its verified outputs printed.

A sentence drifts from the outputs whenever an output is re-recorded (a new stack, a
nightly, a re-run), and nothing but a reader would notice. This hook reads the prose of
every Markdown page as the reader sees it (the rendered page, less code blocks, inline
code and the claims quoted in “curly quotes”) and checks two kinds of figure:

- a number with a decimal point (`0.35`, `1.62`, `3.0e-08`) must appear as a number in
  one of the outputs the page includes (`--8<-- "<page>/<name>.out"`, and that output's
  `<name>.<stack>.out` files);
- an "N of M" count (`21 of 21`) must appear as such in one of those outputs, or both of
  its numbers on one output line.

A page whose tables are generated from the recordings (a `<!-- snipcheck:... -->`
marker: the error index, the Versions page) may use any recorded output, and the
stacks' own pins and locks (`stacks/<name>/`); its counts ("58 of 129 snippets") are the
generating hook's, computed from the recordings, and are not checked here.

Not figures, and not checked: a version (`2.16.2`, or a number right after a package
name, as in `TF 2.18 and 2.21` or `TFP 0.25`). A figure from elsewhere is declared in
the page's source, where the writer states its source:
`<!-- from elsewhere: 1.45 (benchmarks/page_weight.py, the tutorial page) -->`.

A figure that no output backs is a warning that `mkdocs build --strict` makes an error;
it names the page, the sentence and the number.
"""

from __future__ import annotations

import html.parser
import logging
import re
from pathlib import Path

from snipcheck.finding import variants_of
from snipcheck.pages import page_includes

__all__ = ["page_problems", "prose_text", "on_page_content"]

log = logging.getLogger("mkdocs.plugins.numbers")

DECIMAL = re.compile(r"(?<![\w.])(\d+\.\d+(?:[eE][-+]?\d+)?)(?![\w]|\.\d)")
"""A number with a decimal point, not part of a longer token (`py3.12`, `2.16.2`)."""

COUNT = re.compile(r"(?<![\w.])(\d+) of (\d+)(?![\w.])")
"""An "N of M" count."""

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
"""A number as an output prints it."""

PACKAGE = (r"(?:TF|TensorFlow|TFP|Probability|Keras|keras|tf-keras|tf_keras|JAX|jax|jaxlib|"
           r"Python|python|NumPy|numpy|MkDocs|mkdocs|Material|Zensical|pip|Chromium|h5py|"
           r"Ubuntu|nbformat|release|releases|version|versions)")
VERSION_BEFORE = re.compile(
    PACKAGE + r"[ \u00a0]*(?:[<>=!~]=?[ \u00a0]*|(?:below|above|before|after|from|at least)"
    r"[ \u00a0]+)?(?:\d+(?:\.\d+)*(?:\.x)?[ \u00a0]*"
    r"(?:,|and|or|to|–|-|/)[ \u00a0]*)*$")
"""Text that makes the number after it a version: a package name, then any list of
versions (`TF 2.15, 2.16 and `)."""

ELSEWHERE = re.compile(r"<!--\s*from elsewhere:\s*(.+?)\s*\((.+?)\)\s*-->", re.S)
"""`<!-- from elsewhere: 1.45 (source) -->`: figures whose source is named, not an output."""

MARKER = "<!-- snipcheck:"
QUOTED = re.compile(r"“[^”]*”")
SKIPPED_TAGS = {"pre", "script", "style", "svg", "head", "title"}
INLINE_CODE = {"code", "kbd"}
DIGIT = re.compile(r"\d")


class _Prose(html.parser.HTMLParser):
    """The text of a rendered page outside code blocks, scripts and the like, one block a
    line. Inline code stays, its digits masked (`#`): it names a package before a
    version, but a number in it is code, not a figure."""

    BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div", "summary",
              "dt", "dd", "br", "tr", "details", "blockquote", "figcaption"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.code = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in INLINE_CODE:
            self.code += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in INLINE_CODE:
            self.code = max(0, self.code - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(DIGIT.sub("#", data) if self.code else data)


def prose_text(rendered: str) -> str:
    """The prose of a rendered page: its text less code, with quoted claims blanked."""
    parser = _Prose()
    parser.feed(rendered)
    text = "".join(parser.parts)
    return QUOTED.sub("“”", text)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return " ".join(text[left + 1:right + 1].split())


def _outputs(source: str, snippets: Path, every_output: bool) -> list[str]:
    """The texts of the outputs a page includes, with their other stacks' recordings (for
    a generated page, every recording and every stack's pins)."""
    if every_output:
        files = sorted(snippets.rglob("*.out"))
        stacks = snippets.parent / "stacks"
        files += sorted(stacks.glob("*/stack.toml")) + sorted(stacks.glob("*/requirements.lock"))
    else:
        files = []
        for include in page_includes(source):
            if include.endswith(".out"):
                path = snippets / include
                files.append(path)
                files.extend(variants_of(path))
    return [p.read_text(encoding="utf-8") for p in files if p.is_file()]


def page_problems(source: str, rendered: str, snippets: Path) -> list[tuple[str, str]]:
    """`(number, sentence)` for each figure in the page's prose that no output backs.

    `source` is the page's Markdown as written, `rendered` its HTML, `snippets` the
    folder the includes are relative to."""
    generated = MARKER in source
    outputs = _outputs(source, snippets, generated)
    printed = {n.lstrip("-") for text in outputs for n in NUMBER.findall(text)}
    elsewhere = set()
    for numbers, _source in ELSEWHERE.findall(source):
        elsewhere.update(n.strip() for n in numbers.split(","))
    text = prose_text(rendered)
    problems = []
    for match in DECIMAL.finditer(text):
        number = match.group(1)
        if number in printed or number in elsewhere:
            continue
        if VERSION_BEFORE.search(text[max(0, match.start() - 80):match.start()]):
            continue
        problems.append((number, _sentence(text, match.start(), match.end())))
    for match in COUNT.finditer(text) if not generated else ():
        n, m = match.groups()
        if match.group(0) in elsewhere:
            continue
        if any(match.group(0) in out for out in outputs):
            continue
        if any(set(NUMBER.findall(line)) >= {n, m} for out in outputs
               for line in out.splitlines()):
            continue
        problems.append((match.group(0), _sentence(text, match.start(), match.end())))
    return problems


# --------------------------------------------------------------------------- MkDocs events

def on_page_content(html, page, config, files):
    """Warn (an error under `--strict`) for each figure no output of the page printed."""
    if not page.file.src_uri.endswith(".md") or not page.file.abs_src_path:
        return html
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    snippets = Path(config["config_file_path"]).parent / "snippets"
    for number, sentence in page_problems(source, html, snippets):
        log.warning("numbers: %s: the figure %s is in no output this page includes; show "
                    "the output that prints it, or declare its source with "
                    "<!-- from elsewhere: %s (source) -->. The sentence: %s",
                    page.file.src_uri, number, number, sentence)
    return html

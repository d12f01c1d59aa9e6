"""snipcheck: every code block on the site ran, every output block is what it printed.

A snippet is one Python file, `snippets/<page>/<name>.py`, exactly what a reader copies;
its recorded output sits beside it as `<name>.out`, and the page shows both through
include lines. The pipeline has one module per stage:

| Stage | Module |
|---|---|
| find the snippets, and what each knows of itself | [`snipcheck.finding`][snipcheck.finding] |
| run one in a fresh interpreter | [`snipcheck.running`][snipcheck.running] |
| normalise its output (the rules) | [`snipcheck.normalising`][snipcheck.normalising] |
| compare with the recording | [`snipcheck.comparing`][snipcheck.comparing] |
| what each snippet did on each stack (the model) | [`snipcheck.project`][snipcheck.project] |
| the model's rules: outcome, applicability, verdict | [`snipcheck.outcomes`][snipcheck.outcomes] |
| parse a page's Markdown: fences, includes, headings | [`snipcheck.parsing`][snipcheck.parsing] |
| read pages: sections, claims, what is shown | [`snipcheck.pages`][snipcheck.pages] |
| skip what passed with the same inputs | [`snipcheck.cache`][snipcheck.cache] |
| the stacks, their locks and results; the install line | [`snipcheck.stack`][snipcheck.stack] |
| install a stack into `.stacks/` | [`snipcheck.installing`][snipcheck.installing] |
| what the newest nightlies print, against the recordings | [`snipcheck.drift`][snipcheck.drift] |
| run the selected snippets, longest first | [`snipcheck.scheduler`][snipcheck.scheduler] |
| the recorded-output check of a test | [`snipcheck.verifying`][snipcheck.verifying] |
| collect and report under pytest | [`snipcheck.plugin`][snipcheck.plugin] |
| build, serve and open the site in Chromium | [`snipcheck.site`][snipcheck.site] |

This package's own names are the ones a contributor reaches for; none of them imports
pytest, so the MkDocs hooks use the pages part without the plugin.
"""

from snipcheck.comparing import GPU_ATOL, GPU_RTOL, check_recorded, compare
from snipcheck.finding import Snippet, discover, orphan_outputs
from snipcheck.normalising import DEVICE_RULES, RULES, Rule, across_devices, normalise
from snipcheck.outcomes import Outcome, exception_line, exception_type
from snipcheck.pages import (
    Page,
    Section,
    fence_problems,
    include_sections,
    markdown_parser,
    page_includes,
    page_sections,
    pages_with_snippets,
    shown_problem,
)
from snipcheck.project import Project, Recording
from snipcheck.root import find_root
from snipcheck.running import DEFAULT_TIMEOUT, Result, run_snippet, snippet_env, stop_snippets

__all__ = [
    "DEVICE_RULES", "across_devices", "check_recorded", "stop_snippets",
    "Outcome", "Project", "Recording", "find_root",
    "DEFAULT_TIMEOUT", "GPU_ATOL", "GPU_RTOL", "RULES", "Page", "Result", "Rule", "Section",
    "Snippet", "compare", "discover", "exception_line", "exception_type", "fence_problems",
    "include_sections", "markdown_parser", "normalise", "orphan_outputs", "page_includes",
    "page_sections", "pages_with_snippets", "run_snippet", "shown_problem", "snippet_env",
]

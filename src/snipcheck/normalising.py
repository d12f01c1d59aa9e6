"""Normalising: what of a snippet's output is compared, and what is machine noise.

[`normalise`][snipcheck.normalising.normalise] applies the
[`RULES`][snipcheck.normalising.RULES] in order to every line of output;
[`DEVICE_RULES`][snipcheck.normalising.DEVICE_RULES] apply only when a GPU run is checked
against the CPU recording. Each rule is a
documented regular expression with an example that the suite checks, and the rules
table of this reference is generated from them. Prefer making a snippet deterministic
itself (seeds, rounding, `verbose=0`); a rule is for what the code cannot control.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Rule:
    """One normalisation rule: a regular expression applied line by line.

    `replace=None` drops every line the pattern matches. `example` and `expected`
    document the rule and are checked by `tests/test_normalising.py`.
    """

    name: str
    why: str
    pattern: str
    replace: str | None
    example: str
    expected: str
    through_blank: bool = False
    """With `replace=None`: also drop the lines that follow a matching line, up to and
    including the next blank one (a message that spans lines)."""


RULES: tuple[Rule, ...] = (
    Rule(
        "carriage-return",
        "A progress bar redraws its line with \\r; a terminal shows only the last state.",
        r"^.*\r(?=[^\r]*$)", "",
        "1/3 [=>...]\r3/3 [=====] done", "3/3 [=====] done",
    ),
    Rule(
        "tf-cpp-log",
        "TensorFlow's C++ logging (absl format: I/W/E/F, date, time, thread, file:line]) "
        "varies by machine and build; it is not Python output.",
        r"^[IWEF]\d{4} \d\d:\d\d:\d+\.\d+\s+\d+\s+\S+:\d+\].*$", None,
        "I0000 00:00:1795574130.143894    2454 cudart_stub.cc:31] "
        "Could not find cuda drivers",
        "",
    ),
    Rule(
        "tf-cpp-log-legacy",
        "The older TensorFlow C++ log format (date, time, level, source path).",
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] \S+:\d+\].*$", None,
        "2026-11-25 02:40:01.123456: I tensorflow/core/util/port.cc:153] "
        "oneDNN custom operations are on.",
        "",
    ),
    Rule(
        "absl-prelude",
        "absl prints this once before its logging is set up; it depends on the build.",
        r"^WARNING: All log messages before absl::InitializeLog\(\) is called "
        r"are written to STDERR$", None,
        "WARNING: All log messages before absl::InitializeLog() is called are written "
        "to STDERR",
        "",
    ),
    Rule(
        "cpu-feature-guard",
        "The continuation line of TensorFlow's CPU instruction-set notice; "
        "depends on the CPU.",
        r"^To enable the following instructions: .*rebuild TensorFlow "
        r"with the appropriate compiler flags\.$",
        None,
        "To enable the following instructions: AVX2 FMA, in other operations, "
        "rebuild TensorFlow with the appropriate compiler flags.",
        "",
    ),
    Rule(
        "xla-source-trace",
        "Newer TensorFlow builds (the nightlies) end a C++ error logged while looking for "
        "a GPU with a trace of C++ source lines and a blank line; the trace and the blank "
        "line are dropped with the header (the log line itself is dropped by tf-cpp-log).",
        r"^=== Source Location Trace: ===\s*$", None,
        "=== Source Location Trace: === ",
        "", through_blank=True,
    ),
    Rule(
        "matplotlib-font-cache",
        "Matplotlib says this once per machine, the first time it is imported.",
        r"^Matplotlib is building the font cache; this may take a moment\.$", None,
        "Matplotlib is building the font cache; this may take a moment.",
        "",
    ),
    Rule(
        "memory-address",
        "Object reprs carry memory addresses that change on every run.",
        r"\b0x[0-9a-fA-F]{6,16}\b", "0x…",
        "<keras.src.models.sequential.Sequential object at 0x7f3a2c1b5e50>",
        "<keras.src.models.sequential.Sequential object at 0x…>",
    ),
    Rule(
        "temp-path",
        "Snippets write into a fresh temporary directory whose name is random.",
        r"/tmp/(?:snippet-|tmp)[\w-]+", "<tmp>",
        "saved to /tmp/snippet-k2x8ab_c/model.keras",
        "saved to <tmp>/model.keras",
    ),
    Rule(
        "interpreter-path",
        "A snippet that starts Python again (`sys.executable`) shows the path of the "
        "environment's interpreter, which depends on where the repository is cloned and on "
        "the stack (`.venv`, `.stacks/<name>`).",
        r"(?:/[^\s'\"():]+)?/(?:\.venv|\.stacks/[\w.-]+)/bin/python[\d.]*", "<python>",
        "Command '['/work/main/.stacks/tf2.15/bin/python', '-c', 'import tensorflow']'",
        "Command '['<python>', '-c', 'import tensorflow']'",
    ),
    Rule(
        "site-packages",
        "Paths into the installed packages depend on where the environment lives.",
        r"(?:/[^\s'\"():]+)?/site-packages/", "<site-packages>/",
        "File /work/main/.venv/lib/python3.11/site-packages/tf_keras/src/saving/x.py",
        "File <site-packages>/tf_keras/src/saving/x.py",
    ),
    Rule(
        "step-timing",
        "Keras reports time per step and per epoch; they depend on the machine.",
        r"\b\d+(?:\.\d+)?(?:s|ms|us|µs)/(?:step|sample|epoch)\b", "<time>/step",
        "32/32 - 0s - 3ms/step - loss: 1.2345",
        "32/32 - 0s - <time>/step - loss: 1.2345",
    ),
    Rule(
        "trailing-space",
        "Trailing white space is invisible on the page.",
        r"[ \t]+$", "",
        "loss: 0.5   ", "loss: 0.5",
    ),
)
"""The normalisation rules, applied in this order to every line of output."""


DEVICE_RULES: tuple[Rule, ...] = (
    Rule(
        "device-name",
        "The stack banner names the device that ran it; a GPU run is checked against the "
        "CPU recording, and the GPU's model depends on the runner.",
        r"^(Device\s+)(?:CPU|GPU: .+) \((\w+)\)$", r"\1<device> (\2)",
        "Device                  GPU: NVIDIA H100 80GB HBM3 (x86_64)",
        "Device                  <device> (x86_64)",
    ),
)
"""Rules for the lines that name the device a run used. They apply only when a run on
one device is checked against an output recorded on the other (a GPU run without a
`.gpu.out`), to both sides, so the recorded output, and the page, keep their device."""


def across_devices(text: str) -> str:
    """`text` with `DEVICE_RULES` applied, for comparing outputs of two devices."""
    lines = text.split("\n")
    for pattern, replace in _compiled(DEVICE_RULES):
        lines = [pattern.sub(replace, line) for line in lines]
    return "\n".join(lines)


@functools.lru_cache(maxsize=4)
def _compiled(rules: tuple[Rule, ...]) -> list[tuple[re.Pattern, str | None]]:
    return [(re.compile(r.pattern), r.replace) for r in rules]


def normalise(text: str, workdir: str | None = None, snippet: Path | None = None) -> str:
    """Apply `RULES` to `text`; `workdir` (the snippet's temporary directory) becomes
    `<tmp>`.

    The folder of `snippet` is removed from paths (`/…/snippets/page/x.py` reads `x.py`,
    as in a reader's copy), so messages that quote the file do not depend on the checkout.

    Lines dropped by a rule vanish (with a `through_blank` rule, up to and including the
    next blank line); leading and trailing blank lines are removed and the result ends
    with one newline (or is empty).
    """
    if workdir:
        for form in sorted({workdir, os.path.realpath(workdir)}, key=len, reverse=True):
            text = text.replace(form, "<tmp>")
    if snippet is not None:
        text = text.replace(str(snippet.resolve().parent) + os.sep, "")
    lines = []
    skipping = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if skipping:
            skipping = bool(line.strip())
            continue
        keep = True
        for (pattern, replace), rule in zip(_compiled(RULES), RULES):
            if replace is None:
                if pattern.search(line):
                    keep = False
                    skipping = rule.through_blank
                    break
            else:
                line = pattern.sub(replace, line)
        if keep:
            lines.append(line)
    body = "\n".join(lines).strip("\n")
    return body + "\n" if body else ""

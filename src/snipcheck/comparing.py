"""Comparing: this run's normalised output against the recorded one.

The texts must be identical, except on a GPU without a `.gpu.out` of its own: there the
CPU recording is compared with numbers allowed to differ within
[`GPU_RTOL`][snipcheck.comparing.GPU_RTOL] / [`GPU_ATOL`][snipcheck.comparing.GPU_ATOL],
and a snippet that declares `# Varies: up to N in the last printed digit` is compared
with each number allowed to move by N units of its last printed digit (on every device).
A difference is reported as a unified diff that names the snippet and the command that
re-records it. On another stack the recording is the stack's own `<name>.<stack>.out`
where one exists, else the default stack's: the same check, tolerances included.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from snipcheck.normalising import across_devices
from snipcheck.stack import DEFAULT

if TYPE_CHECKING:
    from snipcheck.finding import Snippet

GPU_RTOL = 1e-2
"""Relative tolerance used when a GPU run is compared with a CPU recording."""
GPU_ATOL = 1e-3
"""Absolute tolerance used when a GPU run is compared with a CPU recording. A number also
matches when it differs by no more than one unit of its last printed digit."""

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def _numbers_close(expected: str, actual: str, rtol: float, atol: float,
                   units: int = 1) -> bool:
    """True when the two texts differ only in numbers, each within tolerance or within
    `units` units of its last printed digit."""
    exp_parts, act_parts = _NUMBER.split(expected), _NUMBER.split(actual)
    if exp_parts != act_parts:
        return False
    for e, a in zip(_NUMBER.findall(expected), _NUMBER.findall(actual)):
        x, y = float(e), float(a)
        decimals = len(e.split("e")[0].split("E")[0].partition(".")[2])
        last_digit = 10.0 ** -decimals if "." in e else 1.0
        if abs(x - y) > max(atol + rtol * abs(x), units * last_digit * 1.0000001):
            return False
    return True


def compare(expected: str, actual: str, label: str, rerecord: str,
            rtol: float | None = None, atol: float = 0.0, units: int = 0) -> str | None:
    """None when `actual` matches `expected`, else a message with a unified diff.

    With `rtol` given, numbers may differ within tolerance (GPU against CPU recording);
    with `units`, by that many units of their last printed digit (a snippet's
    `# Varies:` line); all other text must be identical.
    """
    if actual == expected:
        return None
    if (rtol is not None or units) and _numbers_close(
            expected, actual, rtol or 0.0, atol, max(units, 1)):
        return None
    diff = "".join(difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True),
        fromfile=f"{label} (recorded)", tofile=f"{label} (this run)",
    ))
    return (f"output of {label} differs from the recorded output\n{diff}\n"
            f"If the new output is right, re-record it with:\n    {rerecord}")


def rerecord_command(selection: str, device: str = "cpu", stack: str = DEFAULT) -> str:
    """The command that re-records what `selection` (pytest arguments) checks."""
    gpu = " --device gpu" if device == "gpu" else ""
    on = f" --stack {stack}" if stack != DEFAULT else ""
    return f"uv run pytest --update-outputs{on} {selection}{gpu}"


def check_recorded(snippet: Snippet, actual: str,
                   device: str = "cpu") -> tuple[str | None, Path]:
    """Check a normalised output against the recording: `(problem or None, the file that
    the re-record command writes)`.

    The recording is the snippet's own on its stack and device: `<name>.out`,
    `<name>.gpu.out`, or `<name>.<stack>.out` on another stack. Where that file does not
    exist, the default stack's CPU recording `<name>.out` is the reference (a stack
    stores only what differs); on the GPU, numbers may then differ within `GPU_RTOL` /
    `GPU_ATOL`, device lines through `DEVICE_RULES`. So the first GPU run needs no hand
    edit; what still differs is a real difference, and the message gives the command
    that records the file.
    """
    recorded = snippet.stack_out or snippet.out_path(device)
    on = f" on stack {snippet.stack}" if snippet.stack != DEFAULT else ""
    rerecord = rerecord_command(snippet.selection, device, snippet.stack)
    source = recorded if recorded.exists() else snippet.out_path("cpu")
    tolerant = device == "gpu" and source == snippet.out_path("cpu")
    if not source.exists():
        return (f"{snippet.id} has no recorded output {recorded.name}; record it with:\n"
                f"    {rerecord}\n--- this run printed ---\n{actual}"), recorded
    expected = source.read_text()
    label = snippet.id + on
    if tolerant:
        problem = compare(across_devices(expected), across_devices(actual), label,
                          rerecord, rtol=GPU_RTOL, atol=GPU_ATOL, units=snippet.varies)
    else:
        problem = compare(expected, actual, label, rerecord, units=snippet.varies)
    return problem, recorded

"""Comparing: this run's normalised output against the recorded one.

The texts must be identical, except on a GPU without a `.gpu.out` of its own: there the
CPU recording is compared with numbers allowed to differ within
[`GPU_RTOL`][snipcheck.comparing.GPU_RTOL] / [`GPU_ATOL`][snipcheck.comparing.GPU_ATOL].
A difference is reported as a unified diff that names the snippet and the command that
re-records it. Error lines are read back from outputs here too.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from snipcheck.normalising import across_devices

if TYPE_CHECKING:
    from snipcheck.finding import Snippet

GPU_RTOL = 1e-2
"""Relative tolerance used when a GPU run is compared with a CPU recording."""
GPU_ATOL = 1e-3
"""Absolute tolerance used when a GPU run is compared with a CPU recording. A number also
matches when it differs by no more than one unit of its last printed digit."""

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def _numbers_close(expected: str, actual: str, rtol: float, atol: float) -> bool:
    """True when the two texts differ only in numbers, each within tolerance."""
    exp_parts, act_parts = _NUMBER.split(expected), _NUMBER.split(actual)
    if exp_parts != act_parts:
        return False
    for e, a in zip(_NUMBER.findall(expected), _NUMBER.findall(actual)):
        x, y = float(e), float(a)
        decimals = len(e.split("e")[0].split("E")[0].partition(".")[2])
        last_digit = 10.0 ** -decimals if "." in e else 1.0
        if abs(x - y) > max(atol + rtol * abs(x), last_digit * 1.0000001):
            return False
    return True


def compare(expected: str, actual: str, label: str, rerecord: str,
            rtol: float | None = None, atol: float = 0.0) -> str | None:
    """None when `actual` matches `expected`, else a message with a unified diff.

    With `rtol` given, numbers may differ within tolerance (GPU against CPU recording);
    all other text must be identical.
    """
    if actual == expected:
        return None
    if rtol is not None and _numbers_close(expected, actual, rtol, atol):
        return None
    diff = "".join(difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True),
        fromfile=f"{label} (recorded)", tofile=f"{label} (this run)",
    ))
    return (f"output of {label} differs from the recorded output\n{diff}\n"
            f"If the new output is right, re-record it with:\n    {rerecord}")


def rerecord_command(selection: str, device: str = "cpu", stack: str = "default") -> str:
    """The command that re-records what `selection` (pytest arguments) checks."""
    gpu = " --device gpu" if device == "gpu" else ""
    on = f" --stack {stack}" if stack != "default" else ""
    return f"uv run pytest --update-outputs{on} {selection}{gpu}"


def check_recorded(snippet: Snippet, actual: str,
                   device: str = "cpu") -> tuple[str | None, Path]:
    """Check a normalised output against the recording: `(problem or None, the file that
    the re-record command writes)`.

    On the GPU without a `<name>.gpu.out`, the CPU recording is the reference: numbers
    within `GPU_RTOL` / `GPU_ATOL`, device lines through `DEVICE_RULES`. So the first GPU
    run needs no hand edit; what still differs is a real difference, and the message
    gives the command that records `<name>.gpu.out`.
    """
    recorded = snippet.out_path(device)
    rerecord = rerecord_command(f"-k '{snippet.page} and {snippet.name}'", device)
    tolerant = device == "gpu" and not recorded.exists()
    source = snippet.out_path("cpu") if tolerant else recorded
    if not source.exists():
        return (f"{snippet.id} has no recorded output {recorded.name}; record it with:\n"
                f"    {rerecord}\n--- this run printed ---\n{actual}"), recorded
    expected = source.read_text()
    if tolerant:
        problem = compare(across_devices(expected), across_devices(actual), snippet.id,
                          rerecord, rtol=GPU_RTOL, atol=GPU_ATOL)
    else:
        problem = compare(expected, actual, snippet.id, rerecord)
    return problem, recorded


_EXCEPTION_LINE = re.compile(
    r"^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt|Failure)|"
    r"[A-Za-z_][\w.]*\.[A-Z]\w*):(?: |$)")


def exception_line(output: str) -> str | None:
    """The last `Type: message` line of an output: where Python's report of an uncaught
    exception starts (a long message may go on over more lines)."""
    for line in reversed(output.splitlines()):
        if _EXCEPTION_LINE.match(line):
            return line
    return None


def exception_type(output: str) -> str | None:
    """The exception type named by the last `Type: message` line of an output.

    A message that starts with a line break leaves `Type:` alone on its line.
    """
    line = exception_line(output)
    return _EXCEPTION_LINE.match(line).group(1) if line else None

"""The verification cache: a snippet whose inputs all match a previous passing run is
not run again.

A snippet's key is a SHA-256 over everything that can change what it prints or whether
its output passes:

* the snippet's bytes, its helpers' (`snippets/<page>/_*`) and its recorded outputs'
  (`.out`, `.gpu.out`; a missing one counts too);
* the stack: its name, its `stack.toml` and the bytes of its lock file (`uv.lock` for
  the default stack), and, on another stack, what its `results.txt` says of the snippet;
* the Python version and the machine's architecture;
* the device: `cpu`, or `gpu:` and the names of the GPUs;
* the pipeline: the normalisation rules and device rules, the GPU tolerances, and the
  source of the modules that run, normalise and compare;
* the environment a snippet inherits: every variable whose name starts with one of
  [`ENV_PREFIXES`][snipcheck.cache.ENV_PREFIXES], after scrubbing.

The suite keeps the keys of passing runs in pytest's cache folder (`.pytest_cache/`,
which git ignores), a few per snippet, so that switching device or stack back finds
them again. A cache hit passes without running; the summary line says how many snippets
ran and how many passed from the cache. `--no-cache`, or a `CI` environment variable,
makes every selected snippet run; passes are still recorded.
"""

from __future__ import annotations

import hashlib
import platform
import sys
from pathlib import Path

from snipcheck import comparing, normalising, running
from snipcheck.finding import Snippet
from snipcheck.stack import DEFAULT, lock_path

FORMAT = "snipcheck-cache-1"
"""Bump when the meaning of a key changes."""

ENV_PREFIXES = ("TF_", "TFP_", "KERAS_", "JAX_", "XLA_", "CUDA_", "NVIDIA_", "OMP_",
                "MKL_", "PYTHON", "LANG", "LC_")
"""Inherited variables whose value enters the key: those that can change what TensorFlow,
Keras, JAX, the numeric libraries or Python print."""

KEEP = 4
"""How many passing keys are kept per snippet."""

_PIPELINE_SOURCES = (running.__file__, str(Path(running.__file__).with_name("_child.py")),
                     normalising.__file__, comparing.__file__)


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _file(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b"<missing>"


def environment(root: Path, device: str, stack: str = DEFAULT) -> str:
    """The digest of everything a key shares across snippets: stack, Python, device,
    pipeline and environment. `device` is `cpu` or `gpu:<names>`."""
    env = running.snippet_env(device.split(":")[0])
    inherited = sorted(f"{k}={v}" for k, v in env.items() if k.startswith(ENV_PREFIXES))
    pipeline = [Path(p).read_bytes() for p in _PIPELINE_SOURCES]
    return _digest(
        FORMAT, stack, _file(lock_path(root, stack)),
        _file(root / "stacks" / stack / "stack.toml"),
        sys.version, platform.machine(), device,
        repr(normalising.RULES), repr(normalising.DEVICE_RULES),
        repr((comparing.GPU_RTOL, comparing.GPU_ATOL)), *pipeline,
        "\n".join(inherited),
    )


def snippet_key(snippet: Snippet, shared: str) -> str:
    """The key of one snippet: its files, its helpers, its outputs, and `shared`
    (from [`environment`][snipcheck.cache.environment])."""
    files = [snippet.path, *snippet.helpers, *snippet.outputs]
    return _digest(shared, *(f"{p.name}\0".encode() + _file(p) for p in files))


class Cache:
    """The passing keys of each snippet id, as kept between runs."""

    def __init__(self, stored: dict[str, list[str]] | None = None):
        self.passed: dict[str, list[str]] = {k: list(v) for k, v in (stored or {}).items()}

    def hit(self, snippet_id: str, key: str) -> bool:
        return key in self.passed.get(snippet_id, [])

    def record(self, snippet_id: str, key: str) -> None:
        keys = [k for k in self.passed.get(snippet_id, []) if k != key]
        self.passed[snippet_id] = (keys + [key])[-KEEP:]

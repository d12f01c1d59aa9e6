"""Installing a stack: its lock into a fresh virtual environment under `.stacks/`, once per
lock ([`ensure_installed`][snipcheck.installing.ensure_installed]); the drift watch
installs its newest nightlies with the same step
([`install_lock`][snipcheck.installing.install_lock]). Nothing downloads a Python: the
interpreter a stack names is found on this machine
([`find_python`][snipcheck.installing.find_python]).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from snipcheck.root import find_root
from snipcheck.running import run_stoppable
from snipcheck.stack import lock_path, stacks, uv_executable, venv_python


def lock_digest(root: Path, name: str) -> str:
    return hashlib.sha256(lock_path(root, name).read_bytes()).hexdigest()


def find_python(version: str) -> str:
    """An interpreter of Python `version` (e.g. `3.12`) on this machine: `python3.12` on
    PATH if it runs (a pyenv shim of a version that is not selected does not), else the
    newest pyenv installation of that version. Nothing is downloaded."""
    on_path = shutil.which(f"python{version}")
    if on_path and subprocess.run([on_path, "-c", ""], capture_output=True).returncode == 0:
        return on_path
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = sorted(pyenv.glob(f"{version}.*/bin/python{version}"),
                   key=lambda p: [int(n) for n in re.findall(r"\d+", p.parts[-3])])
    if found:
        return str(found[-1])
    raise RuntimeError(f"Python {version} is not on this machine (no working "
                       f"python{version} on PATH, none in {pyenv}): install it, e.g. "
                       f"`apt-get install python{version}` or `pyenv install {version}`")


def install_lock(root: Path, env: Path, python_version: str, lock_file: Path,
                 what: str) -> str:
    """Make a fresh virtual environment `env` with `lock_file` installed exactly (uv, its
    shared cache); returns its interpreter. Nothing is compiled ahead: a snippet run in a
    stack writes the bytecode of the modules it imports (`snipcheck.running`). On tf2.16
    that is 3,431 of 7,325 modules, 14 s of CPU once, where compiling all took 27 s."""
    uv = uv_executable()
    python = venv_python(env)
    for command in (
        [uv, "venv", "--quiet", "--clear", "--no-python-downloads", "--python",
         find_python(python_version), str(env)],
        [uv, "pip", "sync", "--quiet", "--no-compile-bytecode", "--python", python,
         str(lock_file)],
    ):
        # Stoppable like a snippet: a suite stopped mid-install leaves no uv running.
        out, code = run_stoppable(command, what=f"installing {what}", cwd=root,
                                  env={**os.environ, "VIRTUAL_ENV": ""})
        if code != 0:
            text = out.decode("utf-8", "replace")
            raise RuntimeError(f"installing {what} failed: {' '.join(command)}\n"
                               f"{text[-3000:]}")
    return python


def ensure_installed(root: Path, name: str, log=print) -> str:
    """Install the stack into `.stacks/<name>` unless its lock is installed there already;
    returns the interpreter snippets of the stack run in."""
    stack = stacks(root)[name]
    if stack.is_default:
        return sys.executable
    env = stack.env(root)
    marker = env / "snipcheck-lock.sha256"
    digest = lock_digest(root, name)
    python = stack.python_exe(root)
    if marker.exists() and marker.read_text() == digest and Path(python).exists():
        return python
    log(f"snipcheck: installing stack {name} into {env.relative_to(root)} "
        f"(from {stack.lock(root).relative_to(root)})")
    install_lock(root, env, stack.python, stack.lock(root), what=f"stack {name}")
    marker.write_text(digest)
    return python


def main(argv: list[str] | None = None) -> int:
    """`python -m snipcheck.installing NAME`: install the stack NAME into `.stacks/`."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(main.__doc__)
        return 2
    print(ensure_installed(find_root(), args[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

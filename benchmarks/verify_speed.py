"""How long verification takes, against a naive serial loop. A script, not a test.

    uv run python benchmarks/verify_speed.py [--whole]

Prints the number of snippets; the wall time of the full verification (every snippet
run, normalised and compared: `pytest -m snippet`); the wall time of a naive serial loop
that runs `python snippet.py` for each snippet, in a fresh temporary directory with the
same environment; and, last, `ratio=<full/naive>`. Target on 2 cores: ratio <= 0.55.
With `--whole`, it also times the whole suite (pages, pipeline, site, browser).
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import snipcheck  # noqa: E402


def naive(snippets: list[snipcheck.Snippet]) -> float:
    env = snipcheck.snippet_env("cpu")
    start = time.monotonic()
    for snippet in snippets:
        with tempfile.TemporaryDirectory() as workdir:
            subprocess.run([sys.executable, str(snippet.path)], cwd=workdir, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


def pytest_wall(*args: str) -> float:
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=ROOT,
                         capture_output=True, text=True)
    seconds = time.monotonic() - start
    if run.returncode != 0:
        sys.exit(f"pytest {' '.join(args)} failed:\n{run.stdout[-3000:]}")
    return seconds


def main() -> None:
    snippets = snipcheck.discover(ROOT / "snippets")
    print(f"snippets: {len(snippets)}")
    print(f"cores: {os.cpu_count()}")
    # Warm the file cache once so neither measurement pays for the first read of TF.
    subprocess.run([sys.executable, "-c", "import tensorflow, tensorflow_probability, keras, tf_keras"],
                   env=snipcheck.snippet_env("cpu"), capture_output=True)
    naive_s = naive(snippets)
    print(f"naive serial loop (python snippet.py each): {naive_s:.1f} s")
    full_s = pytest_wall("-m", "snippet")
    print(f"full verification (pytest -m snippet): {full_s:.1f} s")
    if "--whole" in sys.argv:
        print(f"whole suite (pytest): {pytest_wall():.1f} s")
    print(f"ratio={full_s / naive_s:.3f}")


if __name__ == "__main__":
    main()

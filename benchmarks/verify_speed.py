"""How long verification takes, cold and warm, against a naive serial loop. A script,
not a test.

    uv run python benchmarks/verify_speed.py [--warm-only] [--whole] [--changed PAGE/NAME]

Prints the number of snippets and cores, then wall times:

* naive serial loop: `python snippet.py` for each snippet, in a fresh temporary
  directory with the same environment; run in two halves (every other snippet), one
  before and one after the cold run, so that a machine whose speed drifts during the
  benchmark (a shared one drifts by 10 % within an hour) skews neither side;
* cold: the full verification with the cache ignored (`pytest -m snippet --no-cache`:
  every snippet run, normalised and compared);
  with `--warm-only` these two are skipped and the warm runs use the repository's own
  cache, which a previous passing run must have filled;
* warm, nothing changed: the same selection again, served by the cache;
* warm, one snippet changed: a comment line appended to one snippet (`--changed`,
  default the fastest one), so exactly that one runs again; the file is restored after;
* with `--whole`, the whole suite (pages, pipeline, site, browser), cold.

A probe before each of the three timed parts (the median of three imports of
TensorFlow, TFP and Keras) shows how much the machine drifted.

Last comes `ratio=<cold/naive>`. Targets on 2 cores: ratio <= 0.50; warm with nothing
changed <= 30 s; one snippet changed <= that snippet's own run + 15 s. Without
`--warm-only` the runs use a cache folder of their own and leave the repository's alone.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import snipcheck

ROOT = Path(__file__).resolve().parents[1]


def naive(snippets: list[snipcheck.Snippet]) -> float:
    env = snipcheck.snippet_env("cpu")
    start = time.monotonic()
    for snippet in snippets:
        with tempfile.TemporaryDirectory() as workdir:
            subprocess.run([sys.executable, str(snippet.path)], cwd=workdir, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


def probe() -> float:
    """Median wall time of three `import tensorflow, tensorflow_probability, keras`."""
    times = []
    for _ in range(3):
        start = time.monotonic()
        subprocess.run([sys.executable, "-c", "import tensorflow, tensorflow_probability, keras"],
                       env=snipcheck.snippet_env("cpu"), capture_output=True)
        times.append(time.monotonic() - start)
    return sorted(times)[1]


def pytest_wall(*args: str) -> float:
    """The wall time of one pytest run; its `snipcheck: ran N, from cache M` line is
    printed as it is."""
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=ROOT,
                         capture_output=True, text=True)
    seconds = time.monotonic() - start
    if run.returncode != 0:
        sys.exit(f"pytest {' '.join(args)} failed:\n{run.stdout[-3000:]}")
    print("  " + next((line for line in run.stdout.splitlines()
                       if line.startswith("snipcheck: ran ")), "snipcheck: no snippet ran"))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm-only", action="store_true", help="skip the naive loop")
    parser.add_argument("--whole", action="store_true", help="also time the whole suite")
    parser.add_argument("--changed", help="the snippet to change, as <page>/<name>")
    args = parser.parse_args()

    snippets = snipcheck.discover(ROOT / "snippets")
    print(f"snippets: {len(snippets)}")
    print(f"cores: {os.cpu_count()}")
    probe()  # warms the file cache, so no measurement pays for the first read of TF
    halves = (snippets[0::2], snippets[1::2])
    if not args.warm_only:
        print(f"probe: {probe():.2f} s")
        first = naive(halves[0])
        print(f"naive serial loop, first half ({len(halves[0])} snippets): {first:.1f} s")

    with tempfile.TemporaryDirectory(prefix="verify-speed-") as own:
        cache_dir = ROOT / ".pytest_cache" if args.warm_only else Path(own)
        selection = ("-o", f"cache_dir={cache_dir}", "-m", "snippet")
        if not args.warm_only:
            print(f"probe: {probe():.2f} s")
            cold_s = pytest_wall(*selection, "--no-cache")
            print(f"cold (pytest -m snippet --no-cache): {cold_s:.1f} s")
            print(f"probe: {probe():.2f} s")
            second = naive(halves[1])
            print(f"naive serial loop, second half ({len(halves[1])} snippets): "
                  f"{second:.1f} s")
            naive_s = first + second
            print(f"naive serial loop (python snippet.py each): {naive_s:.1f} s")
        print(f"warm, nothing changed: {pytest_wall(*selection):.1f} s")

        durations = json.loads((cache_dir / "v" / "snipcheck" / "durations").read_text())
        changed = args.changed or min(durations, key=durations.get)
        path = ROOT / "snippets" / f"{changed}.py"
        original = path.read_bytes()
        try:
            path.write_bytes(original + b"# changed by benchmarks/verify_speed.py\n")
            one_s = pytest_wall(*selection)
        finally:
            path.write_bytes(original)
        print(f"warm, one snippet changed ({changed}, own run {durations[changed]:.1f} s): "
              f"{one_s:.1f} s")

    if args.whole:
        print(f"whole suite (pytest --no-cache): {pytest_wall('--no-cache'):.1f} s")
    if not args.warm_only:
        print(f"ratio={cold_s / naive_s:.3f}")


if __name__ == "__main__":
    main()

"""The snippet process: runs one snippet file as `__main__` (started by `running`).

Run as a script (`python _child.py <snippet>`), not imported: it needs nothing but the
standard library, so nothing of the project is importable from the snippet. Python
warnings are written as `Category: message` (no file path); an uncaught exception ends
the output with its final `ExceptionType: message` lines, and its full traceback goes to
the file named by `SNIPCHECK_TRACEBACK`.

When the snippet ends, the child does what the interpreter does at exit that a reader
can see (it waits for the snippet's own threads and runs its `atexit` functions), then
leaves without tearing the interpreter down: freeing TensorFlow's modules prints
nothing and costs about a second a snippet.

The cyclic garbage collector's first threshold is raised from 700 to 10,000
allocations: importing TensorFlow, TFP and Keras leaves about 460,000 objects for the
collector to track, and with the default it runs over 1,000 times during the import
(0.5 to 0.8 s of a 6 s import on 2 cores). Nothing a snippet prints depends on when
the collector runs; the suite's comparison of every output is what shows it.
"""

import atexit
import gc
import os
import runpy
import sys
import threading
import traceback
import warnings
from pathlib import Path


def showwarning(message, category, filename, lineno, file=None, line=None):
    sys.stderr.write(f"{category.__name__}: {message}\n")


GC_FIRST_THRESHOLD = 10_000
"""Allocations between two collections of the youngest generation (Python: 700)."""


def main(path: str) -> None:
    gc.set_threshold(GC_FIRST_THRESHOLD, *gc.get_threshold()[1:])
    warnings.showwarning = showwarning
    sys.argv = [path]
    sys.path[0] = os.path.dirname(path)
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as exc:
        sys.stdout.flush()
        Path(os.environ["SNIPCHECK_TRACEBACK"]).write_text(traceback.format_exc())
        sys.stderr.write("".join(traceback.format_exception_only(exc)))
        sys.stderr.flush()
        os._exit(1)  # skip interpreter teardown: TF can print noise while exiting
    finish()
    os._exit(0)


def finish() -> None:
    """The visible part of a normal exit: join the threads the snippet left running
    (not daemons), run the `atexit` functions, flush both streams."""
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()


if __name__ == "__main__":
    main(sys.argv[1])

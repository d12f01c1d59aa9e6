"""The tutorial notebook (docs/tutorial.ipynb) runs top to bottom in a fresh Jupyter kernel,
and every cell prints what the notebook shows.

Each code cell's outputs (streams, results, errors) are joined, normalised with
`snipcheck.normalise` and compared with the outputs committed in the notebook, through the
plugin's recorded-output check (`snipcheck.plugin.record_or_fail`). With
`--update-outputs` the committed outputs are replaced by this run's, normalised (so the
site shows no TensorFlow log noise). `--device gpu` runs the kernel with the GPU visible
and compares numbers within `snipcheck.GPU_RTOL` / `GPU_ATOL`.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path

import nbformat
import pytest

import snipcheck
from snipcheck.plugin import record_or_fail, require_device, rerecord, tolerance

ROOT = Path(__file__).resolve().parents[1]
TUTORIALS = sorted((ROOT / "docs").rglob("*.ipynb"))
#: One notebook may run this long, in seconds.
TIMEOUT = 300


def cell_text(outputs: list[dict]) -> str:
    """What a reader sees under a code cell, as text: streams, plain-text results, errors."""
    parts = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            text = out["text"]
            parts.append(text if isinstance(text, str) else "".join(text))
        elif kind in ("execute_result", "display_data"):
            text = out.get("data", {}).get("text/plain", "")
            parts.append((text if isinstance(text, str) else "".join(text)) + "\n")
        elif kind == "error":
            parts.append(f"{out['ename']}: {out['evalue']}\n")
    return "".join(parts)


def recorded_outputs(outputs: list[dict], workdir: str) -> list[dict]:
    """This run's outputs as the notebook keeps them: consecutive chunks of one stream
    merged (the kernel flushes a stream at arbitrary points, even mid-line), then
    normalised; results kept as plain text only."""
    merged: list[dict] = []
    for out in outputs:
        last = merged[-1] if merged else {}
        if (out.get("output_type") == "stream" and last.get("output_type") == "stream"
                and last["name"] == out["name"]):
            merged[-1] = {**merged[-1], "text": merged[-1]["text"] + out["text"]}
        else:
            merged.append(out)
    kept: list[dict] = []
    for out in merged:
        kind = out.get("output_type")
        if kind == "stream":
            text = snipcheck.normalise(out["text"], workdir)
            if text:
                kept.append(nbformat.v4.new_output("stream", name=out["name"], text=text))
        elif kind in ("execute_result", "display_data"):
            plain = snipcheck.normalise(out["data"].get("text/plain", ""), workdir)
            count = ({"execution_count": out.get("execution_count")}
                     if kind == "execute_result" else {})
            kept.append(nbformat.v4.new_output(kind, data={"text/plain": plain.rstrip("\n")},
                                               **count))
        elif kind == "error":
            line = f"{out['ename']}: {out['evalue']}"
            kept.append(nbformat.v4.new_output("error", ename=out["ename"], evalue=out["evalue"],
                                               traceback=[line]))
    return kept


def run_notebook(path: Path, device: str) -> tuple[nbformat.NotebookNode, str]:
    """Execute a copy of the notebook in a fresh kernel, in an empty temporary directory.

    The kernel gets the environment a snippet gets (`snipcheck.snippet_env`): no inherited
    `TF_USE_LEGACY_KERAS`, hash seed fixed, GPUs hidden unless `device == "gpu"`.
    """
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="snippet-") as workdir:
        client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                                resources={"metadata": {"path": workdir}})
        client.execute(env=snipcheck.snippet_env(device))
    return nb, workdir


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_prints_what_it_shows(path: Path, request):
    config = request.config
    require_device(config)
    device = config.getoption("snippet_device")
    committed = nbformat.read(path, as_version=4)
    ran, workdir = run_notebook(path, device)
    command = rerecord(config, "tests/test_tutorial.py")

    problems, errors = [], []
    updated = copy.deepcopy(committed)
    for number, (old, new) in enumerate(zip(committed.cells, ran.cells)):
        if old.cell_type != "code":
            continue
        kept = recorded_outputs(new.outputs, workdir)
        updated.cells[number].outputs = kept
        updated.cells[number].execution_count = new.execution_count
        expected = snipcheck.normalise(cell_text(old.outputs))
        actual = snipcheck.normalise(cell_text(kept))
        label = f"{path.name} cell {number}"
        problem = snipcheck.compare(expected, actual, label, command,
                                    **tolerance(config, own_recording=False))
        if problem:
            problems.append(problem)
        failed = [out for out in new.outputs if out.output_type == "error"]
        if failed:
            errors.append(f"{label} raised {cell_text(failed)}" + "\n".join(failed[0].traceback))

    assert not errors, "\n\n".join(errors)

    def write():
        nbformat.validate(updated)
        path.write_text(json.dumps(updated, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")

    record_or_fail(config, path, "\n\n".join(problems) or None, write,
                   can_write=device == "cpu")


def test_every_code_cell_has_recorded_output():
    """A committed tutorial shows what each code cell printed (nothing left unrun)."""
    for path in TUTORIALS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code, f"{path.name} has no code cell"
        silent = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and not c.outputs]
        assert not silent, f"{path.name}: code cells without recorded output: {silent}"


def test_first_cell_sets_the_keras_flavour():
    """As in a snippet, the flavour is chosen before TensorFlow's Keras is first used."""
    for path in TUTORIALS:
        nb = nbformat.read(path, as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code").source
        assert "TF_USE_LEGACY_KERAS" in first, (
            f"{path.name}: set TF_USE_LEGACY_KERAS in the first code cell")
        assert first.index("TF_USE_LEGACY_KERAS") < first.index("import tensorflow"), path.name


def test_stream_chunks_are_merged_before_normalising():
    """A line the kernel flushed in two chunks is still one line, and log noise goes."""
    chunks = [
        {"output_type": "stream", "name": "stdout", "text": "parameters"},
        {"output_type": "stream", "name": "stdout", "text": ": 1186\n"},
        {"output_type": "stream", "name": "stderr",
         "text": "I0000 00:00:1795574130.143894    2454 cudart_stub.cc:31] "
                 "Could not find cuda drivers\n"},
    ]
    kept = recorded_outputs(chunks, "/tmp/snippet-x")
    assert [(o.name, o.text) for o in kept] == [("stdout", "parameters: 1186\n")]

"""The notebooks in notebooks/ run top to bottom without a cell error, and are committed with outputs.

Each notebook runs in a fresh Jupyter kernel of this very interpreter (so it sees the
installed covidbrief), with notebooks/ as working directory, as on a clean checkout.
Together they take about five minutes on two cores, most of it in notebook 02's training.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01-quickstart.ipynb", "02-train-custom-extractor.ipynb", "03-evaluate.ipynb"]
CELL_TIMEOUT = 600  # seconds for one cell; the three notebooks together are meant to stay under 10 minutes


@pytest.fixture()
def kernel_of_this_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A 'python3' kernel spec that starts this interpreter, found before any other one."""
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python",
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return "python3"


def test_notebooks_are_listed() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_with_outputs(name: str) -> None:
    """Every code cell was run, in order, so the notebook reads well without running it."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    counts = [cell.execution_count for cell in nb.cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"{name}: run it top to bottom and save it with outputs"
    errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
    assert not errors, f"{name}: committed with an error output"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name: str, kernel_of_this_python: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name=kernel_of_this_python, allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    started = time.perf_counter()
    client.execute()  # raises CellExecutionError, naming the cell, on the first error
    print(f"{name}: {time.perf_counter() - started:.0f} s")
    images = sum("image/png" in o.get("data", {}) for cell in nb.cells if cell.cell_type == "code"
                 for o in cell.outputs)
    assert images >= {"01-quickstart.ipynb": 1, "02-train-custom-extractor.ipynb": 0, "03-evaluate.ipynb": 2}[name]

"""Execute a notebook in a fresh kernel (nbclient), as "Restart Kernel and Run All" would."""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from utils.kernels import quiet_kernel_config

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


def execute(path: Path, timeout: int = 300):
    """Run every cell of *path* in a new python3 kernel started in the notebook's folder.

    Raises nbclient's CellExecutionError (with the failing cell and traceback) on any error.
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            config=quiet_kernel_config(),
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        nbformat.write(nb, ARTIFACTS / f"executed-{path.name}")
    return nb


@lru_cache(maxsize=None)
def _executed(path_str: str):
    return execute(Path(path_str))


def executed(path: Path):
    """The executed notebook, run once per test session (a deep copy, safe to modify)."""
    return copy.deepcopy(_executed(str(path)))

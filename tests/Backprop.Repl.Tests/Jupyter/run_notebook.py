"""Runs a notebook with nbclient on the backprop kernel and writes the executed copy.

    python3 run_notebook.py IN.ipynb OUT.ipynb

The kernelspec must be where Jupyter finds it (JUPYTER_PATH). The notebook runs in IN's folder, as Jupyter
runs a notebook in its own folder. Cells tagged raises-exception may fail; any other failing cell fails the run.
Timing metadata is not recorded, so the saved notebook changes only when its outputs do.
"""
import os
import sys

import nbformat
from nbclient import NotebookClient


def main(source, target):
    notebook = nbformat.read(source, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="backprop",
        timeout=120,
        startup_timeout=60,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
    )
    client.execute()
    nbformat.write(notebook, target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""``python -m desktop_app``: the same as the ``folder-captioner`` command."""

import multiprocessing
import sys

from desktop_app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes in a frozen (PyInstaller) build
    sys.exit(main())

"""The frozen app's entry point (PyInstaller runs this file as ``__main__``).

``multiprocessing.freeze_support()`` comes first, before the app is imported: the
local backend starts its llama.cpp worker with the ``spawn`` method, which in a frozen
build re-runs this very executable with ``--multiprocessing-fork``. freeze_support()
recognises that, runs the worker and exits, so a worker never imports the CLI, the
window or Qt, and starts as fast as it can.
"""

import multiprocessing
import os
import sys


def restore_library_path() -> None:
    """Give programs the app starts (xdg-open, a file manager) the user's library path.

    PyInstaller's bootloader points LD_LIBRARY_PATH at the bundle so the app finds its
    own libraries; the dynamic linker has read it by now, and children must not load
    the bundle's copies instead of their own. The app's own workers re-run the frozen
    program, whose bootloader sets it again.
    """
    if not (getattr(sys, "frozen", False) and sys.platform.startswith("linux")):
        return
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is None:
        os.environ.pop("LD_LIBRARY_PATH", None)
    else:
        os.environ["LD_LIBRARY_PATH"] = original


if __name__ == "__main__":
    multiprocessing.freeze_support()
    restore_library_path()

    from desktop_app.cli import entry_point

    entry_point()

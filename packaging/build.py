"""Build Folder Captioner's bundle and installers: ``python packaging/build.py --help``.

Run with the project's virtual environment (the bundle is made from it):
    .venv/bin/python packaging/build.py linux       # bundle, .deb, .tar.gz
    sudo .venv/bin/python packaging/build.py smoke  # install both here and check them
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # the installers package; tests.fakes

from installers.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())

"""The installers' build code lives in packaging/installers (not part of the app):
put packaging/ on the path so the tests import it as ``installers``."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
if str(PACKAGING) not in sys.path:
    sys.path.insert(0, str(PACKAGING))

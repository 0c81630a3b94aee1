"""Access to the files in ``resources/`` wherever the app runs from."""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

RESOURCE_PACKAGE = "desktop_app.resources"


def resource(name: str) -> Traversable:
    """A file in ``resources/`` (installed as ``desktop_app.resources``)."""
    root = resources.files(RESOURCE_PACKAGE)
    node = root
    for part in name.split("/"):
        node = node.joinpath(part)
    return node


def load_json_resource(name: str) -> Any:
    return json.loads(resource(name).read_text(encoding="utf-8"))

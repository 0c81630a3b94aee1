"""Folder Captioner: caption the images in watched folders with Qwen2.5-VL.

The package is layered (see DESIGN.md): ``gui`` adapts ``core`` to Qt; ``core`` holds the
domain and drives ``backends`` (captioners) and ``metadata`` (readers and writers).
Nothing below ``gui`` imports Qt, so the CLI and the tests run without a display.
"""

__version__ = "0.1.0"
APP_NAME = "folder-captioner"
APP_DISPLAY_NAME = "Folder Captioner"

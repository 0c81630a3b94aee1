"""What other components may read of the grid: its rows and the selection.

Components change the grid only through signals the main window wires; where one
needs to look at the rows (a run picks the images without a caption, the panel shows
the facts of its image), it gets this read-only view in its constructor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from desktop_app.gui.grid.image_model import ImageRow


class ImageRows(Protocol):
    def rows(self) -> list[ImageRow]:
        """Every row, in the folder's order."""
        ...

    def row_data(self, path: Path) -> ImageRow | None:
        """The row of ``path``, or None when the grid does not show it."""
        ...

    def selected_rows(self) -> list[ImageRow]:
        """The selected rows, in the folder's order."""
        ...

    def row_count(self) -> int: ...

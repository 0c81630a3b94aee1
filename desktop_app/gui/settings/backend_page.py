"""What every backend's settings page shares: its main choices in the user's words,
the rest folded under "Advanced", and the typed configuration it returns.

A page names the fields it shows itself (``SHOWN``); every other simple field of the
backend's configuration gets a generated editor under Advanced, so a field added to a
backend later is never lost from the dialog. A backend without a page of its own gets
``GenericPage``: the generated form alone.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.gui.background import Background
from desktop_app.gui.settings.advanced import AdvancedSection
from desktop_app.gui.settings.config_form import ConfigForm


@dataclass(frozen=True)
class PageServices:
    """What backend pages work with besides their own configuration."""

    settings: Settings  # as the dialog opened; a connection test adds the page's values
    background: Background
    secrets: SecretStore


class BackendPage(QWidget):
    """One backend's page; ``value()`` is its configuration as the page shows it."""

    BACKEND_ID: ClassVar[str] = ""
    SHOWN: ClassVar[frozenset[str]] = frozenset()  # fields the page edits itself

    def __init__(self, config: Any, services: PageServices, summary: str) -> None:
        super().__init__()
        self.services = services
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.advanced = AdvancedSection()
        self.rest = ConfigForm(config, hidden=self.SHOWN)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self.form)
        layout.addWidget(self.advanced)
        layout.addStretch(1)

    def finish_advanced(self) -> None:
        """Put the generated editors of the remaining fields last under Advanced."""
        if not self.rest.is_empty:
            self.advanced.form.addRow(self.rest)

    def changes(self) -> dict[str, Any]:
        """The fields this page edits itself, as they are now."""
        return {}

    def value(self) -> Any:
        return dataclasses.replace(self.rest.value(), **self.changes())

    def current_settings(self) -> Settings:
        """The settings as they would be with this page's values (for a connection test)."""
        return self.services.settings.with_backend_config(self.BACKEND_ID, self.value())


class GenericPage(BackendPage):
    """A backend without a page of its own: its typed options, generated."""

    def __init__(self, config: Any, services: PageServices, summary: str) -> None:
        super().__init__(config, services, summary)
        self.advanced.hide()
        self.form.addRow(self.rest)

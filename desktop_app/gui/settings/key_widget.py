"""An API key field (saved in the OS keyring, never in a file) and a connection test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.errors import describe_exception
from desktop_app.gui.background import Background
from desktop_app.gui.settings.connection import ConnectionReport, check_connection


@dataclass(frozen=True)
class KeySpec:
    """Which secret a backend's key is, and what the empty field says."""

    backend_id: str
    secret: str  # the name in the keyring
    env_var: str  # overrides the keyring when set
    placeholder: str


class ApiKeyWidget(QWidget):
    """The key of one backend, and "Test connection" with the page's current values.

    ``current_settings`` gives the settings as the page shows them now (not yet
    saved), so the test checks what OK would keep. A passed test is announced with
    what the service reported (``tested``): a server's model list, for instance.
    """

    tested = Signal(object)  # ConnectionReport

    def __init__(
        self,
        secrets: SecretStore,
        background: Background,
        key: KeySpec,
        current_settings: Callable[[], Settings],
    ) -> None:
        super().__init__()
        self.secrets = secrets
        self.background = background
        self.backend_id = key.backend_id
        self.secret = key.secret
        self._current_settings = current_settings
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setObjectName(f"{key.backend_id}Key")
        stored = secrets.get_secret(key.secret, key.env_var)
        self.key_edit.setPlaceholderText(
            self.tr("A key is set (hidden)") if stored else key.placeholder
        )
        self.key_edit.setToolTip(
            self.tr("Kept in the system keyring; ${variable} overrides it.").format(
                variable=key.env_var
            )
        )
        self.save_button = QPushButton(self.tr("Save key"))
        self.save_button.setToolTip(self.tr("Keep the key in the system keyring (never in a file)"))
        self.test_button = QPushButton(self.tr("Test connection"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("testResult")
        self.save_button.clicked.connect(self._save_key)
        self.test_button.clicked.connect(self.test)
        row = QHBoxLayout()
        row.addWidget(self.key_edit, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)
        self.result.hide()

    def say(self, text: str) -> None:
        """The line under the key (hidden while there is nothing to say)."""
        self.result.setText(text)
        self.result.setVisible(bool(text))

    def _save_key(self) -> None:
        key = self.key_edit.text().strip()
        if not key:
            self.say(self.tr("Paste a key first."))
            return
        try:
            self.secrets.set_secret(self.secret, key)
        except Exception as exc:  # noqa: BLE001 - a keyring failure is shown, not raised
            self.say(describe_exception(exc))
            return
        self.key_edit.clear()
        self.key_edit.setPlaceholderText(self.tr("A key is set (hidden)"))
        self.say(self.tr("Saved in the system keyring."))

    def test(self) -> None:
        """Save a typed key, then check the connection off the GUI thread."""
        if self.key_edit.text().strip():
            self._save_key()
        settings, secrets, backend_id = self._current_settings(), self.secrets, self.backend_id
        self.say(self.tr("Testing…"))
        self.test_button.setEnabled(False)

        def done(report: object) -> None:
            assert isinstance(report, ConnectionReport)
            self.test_button.setEnabled(True)
            self.say(f"✓ {report.message}")
            self.tested.emit(report)

        def failed(message: str) -> None:
            self.test_button.setEnabled(True)
            self.say(f"✗ {message}")

        self.background.submit(
            lambda: check_connection(settings, backend_id, secrets), done, failed, owner=self
        )

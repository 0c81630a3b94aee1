"""An API key field (saved in the OS keyring, never in a file) and a connection test."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop_app.core.captioning import Overrides, build_captioner
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.gui.background import Background


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
    saved), so the test checks what OK would keep.
    """

    def __init__(
        self,
        secrets: SecretStore,
        background: Background,
        key: KeySpec,
        current_settings: Callable[[], Settings],
    ) -> None:
        super().__init__()
        backend_id, env_var = key.backend_id, key.env_var
        self.secrets = secrets
        self.background = background
        self.backend_id = backend_id
        self.secret = key.secret
        self._current_settings = current_settings
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setObjectName(f"{backend_id}Key")
        stored = secrets.get_secret(key.secret, env_var)
        self.key_edit.setPlaceholderText("A key is set (hidden)" if stored else key.placeholder)
        self.key_edit.setToolTip(f"Kept in the system keyring; ${env_var} overrides it.")
        self.save_button = QPushButton("Save key in keyring")
        self.test_button = QPushButton("Test connection")
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("testResult")
        self.save_button.clicked.connect(self._save_key)
        self.test_button.clicked.connect(self._test)
        layout = QFormLayout(self)
        layout.addRow("API key", self.key_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        layout.addRow("", buttons)
        layout.addRow("", self.result)

    def _save_key(self) -> None:
        key = self.key_edit.text().strip()
        if not key:
            self.result.setText("Paste a key first.")
            return
        try:
            self.secrets.set_secret(self.secret, key)
        except Exception as exc:  # noqa: BLE001 - a keyring failure is shown, not raised
            self.result.setText(str(exc))
            return
        self.key_edit.clear()
        self.key_edit.setPlaceholderText("A key is set (hidden)")
        self.result.setText("Saved in the system keyring.")

    def _test(self) -> None:
        if self.key_edit.text().strip():
            self._save_key()
        settings = self._current_settings()
        secrets, backend_id = self.secrets, self.backend_id
        self.result.setText("Testing…")
        self.test_button.setEnabled(False)

        def check() -> str:
            captioner = build_captioner(settings, Overrides(backend=backend_id), secrets)

            async def run() -> str:
                try:
                    return await captioner.check()
                finally:
                    await captioner.aclose()

            return asyncio.run(run())

        def done(message: object) -> None:
            self.test_button.setEnabled(True)
            self.result.setText(f"✓ {message}")

        def failed(message: str) -> None:
            self.test_button.setEnabled(True)
            self.result.setText(f"✗ {message}")

        self.background.submit(check, done, failed, owner=self)

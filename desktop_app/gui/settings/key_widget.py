"""An API key field (saved in the OS keyring, never in a file) and a connection test."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop_app.core.captioning import Overrides, build_captioner

if TYPE_CHECKING:
    from desktop_app.gui.settings.dialog import SettingsDialog


class ApiKeyWidget(QWidget):
    def __init__(
        self,
        dialog: SettingsDialog,
        backend_id: str,
        secret: str,
        env_var: str,
        placeholder: str,
    ) -> None:
        super().__init__()
        self.dialog = dialog
        self.backend_id = backend_id
        self.secret = secret
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setObjectName(f"{backend_id}Key")
        stored = dialog.secrets.get_secret(secret, env_var)
        self.key_edit.setPlaceholderText("A key is set (hidden)" if stored else placeholder)
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
            self.dialog.secrets.set_secret(self.secret, key)
        except Exception as exc:  # noqa: BLE001 - a keyring failure is shown, not raised
            self.result.setText(str(exc))
            return
        self.key_edit.clear()
        self.key_edit.setPlaceholderText("A key is set (hidden)")
        self.result.setText("Saved in the system keyring.")

    def _test(self) -> None:
        if self.key_edit.text().strip():
            self._save_key()
        form = self.dialog.backend_forms[self.backend_id]
        settings = self.dialog.settings.with_backend_config(self.backend_id, form.value())
        secrets, backend_id = self.dialog.secrets, self.backend_id
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

        self.dialog.background.submit(check, done, failed, owner=self)

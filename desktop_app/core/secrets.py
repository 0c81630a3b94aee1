"""API keys: from the environment or the OS keyring, never from a plain file or a log.

The environment wins so a server or CI job can inject a key without touching the
keyring. Keyring failures (no Secret Service on a headless box, a locked keychain) are
reported as "no key", with advice, instead of a traceback.
"""

from __future__ import annotations

import logging
import os

from desktop_app import APP_NAME
from desktop_app.errors import CaptionerError
from desktop_app.i18n import lazy_gettext

log = logging.getLogger(__name__)
KEYRING_SERVICE = APP_NAME


class KeyringUnavailable(CaptionerError):
    code = "keyring-unavailable"


class SecretStore:
    """The app's secrets; implements ``backends.base.SecretSource``."""

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        self._service = service

    def get_secret(self, name: str, env_var: str | None = None) -> str | None:
        if env_var:
            value = os.environ.get(env_var, "").strip()
            if value:
                return value
        try:
            import keyring
            from keyring.errors import KeyringError

            try:
                return keyring.get_password(self._service, name) or None
            except KeyringError as exc:
                log.info("keyring unavailable for %s: %s", name, type(exc).__name__)
                return None
        except Exception as exc:  # noqa: BLE001 - broken keyring backends raise anything
            log.info("keyring failed for %s: %s", name, type(exc).__name__)
            return None

    def set_secret(self, name: str, value: str) -> None:
        try:
            import keyring

            keyring.set_password(self._service, name, value)
        except Exception as exc:
            raise KeyringUnavailable(
                lazy_gettext("The key could not be saved in the system keyring."),
                lazy_gettext(
                    "Install and unlock a keyring (GNOME Keyring, KWallet, macOS Keychain, "
                    "Windows Credential Manager), or use the environment variable instead."
                ),
                detail=type(exc).__name__,
            ) from exc

    def delete_secret(self, name: str) -> bool:
        try:
            import keyring
            from keyring.errors import PasswordDeleteError

            try:
                keyring.delete_password(self._service, name)
            except PasswordDeleteError:
                return False
            return True
        except Exception as exc:
            raise KeyringUnavailable(
                lazy_gettext("The system keyring could not be reached."),
                lazy_gettext("Check that a keyring is running."),
            ) from exc

"""Building backend pages for tests: the services a page gets in the dialog."""

from __future__ import annotations

from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings
from desktop_app.gui.settings.backend_page import PageServices


def services(ctx, settings: Settings | None = None) -> PageServices:
    return PageServices(settings or Settings(), ctx.background, SecretStore())

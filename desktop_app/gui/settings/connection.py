"""Testing a backend's connection from Settings, on a worker thread.

The test builds the captioner exactly as a run would (so it checks the values on the
page, the key in the keyring and the environment), asks it to check itself, and for
an OpenAI-compatible server also fetches its model list for the page's drop-down.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from desktop_app.backends.openai_compat import OpenAICaptioner
from desktop_app.core.captioning import Overrides, build_captioner
from desktop_app.core.secrets import SecretStore
from desktop_app.core.settings import Settings


@dataclass(frozen=True)
class ConnectionReport:
    message: str  # what the service said, in a sentence
    models: tuple[str, ...] = ()  # the models a server lists (empty: not asked)


def check_connection(settings: Settings, backend_id: str, secrets: SecretStore) -> ConnectionReport:
    """Runs off the GUI thread; raises a ``CaptionerError`` that says what failed."""
    captioner = build_captioner(settings, Overrides(backend=backend_id), secrets)

    async def run() -> ConnectionReport:
        try:
            message = await captioner.check()
            models: list[str] = []
            if isinstance(captioner, OpenAICaptioner):
                models = await captioner.list_models()
            return ConnectionReport(message, tuple(models))
        finally:
            await captioner.aclose()

    return asyncio.run(run())

"""Captioners by id. Adding a backend means one module plus one entry here.

Each entry names the backend's typed configuration class, so settings can store,
validate and edit every backend's options without knowing them in advance, and a
factory that turns that configuration (and the user's secrets) into a captioner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from desktop_app.backends import openai_compat, runware
from desktop_app.backends.base import Captioner, SecretSource
from desktop_app.backends.errors import UnknownBackend
from desktop_app.backends.local import captioner as local
from desktop_app.backends.local import config as local_config
from desktop_app.i18n import Text, lazy_gettext

ConfigT = TypeVar("ConfigT")


@dataclass(frozen=True)
class BackendSpec(Generic[ConfigT]):
    """How to configure and create one kind of captioner."""

    backend_id: str
    display_name: Text
    summary: Text
    config_type: type[ConfigT]
    factory: Callable[[ConfigT, SecretSource], Captioner]

    def create(self, config: ConfigT, secrets: SecretSource) -> Captioner:
        return self.factory(config, secrets)


_BACKENDS: dict[str, BackendSpec[Any]] = {}


def register(spec: BackendSpec[Any]) -> None:
    if spec.backend_id in _BACKENDS:
        raise ValueError(f"backend id {spec.backend_id!r} registered twice")
    _BACKENDS[spec.backend_id] = spec


def backend_ids() -> list[str]:
    return list(_BACKENDS)


def all_backends() -> list[BackendSpec[Any]]:
    return list(_BACKENDS.values())


def get_backend(backend_id: str) -> BackendSpec[Any]:
    try:
        return _BACKENDS[backend_id]
    except KeyError:
        known = ", ".join(_BACKENDS)
        raise UnknownBackend(
            lazy_gettext(
                "There is no captioning backend called '{backend_id}'.", backend_id=backend_id
            ),
            lazy_gettext("Choose one of: {known}.", known=known),
        ) from None


register(
    BackendSpec(
        backend_id=runware.BACKEND_ID,
        display_name=lazy_gettext("Cloud (Runware)"),
        summary=lazy_gettext(
            "Qwen2.5-VL 3B or 7B in the cloud; needs an API key, about $0.002 per caption."
        ),
        config_type=runware.RunwareConfig,
        factory=runware.create,
    )
)

register(
    BackendSpec(
        backend_id=local_config.BACKEND_ID,
        display_name=lazy_gettext("Local (llama.cpp)"),
        summary=lazy_gettext(
            "Qwen2.5-VL GGUF on this computer's CPU or GPU; free, offline after one download."
        ),
        config_type=local_config.LocalConfig,
        factory=local.create,
    )
)

register(
    BackendSpec(
        backend_id=openai_compat.BACKEND_ID,
        display_name=lazy_gettext("OpenAI-compatible server"),
        summary=lazy_gettext(
            "Your own server (llama-server, Ollama, LM Studio, vLLM) over its OpenAI API."
        ),
        config_type=openai_compat.OpenAIConfig,
        factory=openai_compat.create,
    )
)

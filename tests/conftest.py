"""Test isolation: every test gets its own app home, keyring and no real API key."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app import i18n
from tests.fakes.llama_server import LlamaServer
from tests.fakes.runware_server import FakeRunware
from tests.fakes.tiny_models import ModelPair, tiny_pairs

os.environ.setdefault("OMP_WAIT_POLICY", "passive")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("app-home")
    monkeypatch.setenv("FOLDER_CAPTIONER_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    for name in ("RUNWARE_API_KEY", "RUNWARE_API_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    # Never read or fill the user's Hugging Face cache, never reach the real hub.
    monkeypatch.setenv("HF_HOME", str(home / "huggingface"))
    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_ENDPOINT", "HF_HUB_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    return home


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read messages in English whatever the machine's language (a test that wants
    another language sets it), and no test leaves another language behind."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    i18n.use(i18n.SOURCE_LANGUAGE)


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModelPair]:
    """Random-weight Qwen2.5-VL pairs (F16 and Q4_K_M), written once per session."""
    return tiny_pairs(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture
def fake_api() -> Iterator[FakeRunware]:
    with FakeRunware() as api:
        yield api


@pytest.fixture
def cloud_env(fake_api: FakeRunware, monkeypatch: pytest.MonkeyPatch) -> FakeRunware:
    """The environment a user sets to point the app at the fake server."""
    monkeypatch.setenv("RUNWARE_API_URL", fake_api.url)
    monkeypatch.setenv("RUNWARE_API_KEY", fake_api.api_key)
    return fake_api


LLAMA_SERVER_KEY = "sk-local-test"


@pytest.fixture(scope="session")
def llama_server(
    tiny_models: dict[str, ModelPair], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LlamaServer]:
    """llama-cpp-python's OpenAI-compatible server on the tiny F16 pair (key required)."""
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with LlamaServer(tiny_models["f16"], api_key=LLAMA_SERVER_KEY, log=log) as server:
        yield server

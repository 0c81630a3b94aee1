"""The small commands: presets, backends, key, version, and the window fallback."""

from __future__ import annotations

import io

import pytest

from desktop_app import __version__
from desktop_app.cli import main
from desktop_app.core.secrets import SecretStore


def test_presets_and_backends_are_listed(capsys) -> None:
    assert main(["presets"]) == 0
    assert "concise (default)" in capsys.readouterr().out
    assert main(["backends"]) == 0
    assert "cloud (current)" in capsys.readouterr().out


def test_version(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


def test_key_set_status_delete(monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("sk-test-123\n"))
    assert main(["key", "set", "cloud", "--stdin"]) == 0
    assert SecretStore().get_secret("runware") == "sk-test-123"
    assert main(["key", "status", "cloud"]) == 0
    assert "key in keyring: yes" in capsys.readouterr().out
    assert main(["key", "delete", "cloud"]) == 0
    assert SecretStore().get_secret("runware") is None


def test_unknown_keyed_backend_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["key", "set", "nothing"])
    assert caught.value.code == 2

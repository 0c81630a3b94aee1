"""``folder-captioner models`` and ``doctor``: a catalog served by the fake hub."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil

import pytest

from desktop_app.cli import main
from desktop_app.core.paths import app_dirs
from desktop_app.core.settings import SettingsStore
from tests.fakes.hf_hub import FakeHub

REVISION = "c0ffee0000000000000000000000000000000001"
REPO = "studio/Tiny-VL-GGUF"


def publish(hub: FakeHub, path) -> dict[str, object]:
    data = path.read_bytes()
    hub.add(REPO, REVISION, path.name, data)
    return {"filename": path.name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


@contextlib.contextmanager
def catalog_on_hub(tmp_path, monkeypatch, model, *projectors):
    """``model`` and its projectors (the default first) on the fake hub, in a catalog."""
    with FakeHub() as hub:
        entry: dict[str, object] = {
            "model_id": "tiny-vl",
            "title": "Tiny VL Q4_K_M",
            "repo_id": REPO,
            "revision": REVISION,
            "aliases": ["tiny"],
            "model": publish(hub, model),
        }
        listed = [publish(hub, projector) for projector in projectors]
        entry["mmproj"] = listed[0] if len(listed) == 1 else listed
        catalog = tmp_path / "catalog.json"
        catalog.write_text(json.dumps([entry]))
        monkeypatch.setenv("FOLDER_CAPTIONER_CATALOG", str(catalog))
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        yield hub


@pytest.fixture
def hub_catalog(tiny_models, tmp_path, monkeypatch):
    """The tiny Q4_K_M pair published on the fake hub and listed in an extra catalog."""
    pair = tiny_models["q4_k_m"]
    with catalog_on_hub(tmp_path, monkeypatch, pair.model, pair.mmproj) as hub:
        yield hub


def local_settings():
    return SettingsStore(app_dirs().settings_file).load().backend_config("local")


def test_download_list_use_caption_remove(hub_catalog, tmp_path, capsys) -> None:
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "qwen2.5-vl-3b, 3b" in out
    assert "tiny-vl, tiny" in out
    assert "not downloaded" in out

    assert main(["models", "download", "tiny", "--use"]) == 0
    out, err = capsys.readouterr()
    assert "snapshots" in out
    assert "now uses tiny-vl" in err
    assert local_settings().model == "tiny-vl"
    assert main(["models", "list"]) == 0
    assert "tiny-vl, tiny (current)" in capsys.readouterr().out

    photos = tmp_path / "photos"
    from tests.images import photo_folder

    photo_folder(photos, 2)
    code = main(
        ["caption", str(photos), "--json", "--max-tokens", "8", "--threads", "1", "--write", "txt"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in records] == ["captioned", "captioned"]
    assert "with local (tiny-vl)" in err

    gets = len([r for r in hub_catalog.requests if r.method == "GET"])
    assert main(["models", "download", "tiny"]) == 0  # already here: no transfer
    assert len([r for r in hub_catalog.requests if r.method == "GET"]) == gets

    assert main(["models", "remove", "tiny"]) == 0
    assert "Removed tiny-vl" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["caption", str(photos), "--overwrite"])
    assert caught.value.code == 2
    assert "models download tiny-vl" in capsys.readouterr().err


def test_download_failures_are_reported(hub_catalog, capsys, monkeypatch) -> None:
    hub_catalog.corrupt.add(hub_catalog.files[0].filename)
    assert main(["models", "download", "tiny"]) == 1
    assert "arrived damaged" in capsys.readouterr().err
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert main(["models", "download", "tiny"]) == 1
    assert "HF_HUB_OFFLINE" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["models", "download", "llava"])
    assert caught.value.code == 2


def test_import_a_pair_then_caption_with_it_by_name(tiny_models, tmp_path, capsys) -> None:
    folder = tmp_path / "my-models"
    folder.mkdir()
    model = shutil.copy(tiny_models["f16"].model, folder / "MyVL-F16.gguf")
    shutil.copy(tiny_models["f16"].mmproj, folder / "mmproj-MyVL-F16.gguf")
    assert main(["models", "import", str(model), "--name", "myvl"]) == 0
    out, err = capsys.readouterr()
    assert "mmproj-MyVL-F16.gguf" in out  # found next to the model
    assert "--model myvl" in err
    [imported] = local_settings().imported
    assert imported.mmproj == str(folder / "mmproj-MyVL-F16.gguf")
    assert main(["models", "list"]) == 0
    assert "myvl" in capsys.readouterr().out

    from tests.images import photo_folder

    photo_folder(tmp_path / "p", 1)
    args = [
        "caption",
        str(tmp_path / "p"),
        "--backend",
        "local",
        "--model",
        "myvl",
        "--write",
        "txt",
    ]
    assert main([*args, "--max-tokens", "6", "--threads", "1"]) == 0
    assert (tmp_path / "p" / "IMG_0001.txt").exists()
    capsys.readouterr()

    assert main(["models", "remove", "myvl"]) == 0
    assert "left in place" in capsys.readouterr().err
    assert model.exists()
    assert local_settings().imported == ()


def test_import_refuses_a_bad_pair(tiny_models, tmp_path, capsys) -> None:
    lonely = shutil.copy(tiny_models["f16"].model, tmp_path / "lonely.gguf")
    assert main(["models", "import", str(lonely)]) == 1
    assert "--mmproj" in capsys.readouterr().err
    not_gguf = tmp_path / "model.gguf"
    not_gguf.write_text("hello")
    assert main(["models", "import", str(not_gguf), "--mmproj", str(lonely)]) == 1
    assert "not a GGUF model file" in capsys.readouterr().err


def test_use_a_path_then_doctor_reports_build_threads_and_files(tiny_models, capsys) -> None:
    pair = tiny_models["q4_k_m"]
    assert main(["models", "use", str(pair.model)]) == 0
    capsys.readouterr()
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "llama-cpp-python 0.3" in out
    assert "GPU offload: " in out
    assert "build: CPU" in out
    assert "threads: " in out
    assert "physical cores" in out
    assert "Hugging Face cache: " in out
    assert "qwen2.5-vl-3b: not downloaded" in out
    assert f"model:     {pair.model}" in out
    assert "Current backend: local" in out


def test_the_projector_is_chosen_in_download_and_shown_in_list(
    tiny_models, tmp_path, monkeypatch, capsys
) -> None:
    """Published in Q8_0 (the default) and F16: the download takes Q8_0 unless told,
    the choice is remembered, and a caption runs with the Q8_0 projector."""
    monkeypatch.setenv("COLUMNS", "200")  # one table row per line
    q8 = tiny_models["q8_0_projector"]
    with catalog_on_hub(tmp_path, monkeypatch, q8.model, q8.mmproj, tiny_models["f16"].mmproj):
        assert main(["models", "download", "tiny", "--use"]) == 0
        out, _ = capsys.readouterr()
        assert "mmproj-tiny-qwen25vl-Q8_0.gguf" in out
        assert local_settings().vision_projector == "auto"
        assert main(["models", "list"]) == 0
        out = capsys.readouterr().out
        assert "vision projector Q8_0 (used, default, here), F16" in out

        photos = tmp_path / "photos"
        from tests.images import photo_folder

        photo_folder(photos, 1)
        # .txt: a random model's answer may be only characters XMP cannot hold
        args = ["--json", "--max-tokens", "6", "--threads", "1", "--write", "txt"]
        code = main(["caption", str(photos), *args])
        assert code == 0, capsys.readouterr()

        assert main(["models", "download", "tiny", "--projector", "f16"]) == 0
        out, err = capsys.readouterr()
        assert "mmproj-tiny-qwen25vl-f16.gguf" in out
        assert "Vision projector: f16 from now on" in err
        assert local_settings().vision_projector == "f16"
        assert main(["models", "list"]) == 0
        out = capsys.readouterr().out
        assert "Vision projector setting: f16" in out
        assert "Q8_0 (default, here), F16 (used, here)" in out

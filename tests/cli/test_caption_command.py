"""``folder-captioner caption``: exit codes, messages, JSON lines, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.library import ImageState, Library
from desktop_app.core.paths import app_dirs
from desktop_app.metadata.embedded_fields import read_embedded
from tests.fakes.runware_server import Fault
from tests.images import photo_folder, write_jpeg
from tests.raw_files import write_raw

ROOT = Path(__file__).resolve().parents[2]


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_captions_a_folder_and_exits_zero(cloud_env, tmp_path, capsys) -> None:
    photos = photo_folder(tmp_path / "p", 3)
    code = main(["caption", str(tmp_path / "p"), "--json", "--write", "txt"])
    out, err = capsys.readouterr()
    assert code == 0
    records = json_lines(out)
    assert [r["status"] for r in records] == ["captioned"] * 3
    assert {r["path"] for r in records} == {str(p) for p in photos}
    assert all(r["cost"] == pytest.approx(0.0013) for r in records)
    assert err.splitlines()[0] == "Captions go to .txt files beside the images."
    assert "3 captioned" in err
    assert "$0.0039" in err
    for photo in photos:
        assert photo.with_suffix(".txt").read_text(encoding="utf-8").startswith("A landscape")
    library = Library(app_dirs().library_file)
    assert {library.image_by_path(p).state for p in photos} == {ImageState.DONE}
    library.close()


def test_a_new_install_captions_inside_the_photos_and_says_so(cloud_env, tmp_path, capsys) -> None:
    photos = photo_folder(tmp_path / "p", 2)
    raw = tmp_path / "p" / "IMG_0009.CR2"
    write_raw(raw)
    assert main(["caption", str(tmp_path / "p"), "--json"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == (
        "Captions go inside the photos (XMP, IPTC and EXIF; RAW files and HEIC/AVIF files "
        "get an XMP sidecar)."
    )
    for photo in photos:
        assert read_embedded(photo).xmp.startswith("A landscape")
        assert not photo.with_suffix(".txt").exists()
    assert raw.with_suffix(".xmp").exists()  # the photo library's RAW fallback
    assert [r["status"] for r in json_lines(out)] == ["captioned"] * 3


def test_second_run_skips_everything(cloud_env, tmp_path, capsys) -> None:
    photo_folder(tmp_path / "p", 2)
    assert main(["caption", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert main(["caption", str(tmp_path / "p"), "--json"]) == 0
    out, err = capsys.readouterr()
    assert [r["status"] for r in json_lines(out)] == ["skipped", "skipped"]
    assert "2 skipped" in err
    assert len(cloud_env.caption_tasks()) == 2


def test_options_reach_the_api(cloud_env, tmp_path, capsys) -> None:
    photo_folder(tmp_path / "p", 2)
    code = main(
        [
            "caption",
            str(tmp_path / "p"),
            "--model",
            "7b",
            "--preset",
            "detailed",
            "--batch-size",
            "2",
            "--delivery",
            "async",
            "--pixels",
            "fast",
            "--overwrite",
            "-q",
        ]
    )
    assert code == 0
    tasks = cloud_env.caption_tasks()
    assert {t["model"] for t in tasks} == {"runware:152@2"}
    assert tasks[0]["prompt"].startswith("Write a precise 5-7 sentence caption")
    assert tasks[0]["deliveryMethod"] == "async"
    assert len(cloud_env.requests[0].tasks) == 2


def test_some_failures_exit_one(cloud_env, tmp_path, capsys) -> None:
    photo_folder(tmp_path / "p", 2)
    (tmp_path / "p" / "broken.jpg").write_bytes(b"\xff\xd8\xff garbage")
    code = main(["caption", str(tmp_path / "p"), "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    failed = [r for r in json_lines(out) if r["status"] == "failed"]
    assert failed[0]["path"].endswith("broken.jpg")
    assert failed[0]["error"]["code"] in ("image-damaged", "not-an-image")
    assert "1 failed" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["caption", "/no/such/folder"], "no such file or folder: /no/such/folder"),
        (["caption", "."], "no API key"),
        (["caption", ".", "--preset", "nope"], "no prompt preset called 'nope'"),
        (["caption", ".", "--write", "paper"], "unknown destination paper"),
        (["caption", ".", "--concurrency", "0"], "must be at least 1"),
    ],
)
def test_usage_errors_exit_two_with_the_reason(argv, words, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_jpeg(tmp_path / "a.jpg", (32, 32))
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert words.lower() in capsys.readouterr().err.lower()


def test_missing_key_explains_how_to_set_it(tmp_path, capsys) -> None:
    write_jpeg(tmp_path / "a.jpg", (32, 32))
    with pytest.raises(SystemExit):
        main(["caption", str(tmp_path)])
    err = capsys.readouterr().err
    assert "RUNWARE_API_KEY" in err
    assert "folder-captioner key set cloud" in err


def test_rejected_key_stops_and_exits_one(cloud_env, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("RUNWARE_API_KEY", "wrong")
    photo_folder(tmp_path / "p", 2)
    code = main(["caption", str(tmp_path / "p"), "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    assert [r["status"] for r in json_lines(out)] == ["not_started", "not_started"]
    assert "The API key was rejected" in err


def test_folder_without_images(tmp_path, cloud_env, capsys) -> None:
    (tmp_path / "readme.txt").write_text("no photos here")
    assert main(["caption", str(tmp_path)]) == 0
    assert "No images found" in capsys.readouterr().err


def test_non_image_file_named_explicitly(tmp_path, cloud_env, capsys) -> None:
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4")
    assert main(["caption", str(tmp_path / "doc.pdf")]) == 1
    assert "not an image type" in capsys.readouterr().err


def test_no_network_fails_images_but_not_the_command(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("RUNWARE_API_KEY", "k")
    monkeypatch.setenv("RUNWARE_API_URL", "http://127.0.0.1:9/v1")
    write_jpeg(tmp_path / "a.jpg", (32, 32))
    settings = app_dirs().settings_file
    settings.parent.mkdir(parents=True, exist_ok=True)
    fast = {"retry": {"max_retries": 1, "base_delay_s": 0.01, "jitter_s": 0.0}}
    settings.write_text(json.dumps({"version": 1, "backends": {"cloud": fast}}))
    assert main(["caption", str(tmp_path), "--json"]) == 1
    [record] = json_lines(capsys.readouterr().out)
    assert record["error"]["code"] == "network"
    assert "Could not reach" in record["error"]["message"]


def test_ctrl_c_stops_without_waiting_for_requests_and_keeps_finished_work(
    cloud_env, tmp_path
) -> None:
    """Three requests are answered, the ones after them never are: Ctrl-C must end the
    run at once (a run that waited for its requests in flight would wait forever), keep
    exactly the three captions and report every image. How fast it stops is a figure
    of tests/benchmarks/bench_stop.py, not an assertion."""
    photos = photo_folder(tmp_path / "p", 30)
    finished = 3
    cloud_env.hold(answer_first=finished)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "caption",
            str(tmp_path / "p"),
            "--json",
            "--write",
            "txt",
            "--concurrency",
            "2",
            "--batch-size",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    # One line per finished caption; then both request slots hold an unanswered request.
    first = [json.loads(process.stdout.readline()) for _ in range(finished)]
    assert [record["status"] for record in first] == ["captioned"] * finished
    cloud_env.wait_held(2)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)  # only a run that never stops gets here
    assert process.returncode == 130
    assert cloud_env.held == 2  # it did not wait for them: they are still unanswered
    records = [*first, *json_lines(out)]
    captioned = [r for r in records if r["status"] == "captioned"]
    assert len(records) == 30  # every image reported, finished or not
    assert captioned == first
    for record in captioned:
        assert (
            Path(record["path"]).with_suffix(".txt").read_text(encoding="utf-8")
            == record["caption"]
        )
    written = [p for p in photos if p.with_suffix(".txt").exists()]
    assert len(written) == finished
    assert "every caption received was kept" in err


def test_transient_server_trouble_is_invisible(cloud_env, tmp_path, capsys, monkeypatch) -> None:
    photo_folder(tmp_path / "p", 1)
    cloud_env.inject(Fault("status", status=503, retry_after="0"), Fault("reset"))
    assert main(["caption", str(tmp_path / "p")]) == 0


def test_local_backend_with_a_gguf_pair_and_no_catalog(tiny_models, tmp_path, capsys) -> None:
    photos = photo_folder(tmp_path / "p", 2)
    pair = tiny_models["q4_k_m"]
    code = main(
        [
            "caption",
            str(tmp_path / "p"),
            "--backend",
            "local",
            "--model",
            str(pair.model),
            "--mmproj",
            str(pair.mmproj),
            "--max-tokens",
            "8",
            "--threads",
            "1",
            "--pixels",
            "fast",
            "--json",
            "--write",
            "txt",  # a tiny random model's caption may be blank: only .txt takes it
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert [r["status"] for r in json_lines(out)] == ["captioned", "captioned"]
    for photo in photos:
        assert photo.with_suffix(".txt").exists()
    library = Library(app_dirs().library_file)
    record = library.image_by_path(photos[0])
    caption = library.current_caption(record.id)
    library.close()
    assert caption.backend == "local"
    assert caption.model == pair.model.name
    assert caption.usage["vision_tokens"] <= 256 + 2 * 16 + 1  # the fast level
    assert caption.timings["encode_s"] > 0


def test_local_backend_usage_errors(tiny_models, tmp_path, capsys) -> None:
    photo_folder(tmp_path / "p", 1)
    base = ["caption", str(tmp_path / "p"), "--backend", "local"]
    for extra, words in (
        (["--model", str(tmp_path / "absent.gguf")], "does not exist"),
        (["--model", str(tiny_models["f16"].model), "--delivery", "async"], "--delivery"),
        (["--model", "qwen2.5-vl-7b"], "models download qwen2.5-vl-7b"),
    ):
        with pytest.raises(SystemExit) as caught:
            main(base + extra)
        assert caught.value.code == 2
        assert words in capsys.readouterr().err

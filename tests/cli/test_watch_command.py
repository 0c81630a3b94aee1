"""``folder-captioner watch``: usage errors, status lines, SIGTERM, SIGKILL and restart."""

from __future__ import annotations

import base64
import io
import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.cli import main
from desktop_app.core.library import ImageState, Library
from desktop_app.core.paths import app_dirs
from desktop_app.core.watch.lock import WatchLock
from tests.fakes.runware_server import FakeRunware
from tests.watching import png_bytes, size_for, wait_for

ROOT = Path(__file__).resolve().parents[2]


def watcher(folder: Path, *extra: str) -> subprocess.Popen[str]:
    """``watch`` writing .txt files: the tests see a caption land by its file."""
    command = ["watch", str(folder), "--settle", "0.3", "--write", "txt", *extra]
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def stop(process: subprocess.Popen[str], sig: int = signal.SIGTERM) -> tuple[str, str]:
    process.send_signal(sig)
    return process.communicate(timeout=30)


def tasks_in_order(api: FakeRunware) -> list[tuple[int, tuple[int, int]]]:
    """(request number, image size) for every caption task the server got."""
    found = []
    for number, request in enumerate(api.requests):
        for task in request.tasks:
            if task.get("taskType") != "caption":
                continue
            data = base64.b64decode(task["inputs"]["image"].split(",", 1)[1])
            with Image.open(io.BytesIO(data)) as image:
                found.append((number, image.size))
    return found


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["watch", "/no/such/folder"], "not a folder: /no/such/folder"),
        (["watch"], "name a folder to watch"),
        (["watch", ".", "--settle", "-1"], "must not be negative"),
    ],
)
@pytest.mark.usefixtures("cloud_env")
def test_usage_errors_exit_two(argv, words, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert words in capsys.readouterr().err


def test_a_missing_key_explains_how_to_set_it(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["watch", str(tmp_path)])
    assert caught.value.code == 2
    assert "RUNWARE_API_KEY" in capsys.readouterr().err


def test_watches_until_sigterm_with_one_line_per_event(cloud_env, tmp_path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    process = watcher(folder, "--json")
    assert process.stdout is not None
    first = json.loads(process.stdout.readline())
    assert first == {"event": "watch_started", "roots": [str(folder)]}
    (folder / "a.png").write_bytes(png_bytes(1))
    lines: list[dict] = []
    while not any(line.get("event") == "image_captioned" for line in lines):
        lines.append(json.loads(process.stdout.readline()))
    out, _err = stop(process)
    assert process.returncode == 0
    lines += [json.loads(line) for line in out.splitlines()]
    events = [line["event"] for line in lines]
    for expected in ("folder_watched", "image_detected", "image_queued", "image_captioned"):
        assert expected in events
    assert events[-1] == "watch_stopped"
    captioned = next(line for line in lines if line["event"] == "image_captioned")
    assert captioned["path"] == str(folder / "a.png")
    assert (folder / "a.txt").read_text(encoding="utf-8") == captioned["text"]
    log = app_dirs().log_file.read_text(encoding="utf-8")
    assert "✓ a.png: A landscape 9x8 picture" in log  # every status line is logged too


def test_status_lines_on_stderr(cloud_env, tmp_path) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "b.png").write_bytes(png_bytes(2))
    process = watcher(folder)
    assert process.stderr is not None
    shown: list[str] = []  # read the status lines as they come, up to the caption's
    while not shown or "✓ sub/b.png" not in shown[-1]:
        line = process.stderr.readline()
        assert line, f"the watcher ended early: {''.join(shown)}"
        shown.append(line)
    _, err = stop(process, signal.SIGINT)
    err = "".join(shown) + err
    assert process.returncode == 0
    assert err.splitlines()[0] == "Captions go to .txt files beside the images."
    assert f"Watching {folder}: native events on" in err
    assert "✓ sub/b.png: A landscape 10x8 picture" in err
    assert "Stopping: requests in flight may finish (up to 10 s)" in err
    assert "Stopped; 0 jobs wait for the next start." in err


def test_sigkill_mid_run_and_restart_loses_nothing_and_duplicates_nothing(
    cloud_env, tmp_path
) -> None:
    count, answered = 200, 60
    staging, folder = tmp_path / "staging", tmp_path / "inbox"
    staging.mkdir()
    folder.mkdir()
    for index in range(count):
        (staging / f"IMG_{index:04d}.png").write_bytes(png_bytes(index))
    # 60 requests are answered, the ones after them wait: the kill comes while four
    # requests are in flight and most images are still to do, however busy the machine.
    cloud_env.hold(answer_first=answered)
    options = ("--concurrency", "4", "--batch-size", "2")
    process = watcher(folder, *options)
    for path in staging.iterdir():
        path.rename(folder / path.name)
    cloud_env.wait_held(4)
    names = {size_for(i): f"IMG_{i:04d}.png" for i in range(count)}
    answered_names = {
        names[size]
        for number, size in tasks_in_order(cloud_env)
        if not cloud_env.requests[number].held
    }
    wait_for(
        lambda: all((folder / name).with_suffix(".txt").exists() for name in answered_names),
        what="the answered captions",
    )
    process.kill()  # SIGKILL: no clean-up of any kind
    process.communicate(timeout=60)
    requests_before_kill = len(cloud_env.requests)
    captioned_before = {p.with_suffix(".png").name for p in folder.glob("*.txt")}
    assert captioned_before == answered_names
    assert answered <= len(captioned_before) <= answered * 2 < count  # killed mid-run
    cloud_env.release()

    process = watcher(folder, *options)
    wait_for(lambda: len(list(folder.glob("*.txt"))) == count, 240, "every caption")
    _, err = stop(process)  # a clean stop: no request is in flight after it
    assert process.returncode == 0
    assert "Stopped; 0 jobs wait for the next start." in err
    library = Library(app_dirs().library_file)
    try:
        assert library.counts_by_state()[ImageState.DONE] == count
        rows = library.rows("SELECT image_id, COUNT(*) FROM captions GROUP BY image_id")
        per_image = Counter({row[0]: row[1] for row in rows})
    finally:
        library.close()

    # 0 lost, 0 duplicated: one caption file and one index caption per image.
    assert len(list(folder.glob("*.txt"))) == count
    assert len(per_image) == count
    assert set(per_image.values()) == {1}
    assert not list(folder.glob(".fc-tmp-*"))
    # At the server: an image captioned before the kill was never sent again. The only
    # images sent twice are those whose request was in flight when the process died
    # (the answer died with it): sent before the kill, captioned after the restart.
    sent = tasks_in_order(cloud_env)
    per_size = Counter(size for _, size in sent)
    assert set(per_size) == set(names)
    resent = {size for size, times in per_size.items() if times > 1}
    for size in resent:
        assert per_size[size] == 2
        assert names[size] not in captioned_before
        first = min(number for number, s in sent if s == size)
        assert first < requests_before_kill
    for size in set(names) - resent:
        assert per_size[size] == 1
    assert len(resent) <= 4 * 2  # at most the requests in flight x images per request


def test_a_second_watcher_on_the_same_library_exits_one(cloud_env, tmp_path, capsys) -> None:
    with WatchLock(app_dirs().library_file):
        assert main(["watch", str(tmp_path)]) == 1
    assert "Another watcher" in capsys.readouterr().err


def test_a_second_signal_stops_at_once_and_the_job_is_sent_again(cloud_env, tmp_path) -> None:
    """The request is never answered: the clean stop the first signal asks for would
    wait out its grace time (10 s, then exit 0); the second signal ends it at once
    (exit 130). How fast is a figure of tests/benchmarks/bench_stop.py."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    cloud_env.hold()
    process = watcher(folder, "--json")
    assert process.stdout is not None
    (folder / "slow.png").write_bytes(png_bytes(3))
    while json.loads(process.stdout.readline())["event"] != "image_sent":
        pass
    cloud_env.wait_held(1)
    process.send_signal(signal.SIGTERM)  # asks for a clean stop: waits for the request...
    while json.loads(process.stdout.readline())["event"] != "watch_stopping":
        pass
    _, err = stop(process)  # ...a second signal stops at once
    assert process.returncode == 130
    assert "Traceback" not in err
    assert cloud_env.held == 1  # still unanswered: it was not waited for
    cloud_env.release()
    process = watcher(folder)
    wait_for((folder / "slow.txt").exists, what="the caption after restart")
    stop(process)
    assert process.returncode == 0

"""Checks on an installed Folder Captioner, run as a user would run it.

Each check starts the installed program in a subprocess with a fresh app home, and
looks at what a user would see: exit status, output, and the files on disk. Shared by
the .deb and the .tar.gz smoke tests (smoke.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from installers.shell import BuildError

SHOWN_LINE = "folder-captioner: window shown"  # desktop_app/gui/scripted_exit.py
EXIT_AFTER_ENV = "FOLDER_CAPTIONER_EXIT_AFTER_MS"
TIMEOUT_S = 120


@dataclass(frozen=True)
class Inputs:
    """What the checks caption with: the tiny local model pair and the fake cloud API."""

    model: Path
    mmproj: Path
    api_url: str
    api_key: str
    work: Path
    display: str | None  # an X server for the xcb check (Xvfb), or None to skip it


@dataclass
class Findings:
    """What the checks measured, for the report."""

    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        print(f"  ok: {text}", file=sys.stderr, flush=True)
        self.notes.append(text)


def clean_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A user's environment, minus anything that would leak the build's set-up in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FOLDER_CAPTIONER_", "RUNWARE_", "OPENAI_", "HF_", "QT_"))
        and key not in ("PYTHONPATH", "VIRTUAL_ENV", "LD_LIBRARY_PATH", "DISPLAY")
    }
    env.update(
        {
            "FOLDER_CAPTIONER_HOME": str(home),
            "HF_HOME": str(home / "huggingface"),
            "HF_HUB_OFFLINE": "1",
            "OMP_WAIT_POLICY": "passive",
            # No Secret Service on a build machine: the keyring must answer "no key".
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
    )
    env.update(extra or {})
    return env


def run_app(
    program: Sequence[str], args: Sequence[str], env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*program, *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def expect(condition: bool, what: str, result: subprocess.CompletedProcess[str] | None) -> None:
    if condition:
        return
    detail = ""
    if result is not None:
        detail = (
            f"\nexit status {result.returncode}\nstdout:\n{result.stdout[-3000:]}"
            f"\nstderr:\n{result.stderr[-3000:]}"
        )
    raise BuildError(f"smoke test failed: {what}{detail}")


def make_images(folder: Path, count: int = 3) -> list[Path]:
    """A few small photos-to-be: JPEG and PNG, distinct colours."""
    folder.mkdir(parents=True, exist_ok=True)
    colours = [(200, 40, 40), (40, 160, 60), (30, 60, 200), (220, 200, 40)]
    paths = []
    for index in range(count):
        suffix = ".png" if index == count - 1 else ".jpg"
        path = folder / f"photo-{index}{suffix}"
        Image.new("RGB", (320 + 16 * index, 240), colours[index % len(colours)]).save(path)
        paths.append(path)
    return paths


def check_app(program: Sequence[str], version: str, inputs: Inputs, label: str) -> Findings:
    """Every check, in the order a new user meets them."""
    findings = Findings()
    print(f"{label}: checking {' '.join(program)}", file=sys.stderr, flush=True)
    scratch = Path(tempfile.mkdtemp(prefix=f"smoke-{label}-", dir=inputs.work))
    check_version(program, version, scratch, findings)
    check_window(program, scratch, findings, platform="offscreen", display=None)
    if inputs.display is not None:
        check_window(program, scratch, findings, platform="xcb", display=inputs.display)
    check_doctor(program, scratch, findings, bundled_exiftool=label == "tarball")
    check_keyring(program, scratch, findings)
    check_local_caption(program, inputs, scratch, findings)
    check_cloud_caption(program, inputs, scratch, findings)
    check_place_names(program, scratch, findings)
    shutil.rmtree(scratch, ignore_errors=True)
    return findings


def check_version(program: Sequence[str], version: str, scratch: Path, found: Findings) -> None:
    result = run_app(program, ["--version"], clean_env(scratch / "home-version"))
    expect(result.returncode == 0 and version in result.stdout, f"--version says {version}", result)
    found.note(f"--version: {result.stdout.strip()}")


def check_window(
    program: Sequence[str], scratch: Path, found: Findings, *, platform: str, display: str | None
) -> None:
    """Open the window on a folder (first start: the welcome screen shows), quit cleanly."""
    home = scratch / f"home-window-{platform}"
    images = make_images(scratch / f"window-{platform}")
    extra = {EXIT_AFTER_ENV: "500", "QT_QPA_PLATFORM": platform}
    if display is not None:
        extra["DISPLAY"] = display
    result = run_app(program, [str(images[0].parent)], clean_env(home, extra))
    expect(result.returncode == 0, f"the window ({platform}) exits with status 0", result)
    expect(SHOWN_LINE in result.stderr, f"the window ({platform}) was shown", result)
    expect("closing 'Welcome" in result.stderr, "the first-run screen was shown", result)
    settings = json.loads((home / "config" / "settings.json").read_text(encoding="utf-8"))
    expect(
        settings["gui"]["last_folder"] == str(images[0].parent.resolve()),
        "the window opened the folder it was given",
        result,
    )
    found.note(f"window ({platform}): shown, first-run screen, folder opened, exit status 0")


def check_doctor(
    program: Sequence[str], scratch: Path, found: Findings, *, bundled_exiftool: bool
) -> None:
    """doctor loads llama.cpp in a spawned worker: the frozen multiprocessing path; and
    names the ExifTool that writes embedded captions (the one the portable folder
    carries; the .deb's dependency)."""
    result = run_app(program, ["doctor"], clean_env(scratch / "home-doctor"))
    expect("llama-cpp-python " in result.stdout, "doctor loads llama.cpp in a worker", result)
    expect("GPU offload:" in result.stdout, "doctor reports GPU offload", result)
    backend = next((line for line in result.stdout.splitlines() if "CPU backend:" in line), "")
    expect(bool(backend), "doctor names the CPU backend the worker loaded", result)
    if "chosen at run time" not in backend and sys.platform != "darwin":
        expect(False, "the bundle's worker loads one of its CPU variants", result)
    exiftool = next(
        (line.strip() for line in result.stdout.splitlines() if "ExifTool 1" in line), ""
    )
    expect(bool(exiftool), "doctor names the ExifTool version", result)
    if bundled_exiftool:
        expect("(bundled:" in exiftool, "the portable folder runs the ExifTool it carries", result)
    found.note(f"doctor: {exiftool}")
    build = next(line for line in result.stdout.splitlines() if "build:" in line)
    found.note(f"doctor: {backend.strip()[:120]}; {build.strip()[:80]}")


def check_keyring(program: Sequence[str], scratch: Path, found: Findings) -> None:
    """keyring finds its backends through package metadata: with the system's own
    backend (only read from), the frozen app must answer, not crash."""
    env = clean_env(scratch / "home-key")
    del env["PYTHON_KEYRING_BACKEND"]
    result = run_app(program, ["key", "status", "cloud"], env)
    expect(result.returncode in (0, 1), "key status runs (keyring bundled)", result)
    expect("Traceback" not in result.stderr, "key status without a traceback", result)
    found.note("key status: keyring answers")


def _caption(
    program: Sequence[str], args: Sequence[str], env: Mapping[str, str], folder: Path, count: int
) -> list[dict[str, object]]:
    result = run_app(program, ["caption", "--json", *args, str(folder)], env)
    expect(result.returncode == 0, "caption exits with status 0", result)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    expect(len(lines) == count, f"caption reports {count} images", result)
    expect(all(line["status"] == "captioned" for line in lines), "every image captioned", result)
    return lines


def _check_txt_sidecars(lines: list[dict[str, object]]) -> None:
    for line in lines:
        sidecar = Path(str(line["path"])).with_suffix(".txt")
        expect(sidecar.is_file(), f"{sidecar.name} written", None)
        written = sidecar.read_bytes().decode("utf-8")  # exactly, no newline translation
        expect(written == line["caption"], f"{sidecar.name} holds the caption", None)


def check_local_caption(
    program: Sequence[str], inputs: Inputs, scratch: Path, found: Findings
) -> None:
    """The tiny random-weight model through the frozen app's llama.cpp worker."""
    folder = scratch / "local"
    images = make_images(folder)
    args = ["--backend", "local", "--model", str(inputs.model), "--mmproj", str(inputs.mmproj)]
    args += ["--write", "txt", "--threads", "1"]
    lines = _caption(program, args, clean_env(scratch / "home-local"), folder, len(images))
    _check_txt_sidecars(lines)
    found.note(f"local model: {len(lines)} images captioned, .txt sidecars on disk")


def check_cloud_caption(
    program: Sequence[str], inputs: Inputs, scratch: Path, found: Findings
) -> None:
    """The fake cloud API over real HTTP; captions embedded (ExifTool) and in sidecars."""
    folder = scratch / "cloud"
    images = make_images(folder)
    env = clean_env(
        scratch / "home-cloud",
        {"RUNWARE_API_URL": inputs.api_url, "RUNWARE_API_KEY": inputs.api_key},
    )
    args = ["--backend", "cloud", "--write", "txt,embedded"]
    lines = _caption(program, args, env, folder, len(images))
    _check_txt_sidecars(lines)
    for line in lines:
        expect("dominated by" in str(line["caption"]), "the caption came from the fake API", None)
    show = run_app(program, ["show", "--json", *map(str, images)], env)
    expect(show.returncode == 0, "show: every place agrees", show)
    exiftool = shutil.which("exiftool")
    if exiftool is not None:
        jpeg = images[0]
        read = subprocess.run(
            [exiftool, "-s3", "-XMP-dc:Description", str(jpeg)],
            capture_output=True,
            text=True,
            check=False,
        )
        caption = next(str(line["caption"]) for line in lines if line["path"] == str(jpeg))
        expect(read.stdout.strip() == caption, "exiftool reads the embedded caption", None)
    found.note(f"cloud API: {len(lines)} images captioned, embedded + .txt, read back")


def _photo_at(path: Path, latitude: float, longitude: float) -> Path:
    """A JPEG with a GPS position in its EXIF (Pillow writes it; no exiftool needed)."""

    def dms(value: float) -> tuple[float, float, float]:
        degrees, rest = divmod(abs(value) * 3600, 3600)
        minutes, seconds = divmod(rest, 60)
        return (degrees, minutes, round(seconds, 2))

    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N" if latitude >= 0 else "S", 2: dms(latitude)})
    gps.update({3: "E" if longitude >= 0 else "W", 4: dms(longitude)})
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (320, 240), (90, 120, 200)).save(path, exif=exif)
    return path


def check_place_names(program: Sequence[str], scratch: Path, found: Findings) -> None:
    """GPS to a place name, offline, from the GeoNames table the bundle carries."""
    photo = _photo_at(scratch / "places" / "zermatt.jpg", 46.0207, 7.7491)
    result = run_app(
        program,
        ["prompt", "--prompt", "A photo[ taken in {place}].", str(photo)],
        clean_env(scratch / "home-places"),
    )
    expected = "A photo taken in Zermatt, Valais, Switzerland."
    expect(expected in result.stdout, "the prompt names the place from GPS", result)
    found.note("place names: GPS position -> Zermatt, Valais, Switzerland (offline table)")

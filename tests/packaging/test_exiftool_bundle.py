"""ExifTool in the installers: the .deb's dependency, Image-ExifTool in the portable
folder (copied from this machine's package, run by its perl), the pinned Windows
build unpacked as the app expects it."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from installers import deb, exiftool_bundle
from installers.project import VARIANTS

requires_exiftool = pytest.mark.skipif(
    shutil.which("exiftool") is None or shutil.which("perl") is None,
    reason="needs exiftool and perl (apt-get install libimage-exiftool-perl)",
)


def test_the_deb_depends_on_the_systems_exiftool() -> None:
    assert exiftool_bundle.DEB_DEPENDS == "libimage-exiftool-perl (>= 12.15)"
    control = deb.control_file(
        VARIANTS["cpu"],
        version="0.1.0",
        architecture="amd64",
        depends=", ".join(("libc6 (>= 2.35)", exiftool_bundle.DEB_DEPENDS)),
        installed_kb=1,
    )
    assert "Depends: libc6 (>= 2.35), libimage-exiftool-perl (>= 12.15)\n" in control


@requires_exiftool
def test_the_portable_folder_carries_an_exiftool_its_perl_runs(tmp_path: Path) -> None:
    version = exiftool_bundle.add_perl_exiftool(tmp_path)
    folder = tmp_path / "exiftool"
    assert (folder / "lib" / "Image" / "ExifTool.pm").is_file()
    assert (folder / "lib" / "File" / "RandomAccess.pm").is_file()
    assert not list(folder.rglob("*.pod"))  # documentation left out
    assert "Perl" in (folder / "LICENSE.txt").read_text(encoding="utf-8")
    # it runs with its own library first on perl's path, not the system's
    loaded = subprocess.run(
        ["perl", str(folder / "exiftool"), "-ver"], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == version
    where = subprocess.run(
        [
            "perl",
            f"-I{folder / 'lib'}",
            "-MImage::ExifTool",
            "-e",
            'print $INC{"Image/ExifTool.pm"}',
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(folder / "lib"))


def test_the_windows_build_is_pinned_by_sha256() -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", exiftool_bundle.WINDOWS_SHA256)
    assert f"exiftool-{exiftool_bundle.WINDOWS_VERSION}_64.zip" == exiftool_bundle.WINDOWS_ARCHIVE
    assert all(exiftool_bundle.WINDOWS_ARCHIVE in url for url in exiftool_bundle.WINDOWS_URLS)
    assert all(url.startswith("https://") for url in exiftool_bundle.WINDOWS_URLS)


def test_the_windows_build_is_unpacked_as_the_app_expects(tmp_path: Path) -> None:
    """The archive's layout (exiftool-12.89_64/exiftool(-k).exe + exiftool_files)."""
    archive = tmp_path / exiftool_bundle.WINDOWS_ARCHIVE
    top = f"exiftool-{exiftool_bundle.WINDOWS_VERSION}_64"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(f"{top}/exiftool(-k).exe", b"MZ")
        zipped.writestr(f"{top}/exiftool_files/perl532.dll", b"dll")
        zipped.writestr(f"{top}/exiftool_files/lib/Image/ExifTool.pm", b"1;")
        zipped.writestr(f"{top}/exiftool_files/../../escape.txt", b"no")
    bundle = tmp_path / "bundle"
    exiftool_bundle.add_windows_exiftool(bundle, archive)
    folder = bundle / "exiftool"
    assert (folder / "exiftool.exe").read_bytes() == b"MZ"
    assert (folder / "exiftool_files" / "lib" / "Image" / "ExifTool.pm").is_file()
    assert not (tmp_path / "escape.txt").exists()
    assert not (folder / "exiftool(-k).exe").exists()


@requires_exiftool
def test_a_frozen_app_runs_the_exiftool_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The portable folder's layout, as the frozen app sees it: its own copy wins over
    the PATH, and writes (and checks) a caption."""
    from desktop_app.metadata.atomic import rewrite_file_with_tool
    from desktop_app.metadata.base import CaptionData
    from desktop_app.metadata.embed_job import EmbedJob
    from desktop_app.metadata.embedded_fields import read_embedded
    from desktop_app.metadata.exiftool_install import find_exiftool
    from desktop_app.metadata.exiftool_session import ExifToolSession
    from tests.images import write_jpeg

    version = exiftool_bundle.add_perl_exiftool(tmp_path / "bundle")
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys.executable", str(tmp_path / "bundle" / "folder-captioner"))
    monkeypatch.setenv("PATH", f"{tmp_path / 'empty'}:{Path(shutil.which('perl') or '').parent}")
    install = find_exiftool()
    assert install.origin == "bundled"
    assert install.version == version
    assert install.command[-1] == str(tmp_path / "bundle" / "exiftool" / "exiftool")
    image = write_jpeg(tmp_path / "IMG_0001.jpg", (96, 64))
    session = ExifToolSession(install)
    try:
        job = EmbedJob(CaptionData("Written by the bundled ExifTool"), session)
        rewrite_file_with_tool(image, job.write_copy, job.verify, temp_suffix=".part")
    finally:
        session.close()
    assert read_embedded(image).xmp == "Written by the bundled ExifTool"

"""The safe-write procedure itself: temp names, stray-file cleanup, permissions, mtime,
verification before the replace, and the files it refuses to touch."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop_app.core.scan import is_ignored_name
from desktop_app.metadata.atomic import (
    TEMP_PREFIX,
    FileStamp,
    is_temp_file,
    remove_stray_temp_files,
    rewrite_file_with_tool,
    temp_path_for,
    write_new_file,
)
from desktop_app.metadata.errors import ReadOnlyLocation, VerificationFailed, WriteError


def rewrite_file(target: Path, produce, verify) -> None:
    """The procedure as the embedded writer drives it, with a tool that writes a new
    copy (here: a function of the old bytes) instead of ExifTool."""

    def write_copy(original: Path, temp: Path) -> None:
        with open(temp, "xb") as copy:  # a new file, as ExifTool's -o makes it
            copy.write(produce(original.read_bytes()))

    rewrite_file_with_tool(target, write_copy, verify)


def test_temp_files_are_hidden_recognisable_and_ignored_by_scans(tmp_path: Path) -> None:
    temp = temp_path_for(tmp_path / "IMG_1.jpg")
    assert temp.parent == tmp_path
    assert is_temp_file(temp)
    assert is_ignored_name(temp.name)
    assert temp.name.endswith("IMG_1.jpg")


def test_stray_temp_files_are_removed_at_start(tmp_path: Path) -> None:
    (tmp_path / f"{TEMP_PREFIX}abcd-IMG_1.jpg").write_bytes(b"half")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / f"{TEMP_PREFIX}ef01-x.txt").write_bytes(b"half")
    (tmp_path / "IMG_1.jpg").write_bytes(b"keep")
    assert len(remove_stray_temp_files([tmp_path])) == 1
    assert len(remove_stray_temp_files([tmp_path], recursive=True)) == 1
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["IMG_1.jpg"]


def test_permissions_are_kept_and_mtime_kept_on_request(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    write_new_file(target, b"new", keep_mtime=True)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.stat().st_mtime_ns == 1_000_000_000
    write_new_file(target, b"newer")
    assert target.stat().st_mtime_ns > 1_000_000_000


def test_failed_verification_leaves_the_original(tmp_path: Path) -> None:
    target = tmp_path / "photo.bin"
    target.write_bytes(b"original")

    def verify(copy: Path, original: Path) -> None:
        raise VerificationFailed("The caption did not read back.", "Nothing was changed.")

    with pytest.raises(VerificationFailed):
        rewrite_file(target, lambda old: b"changed", verify)
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["photo.bin"]


def test_rewrite_goes_through_a_verified_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "photo.bin"
    target.write_bytes(b"original")
    seen: list[bytes] = []

    def verify(temp: Path, original: Path) -> None:
        assert is_temp_file(temp)
        assert temp.parent == original.parent
        seen.append(temp.read_bytes())  # re-read from disk, before the replace
        assert original.read_bytes() == b"original"

    rewrite_file(target, lambda data: data.upper(), verify)
    assert seen == [b"ORIGINAL"]
    assert target.read_bytes() == b"ORIGINAL"
    assert [p.name for p in tmp_path.iterdir()] == ["photo.bin"]


def test_failed_rewrite_verification_leaves_the_original(tmp_path: Path) -> None:
    target = tmp_path / "photo.bin"
    target.write_bytes(b"original")

    def verify(temp: Path, original: Path) -> None:
        raise VerificationFailed("The image data changed.", "Nothing was changed.")

    with pytest.raises(VerificationFailed):
        rewrite_file(target, lambda data: b"broken", verify)
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["photo.bin"]


def test_read_only_and_hard_linked_files_are_refused(tmp_path: Path) -> None:
    read_only = tmp_path / "locked.txt"
    read_only.write_bytes(b"keep")
    read_only.chmod(0o444)
    with pytest.raises(ReadOnlyLocation, match="read-only"):
        write_new_file(read_only, b"new")
    linked = tmp_path / "linked.bin"
    linked.write_bytes(b"keep")
    os.link(linked, tmp_path / "second-name.bin")
    with pytest.raises(WriteError, match="hard link"):
        rewrite_file(linked, lambda data: b"new", lambda temp, original: None)
    assert read_only.read_bytes() == linked.read_bytes() == b"keep"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can write another user's file")
def test_the_owner_is_kept_when_root_writes_a_users_file(tmp_path: Path) -> None:
    target = tmp_path / "users-photo.bin"
    target.write_bytes(b"original")
    os.chown(target, 65534, 65534)
    rewrite_file(target, lambda data: b"new", lambda temp, original: None)
    assert (target.stat().st_uid, target.stat().st_gid) == (65534, 65534)


def test_a_replaced_file_has_another_stamp_even_with_the_same_size_and_time(tmp_path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"same")
    before = FileStamp.of(target)
    other = tmp_path / "b.bin"
    other.write_bytes(b"same")
    os.utime(other, ns=(before.mtime_ns, before.mtime_ns))
    os.replace(other, target)
    assert FileStamp.of(target) != before

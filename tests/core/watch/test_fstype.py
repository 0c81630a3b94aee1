"""Choosing native events or polling from what a folder lives on."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.watch.fstype import (
    Mount,
    WatchMode,
    is_network_filesystem,
    mount_for,
    needs_polling,
    parse_macos_mount,
    parse_mountinfo,
    parse_proc_mounts,
    probe,
)

MOUNTINFO = """\
22 1 252:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
40 22 0:35 / /mnt/nas rw,relatime shared:20 - nfs4 nas:/export/photos rw,vers=4.2
41 22 0:36 / /mnt/smb\\040share rw,relatime shared:21 - cifs //nas/photos rw,vers=3.1.1
42 22 0:37 / /home/me/remote rw,nosuid,nodev shared:22 - fuse.sshfs me@box:/pics rw
43 41 0:38 / /mnt/smb\\040share/local-overlay rw shared:23 - tmpfs tmpfs rw
"""

MACOS = """\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)
//me@nas._smb._tcp.local/photos on /Volumes/photos (smbfs, nodev, nosuid, mounted by me)
/dev/disk5s1 on /Volumes/Card (msdos, local, nodev, nosuid, noowners)
"""


def test_mountinfo_gives_the_filesystem_of_the_longest_mount_point() -> None:
    mounts = parse_mountinfo(MOUNTINFO)
    assert mount_for(Path("/home/me/Pictures"), mounts) == Mount(Path("/"), "ext4")
    assert mount_for(Path("/mnt/nas/2025/a.jpg"), mounts).fstype == "nfs4"
    assert mount_for(Path("/mnt/smb share/x"), mounts).fstype == "cifs"
    assert mount_for(Path("/mnt/smb share/local-overlay/y"), mounts).fstype == "tmpfs"
    assert mount_for(Path("/home/me/remote/z"), mounts).fstype == "fuse.sshfs"
    assert mount_for(Path("/mnt/nasty"), mounts).fstype == "ext4"  # not a prefix match


def test_proc_mounts_format() -> None:
    mounts = parse_proc_mounts("/dev/vda / ext4 rw 0 0\nnas:/p /mnt/p nfs rw,vers=3 0 0\n")
    assert mount_for(Path("/mnt/p/q"), mounts).fstype == "nfs"


def test_macos_mount_output_and_its_local_flag() -> None:
    mounts = parse_macos_mount(MACOS)
    photos = mount_for(Path("/Volumes/photos/2025"), mounts)
    assert (photos.fstype, photos.local) == ("smbfs", False)
    card = mount_for(Path("/Volumes/Card/DCIM"), mounts)
    assert (card.fstype, card.local) == ("msdos", True)


@pytest.mark.parametrize(
    ("fstype", "network"),
    [
        ("nfs4", True),
        ("cifs", True),
        ("smb3", True),
        ("fuse.sshfs", True),
        ("9p", True),
        ("virtiofs", True),
        ("ext4", False),
        ("btrfs", False),
        ("fuseblk", False),
        ("tmpfs", False),
    ],
)
def test_network_filesystems(fstype: str, network: bool) -> None:
    assert is_network_filesystem(fstype) is network


def test_the_setting_wins_and_auto_uses_native_events_on_a_local_disk(tmp_path: Path) -> None:
    assert needs_polling(tmp_path, WatchMode.POLLING)[0] is True
    assert needs_polling(tmp_path, WatchMode.NATIVE)[0] is False
    found = probe(tmp_path)
    assert found.network is False
    assert found.fstype  # this machine says what /tmp is
    polling, how = needs_polling(tmp_path, WatchMode.AUTO)
    assert polling is False
    assert str(how) == f"native events on {found.fstype} (local)"

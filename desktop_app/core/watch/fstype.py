"""Which watcher a folder needs: native events, or polling for network filesystems.

Native events (inotify, FSEvents, ReadDirectoryChangesW) only report changes made
through this machine's kernel. On a NAS share (NFS, SMB/CIFS), an sshfs mount or a
virtual machine's shared folder (9p, virtiofs, vboxsf), another machine writes and no
event ever arrives, so those folders are polled instead. How each system says what a
folder lives on:

- Linux: the filesystem type of the mount holding the folder, from
  ``/proc/self/mountinfo`` (longest matching mount point), as ``statfs(2)`` would say.
- macOS: ``statfs(2)`` gives ``f_fstypename`` and the ``MNT_LOCAL`` flag; ``mount``
  prints both (``(smbfs, nodev, ...)`` vs ``(apfs, local, ...)``), which is read here.
- Windows: ``GetDriveTypeW`` says ``DRIVE_REMOTE`` for a mapped network drive, and a
  UNC path (``\\\\server\\share``) is remote by its form; ``GetVolumeInformationW``
  would give the filesystem name.
- Elsewhere the folder is taken as local; the ``polling`` setting overrides.
"""

from __future__ import annotations

import enum
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop_app.i18n import Text, lazy_gettext

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afpfs", "webdav", "davfs",
        "9p", "virtiofs", "vboxsf", "vmhgfs", "drvfs", "afs", "coda", "ncpfs",
        "ceph", "glusterfs", "lustre", "gpfs", "beegfs", "sshfs",
        "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.davfs2", "fuse.glusterfs",
        "fuse.cephfs", "fuse.vmhgfs-fuse", "fuse.gvfsd-fuse", "fuse.juicefs",
    }
)  # fmt: skip
DRIVE_REMOTE = 4  # GetDriveTypeW


class WatchMode(enum.Enum):
    AUTO = "auto"  # native events, polling where the filesystem is known not to send them
    NATIVE = "native"
    POLLING = "polling"


@dataclass(frozen=True)
class Mount:
    point: Path
    fstype: str
    local: bool = True


@dataclass(frozen=True)
class Probe:
    """What a folder lives on, as far as this system says."""

    fstype: str | None
    network: bool

    def describe(self) -> Text:
        if self.fstype and self.network:
            return lazy_gettext("{fstype} (network)", fstype=self.fstype)
        if self.fstype:
            return lazy_gettext("{fstype} (local)", fstype=self.fstype)
        return lazy_gettext("network") if self.network else lazy_gettext("local")


def is_network_filesystem(fstype: str) -> bool:
    name = fstype.lower()
    return name in NETWORK_FILESYSTEMS or name.startswith(("nfs", "smb", "fuse.sshfs"))


def _unescape(field: str) -> str:
    """/proc escapes spaces, tabs, newlines and backslashes as octal (\\040)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def parse_mountinfo(text: str) -> list[Mount]:
    """``/proc/self/mountinfo``: mount point is field 5, the type follows the ``-``."""
    mounts = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if sep and len(fields) >= 5 and tail:
            mounts.append(Mount(Path(_unescape(fields[4])), tail[0]))
    return mounts


def parse_proc_mounts(text: str) -> list[Mount]:
    """``/proc/mounts``: ``device mount-point type options dump pass``."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append(Mount(Path(_unescape(fields[1])), fields[2]))
    return mounts


def parse_macos_mount(text: str) -> list[Mount]:
    """``mount`` on macOS: ``//me@nas/photos on /Volumes/photos (smbfs, nodev, ...)``."""
    mounts = []
    for line in text.splitlines():
        head, sep, options = line.rpartition(" (")
        _device, on, point = head.partition(" on ")
        if not (sep and on):
            continue
        flags = [flag.strip() for flag in options.rstrip(")").split(",")]
        mounts.append(Mount(Path(point), flags[0], local="local" in flags[1:]))
    return mounts


def mount_for(path: Path, mounts: list[Mount]) -> Mount | None:
    """The mount holding ``path``: the longest mount point that contains it (the last
    one listed wins when mounts are stacked on the same point)."""
    best: Mount | None = None
    for mount in mounts:
        contains = path == mount.point or mount.point in path.parents
        if contains and (best is None or len(mount.point.parts) >= len(best.point.parts)):
            best = mount
    return best


def probe(folder: Path) -> Probe:
    """What ``folder`` lives on; a local disk when the system cannot tell."""
    path = Path(os.path.realpath(folder))
    system: str = sys.platform  # a plain str: every branch is checked on every platform
    try:
        if system.startswith("linux"):
            return _probe_linux(path)
        if system == "darwin":
            return _probe_macos(path)
        if system == "win32":
            return _probe_windows(path)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return Probe(None, False)


def _probe_linux(path: Path) -> Probe:
    try:
        mounts = parse_mountinfo(Path("/proc/self/mountinfo").read_text(encoding="utf-8"))
    except OSError:
        mounts = parse_proc_mounts(Path("/proc/mounts").read_text(encoding="utf-8"))
    mount = mount_for(path, mounts)
    if mount is None:
        return Probe(None, False)
    return Probe(mount.fstype, is_network_filesystem(mount.fstype))


def _probe_macos(path: Path) -> Probe:
    out = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=10, check=True)
    mount = mount_for(path, parse_macos_mount(out.stdout))
    if mount is None:
        return Probe(None, False)
    return Probe(mount.fstype, not mount.local or is_network_filesystem(mount.fstype))


def _probe_windows(path: Path) -> Probe:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return Probe("unc", True)
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    drive_type = int(kernel32.GetDriveTypeW(ctypes.c_wchar_p(path.anchor)))
    return Probe("remote" if drive_type == DRIVE_REMOTE else None, drive_type == DRIVE_REMOTE)


def needs_polling(folder: Path, mode: WatchMode) -> tuple[bool, Text]:
    """Whether to poll ``folder`` and why, in words for a status line."""
    if mode is WatchMode.POLLING:
        return True, lazy_gettext("polling (set in the settings)")
    if mode is WatchMode.NATIVE:
        return False, lazy_gettext("native events (set in the settings)")
    found = probe(folder)
    if found.network:
        return True, lazy_gettext(
            "polling: {filesystem} filesystems send no change events", filesystem=found.describe()
        )
    return False, lazy_gettext("native events on {filesystem}", filesystem=found.describe())

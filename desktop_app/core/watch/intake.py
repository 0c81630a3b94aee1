"""From what the watcher sees to the index and the job queue.

Every notice (a file changed, deleted, moved; a folder appeared or went), every
settled file and every scan lands here, on the watch service's one intake thread, so
the decisions are made in order and the settler needs no locks. The rules:

- A settled file the index does not know is first checked against indexed images of
  the same size whose file is gone: the same content hash means it moved (from another
  watched folder, or while nobody watched), and its history moves with it. Otherwise
  it is indexed and queued.
- A known file whose size or time changed is queued again (the pipeline still skips
  it when it has a caption and overwriting is off).
- An unchanged known file is queued only if it never got a caption and nobody
  cancelled it (an interrupted ``caption`` run, say); nothing is captioned twice.
- A deleted file's pending job is dropped; its record goes too unless it has a caption
  history (kept, so a later move is recognised).
- Scans are stat-only: the tree is listed and compared with the index; a folder that
  could not be listed never counts as emptied.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from desktop_app.core.hashing import content_hash
from desktop_app.core.jobqueue import BACKLOG_PRIORITY, IndexedImage, JobQueue
from desktop_app.core.library import ImageState
from desktop_app.core.scan import ImageFile, image_file, iter_folder
from desktop_app.core.watch.events import (
    ImageDetected,
    ImageMoved,
    ImageQueued,
    JobDropped,
    ScanFinished,
    WatchEvent,
)
from desktop_app.core.watch.observers import (
    Changed,
    Deleted,
    FolderAppeared,
    FolderGone,
    Moved,
    Notice,
    in_hidden_folder,
)
from desktop_app.core.watch.roots import Roots
from desktop_app.core.watch.settle import Settler, is_candidate

log = logging.getLogger(__name__)
Emit = Callable[[WatchEvent], None]
InHand = Callable[[], frozenset[int]]


class Intake:
    def __init__(
        self, jobs: JobQueue, settler: Settler, roots: Roots, emit: Emit, in_hand: InHand
    ) -> None:
        self.jobs = jobs
        self.settler = settler
        self.roots = roots
        self._emit = emit
        self._in_hand = in_hand
        self.notices: queue.SimpleQueue[Notice] = queue.SimpleQueue()

    # -- notices and settling ------------------------------------------------------------
    def tick(self) -> tuple[int, int]:
        """Apply the notices that arrived, then take the files that settled.
        Returns (images queued, files still settling)."""
        while True:
            try:
                notice = self.notices.get_nowait()
            except queue.Empty:
                break
            self._apply(notice)
        queued = self.take(self.settler.check())
        return queued, len(self.settler)

    def _apply(self, notice: Notice) -> None:
        if isinstance(notice, Changed):
            self._detect(notice.path)
        elif isinstance(notice, Deleted):
            self.deleted([notice.path])
        elif isinstance(notice, Moved):
            self._moved(notice.old, notice.new)
        elif isinstance(notice, FolderAppeared):
            for image in iter_folder(notice.path, recursive=True):
                self._detect(image.path)
        elif isinstance(notice, FolderGone):
            self._folder_gone(notice.path)

    def _watched(self, path: Path) -> bool:
        root = self.roots.root_of(path)
        return root is not None and is_candidate(path) and not in_hidden_folder(path, root)

    def _detect(self, path: Path) -> None:
        if self._watched(path) and self.settler.touch(path):
            self._emit(ImageDetected(path))

    def _moved(self, old: Path, new: Path) -> None:
        self.settler.forget(old)
        if not self._watched(new):  # renamed to a temporary name, or moved out
            self.deleted([old])
            return
        record = self.jobs.indexed([old]).get(old)
        if record is not None and _same_file(new, record):
            if self.jobs.library.move_image(old, new):
                self._emit(ImageMoved(old, new))
        elif record is not None:
            # Not the same file: a polling observer pairs a deleted file with a new one
            # that reused its inode. The new file is judged on its own (by hash).
            self.deleted([old])
        self._detect(new)  # a .part renamed to .jpg, an untracked file, or a checkup

    def deleted(self, paths: Iterable[Path]) -> None:
        gone = [path for path in paths if not path.exists()]
        for path in gone:
            self.settler.forget(path)
        if not gone:
            return
        dropped = self.jobs.drop(gone, exclude=self._in_hand())
        for path in dropped.jobs:
            self._emit(JobDropped(path, "deleted"))

    def _folder_gone(self, folder: Path) -> None:
        self.settler.forget_under(folder)
        root = self.roots.root_of(folder)
        if folder.exists() or root is None or not root.is_dir():
            return  # back already, or the watched folder itself went: its jobs wait
        self.deleted(self.jobs.indexed_under(folder))

    # -- decisions on settled files ------------------------------------------------------
    def take(self, files: Sequence[ImageFile], *, priority: int = BACKLOG_PRIORITY) -> int:
        """Decide for each settled file; returns how many were queued."""
        if not files:
            return 0
        known = self.jobs.indexed(f.path for f in files)
        known.update(self._recognise_moves([f for f in files if f.path not in known]))
        changed: list[ImageFile] = []
        unchanged: list[IndexedImage] = []
        for file in files:
            record = known.get(file.path)
            if record is None or not record.same_file(file.size, file.mtime_ns):
                changed.append(file)
            elif record.wants_caption or priority > BACKLOG_PRIORITY:
                unchanged.append(record)
        self.jobs.add(changed, priority=priority)
        self.jobs.enqueue((r.id for r in unchanged), priority=priority)
        for path in [f.path for f in changed] + [r.path for r in unchanged]:
            self._emit(ImageQueued(path, priority))
        return len(changed) + len(unchanged)

    def _recognise_moves(self, unknown: Sequence[ImageFile]) -> dict[Path, IndexedImage]:
        """Unknown files that are indexed images whose old path is gone (same size and
        content hash): move their records, history and all."""
        if not unknown:
            return {}
        lost: dict[int, list[IndexedImage]] = {}
        for record in self.jobs.with_sizes({f.size for f in unknown}):
            if record.state is not ImageState.CAPTIONING and not record.path.exists():
                lost.setdefault(record.size, []).append(record)
        moved: dict[Path, IndexedImage] = {}
        for file in unknown:
            candidates = lost.get(file.size)
            if not candidates:
                continue
            try:
                digest = content_hash(file.path)
            except OSError:
                continue
            match = next((r for r in candidates if r.content_hash == digest), None)
            if match is not None and self.jobs.library.move_image(match.path, file.path):
                candidates.remove(match)
                moved[file.path] = dataclasses.replace(match, path=file.path)
                self._emit(ImageMoved(match.path, file.path))
        return moved

    def enqueue_paths(self, paths: Iterable[Path], priority: int) -> int:
        """Images a user picked: queued now, at ``priority``, wherever they are."""
        files = []
        for path in paths:
            try:
                found = image_file(Path(path))
            except OSError:
                continue
            if found is not None:
                self.settler.forget(found.path)
                files.append(found)
        return self.take(files, priority=priority)

    # -- scans -----------------------------------------------------------------------------
    def scan(self, root: Path) -> int:
        """Compare ``root`` with the index (stat only); returns how many were queued."""
        started = time.monotonic()
        errors: list[tuple[Path, str]] = []
        on_disk = {image.path: image for image in iter_folder(root, recursive=True, errors=errors)}
        if any(folder == root for folder, _ in errors) or not root.is_dir():
            return 0  # the folder itself is unreadable or gone: nothing to compare
        unreadable = [folder for folder, _ in errors]
        indexed = self.jobs.indexed_under(root)
        changed = 0
        wanting: list[IndexedImage] = []
        for path, image in on_disk.items():
            record = indexed.get(path)
            if record is None or not record.same_file(image.size, image.mtime_ns):
                changed += 1
                self._detect(path)
            elif record.wants_caption:
                wanting.append(record)
        self.jobs.enqueue((r.id for r in wanting), priority=BACKLOG_PRIORITY)
        for record in wanting:
            self._emit(ImageQueued(record.path, BACKLOG_PRIORITY))
        missing = [
            path
            for path in indexed
            if path not in on_disk and not any(bad in path.parents for bad in unreadable)
        ]
        self.deleted(missing)
        elapsed = time.monotonic() - started
        self._emit(ScanFinished(root, len(on_disk), changed, len(wanting), elapsed))
        return len(wanting)


def _same_file(path: Path, record: IndexedImage) -> bool:
    """A rename keeps size and modification time; anything else is another file."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return record.same_file(stat.st_size, stat.st_mtime_ns)

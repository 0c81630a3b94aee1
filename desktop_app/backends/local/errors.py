"""What can go wrong with a local model, each with what to do about it."""

from __future__ import annotations

from desktop_app.backends.errors import BackendError
from desktop_app.i18n import Text


class LocalModelError(BackendError):
    """A model file or pair that cannot be used; every image would fail the same way."""

    code = "local-model"
    stops_run = True


class ModelFileMissing(LocalModelError):
    code = "model-file-missing"


class NotGgufFile(LocalModelError):
    code = "not-gguf"


class GgufDamaged(LocalModelError):
    """Truncated (an interrupted download or copy) or otherwise unreadable."""

    code = "gguf-damaged"


class WrongModelKind(LocalModelError):
    """A projector where a model belongs (or the reverse), or an unsupported model."""

    code = "wrong-model-kind"


class ProjectorMissing(LocalModelError):
    code = "mmproj-missing"


class ProjectorMismatch(LocalModelError):
    code = "mmproj-mismatch"


class ModelNotDownloaded(LocalModelError):
    code = "model-not-downloaded"


class ModelLoadFailed(LocalModelError):
    code = "model-load-failed"


class WorkerCrashed(BackendError):
    """The worker process died while captioning; the next image gets a fresh one.

    A crash that repeats on the next image, or that comes from the CPU itself (an
    illegal instruction), concerns every image: the instance then stops the run.
    """

    code = "worker-crashed"

    def __init__(
        self,
        message: str | Text,
        hint: str | Text = "",
        *,
        detail: str = "",
        stops_run: bool = False,
    ) -> None:
        super().__init__(message, hint, detail=detail)
        self.stops_run = stops_run


class InferenceFailed(BackendError):
    """llama.cpp refused this one request (an image it could not decode, a full context)."""

    code = "inference-failed"


class DownloadError(BackendError):
    code = "download-failed"
    transient = True


class DownloadCorrupt(DownloadError):
    code = "download-corrupt"


class DownloadCancelled(DownloadError):
    code = "download-cancelled"
    transient = False


class OfflineMode(DownloadError):
    code = "offline"
    transient = False

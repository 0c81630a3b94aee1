"""The model manager against a fake hub over real HTTP (tests/fakes/hf_hub.py)."""

from __future__ import annotations

import hashlib
import os
import threading

import pytest

from desktop_app.backends.local.catalog import CATALOG, CatalogEntry, CatalogFile, find_entry
from desktop_app.backends.local.errors import (
    DownloadCancelled,
    DownloadCorrupt,
    DownloadError,
    ModelNotDownloaded,
    OfflineMode,
)
from desktop_app.backends.local.hf_cache import hub_cache_dir
from desktop_app.backends.local.manager import ModelManager
from tests.fakes.hf_hub import FakeHub

REVISION = "0123456789abcdef0123456789abcdef01234567"
OTHER_REVISION = "fedcba9876543210fedcba9876543210fedcba98"
REPO = "test-org/Tiny-VL-GGUF"


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """huggingface_hub writes 10 MB chunks; test files are 300 KB, so write 16 KB ones
    (otherwise a transfer cut short would have written nothing to resume from)."""
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 16 * 1024)


def make_entry(
    model: bytes, mmproj: bytes, revision: str = REVISION, f16: bytes | None = None
) -> CatalogEntry:
    """A catalog entry; with ``f16``, its projector in two types as the real catalog's
    (Q8_0 the default, ``mmproj`` then being that one)."""
    if f16 is None:
        projector = CatalogFile("mmproj-Tiny-VL-f16.gguf", len(mmproj), sha(mmproj))
        others: tuple[CatalogFile, ...] = ()
    else:
        projector = CatalogFile("mmproj-Tiny-VL-Q8_0.gguf", len(mmproj), sha(mmproj), "q8_0")
        others = (CatalogFile("mmproj-Tiny-VL-f16.gguf", len(f16), sha(f16), "f16"),)
    return CatalogEntry(
        model_id="tiny-vl",
        title="Tiny VL",
        repo_id=REPO,
        revision=revision,
        model=CatalogFile("Tiny-VL-Q4_K_M.gguf", len(model), sha(model)),
        mmproj=projector,
        aliases=("tiny",),
        alt_projectors=others,
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def hub():
    model, mmproj = os.urandom(300_000), os.urandom(120_000)
    with FakeHub() as fake:
        fake.add(REPO, REVISION, "Tiny-VL-Q4_K_M.gguf", model)
        fake.add(REPO, REVISION, "mmproj-Tiny-VL-f16.gguf", mmproj)
        fake.entry = make_entry(model, mmproj)  # type: ignore[attr-defined]
        yield fake


def manager(hub: FakeHub, **kwargs) -> ModelManager:
    return ModelManager(endpoint=hub.url, catalog=(hub.entry,), **kwargs)  # type: ignore[attr-defined]


def test_download_into_the_hugging_face_cache_with_progress(hub) -> None:
    events: list = []
    model, mmproj = manager(hub).download("tiny", progress=events.append)
    cache = hub_cache_dir()
    assert str(cache).startswith(os.environ["HF_HOME"])  # the isolated test cache
    snapshot = cache / "models--test-org--Tiny-VL-GGUF" / "snapshots" / REVISION
    assert model == snapshot / "Tiny-VL-Q4_K_M.gguf"
    assert model.is_symlink()  # into blobs/, like every Hugging Face tool
    assert model.resolve().name == hub.entry.model.sha256
    assert model.read_bytes() == hub.files[0].data
    assert mmproj.read_bytes() == hub.files[1].data
    phases = [(e.filename, e.phase) for e in events]
    assert ("Tiny-VL-Q4_K_M.gguf", "download") in phases
    assert ("Tiny-VL-Q4_K_M.gguf", "verify") in phases
    assert phases[-1] == ("mmproj-Tiny-VL-f16.gguf", "done")
    downloads = [e.done for e in events if e.phase == "download" and e.filename == model.name]
    assert downloads == sorted(downloads)
    assert downloads[-1] == hub.entry.model.size
    # the requests huggingface_hub makes: HEAD on resolve/, then GET on the CDN URL
    methods = [(r.method, r.path.split("/")[1]) for r in hub.requests]
    assert methods[:3] == [("HEAD", "test-org"), ("GET", "cdn")] or methods[0] == (
        "HEAD",
        "test-org",
    )
    assert manager(hub).state("tiny-vl").downloaded


def test_files_already_in_the_cache_are_reused_without_the_network(hub) -> None:
    manager(hub).download("tiny")
    gets_before = len([r for r in hub.requests if r.method == "GET"])
    events: list = []
    manager(hub).download("tiny", progress=events.append)
    assert {e.phase for e in events} == {"reused"}
    assert len([r for r in hub.requests if r.method == "GET"]) == gets_before
    # resolving (what captioning does) never asks the hub anything
    requests_before = len(hub.requests)
    assert manager(hub).resolve("tiny")[0].exists()
    assert len(hub.requests) == requests_before


def test_a_blob_from_another_revision_is_reused_offline(hub, monkeypatch) -> None:
    """A user who downloaded the same file with another tool, at another commit."""
    other = make_entry(hub.files[0].data, hub.files[1].data, OTHER_REVISION)
    for hub_file in list(hub.files):
        hub.add(REPO, OTHER_REVISION, hub_file.filename, hub_file.data)
    ModelManager(endpoint=hub.url, catalog=(other,)).download("tiny")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    requests_before = len(hub.requests)
    model, _ = manager(hub).download("tiny")  # pinned REVISION, nothing downloaded
    assert len(hub.requests) == requests_before
    assert REVISION in str(model)
    assert model.read_bytes() == hub.files[0].data


def test_an_interrupted_transfer_resumes_where_it_stopped(hub) -> None:
    size = hub.entry.model.size
    hub.cut_after["Tiny-VL-Q4_K_M.gguf"] = 200_000  # the connection drops mid-file...
    hub.refuse_after_cut = 1  # ...and the hub is away when huggingface_hub retries at once
    with pytest.raises(DownloadError) as caught:
        manager(hub).download("tiny")
    assert "kept" in caught.value.user_message()
    assert caught.value.transient
    state = manager(hub).state("tiny")
    assert not state.downloaded
    kept = state.files[0].partial
    assert 150_000 <= kept <= 200_000
    # the next download (a new run of the app) continues with an HTTP Range request
    model, _ = manager(hub).download("tiny")
    ranged = [r.range for r in hub.gets("Tiny-VL-Q4_K_M.gguf") if r.range]
    assert set(ranged) == {f"bytes={kept}-"}  # huggingface_hub's own retry, then ours
    assert model.read_bytes() == hub.files[0].data
    assert hub.bytes_sent["Tiny-VL-Q4_K_M.gguf"] < size + 200_000 - kept + 1
    assert manager(hub).state("tiny").files[0].partial == 0


def test_a_dropped_connection_is_resumed_within_one_download(hub) -> None:
    hub.cut_after["Tiny-VL-Q4_K_M.gguf"] = 100_000
    model, _ = manager(hub).download("tiny")
    assert model.read_bytes() == hub.files[0].data
    assert [r.range for r in hub.gets("Tiny-VL-Q4_K_M.gguf")][1].startswith("bytes=")


def test_a_corrupt_transfer_is_rejected_and_deleted(hub) -> None:
    hub.corrupt.add("Tiny-VL-Q4_K_M.gguf")
    with pytest.raises(DownloadCorrupt) as caught:
        manager(hub).download("tiny")
    assert "SHA-256 does not match" in caught.value.user_message()
    state = manager(hub).state("tiny")
    assert state.files[0].path is None
    assert state.files[0].partial == 0  # deleted, not resumed from
    blobs = hub_cache_dir() / "models--test-org--Tiny-VL-GGUF" / "blobs"
    assert not list(blobs.glob(hub.entry.model.sha256 + "*"))
    hub.corrupt.clear()
    model, _ = manager(hub).download("tiny")  # a clean retry works
    assert model.read_bytes() == hub.files[0].data


def test_the_hub_describing_another_file_is_refused(hub) -> None:
    wrong = make_entry(b"something else", hub.files[1].data)
    with pytest.raises(DownloadCorrupt, match="differently than the catalog expects"):
        ModelManager(endpoint=hub.url, catalog=(wrong,)).download("tiny")
    assert not [r for r in hub.requests if r.method == "GET"]


def test_offline_mode_and_missing_models(hub, monkeypatch) -> None:
    with pytest.raises(ModelNotDownloaded, match="models download tiny-vl"):
        manager(hub).resolve("tiny")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(OfflineMode, match="HF_HUB_OFFLINE"):
        manager(hub).download("tiny")
    assert not hub.requests


def test_a_missing_file_on_the_hub_is_a_clear_failure(hub) -> None:
    hub.files.pop(1)
    with pytest.raises(DownloadError, match="does not have this file"):
        manager(hub).download("tiny")


def test_cancel_keeps_the_partial_file_for_later(hub) -> None:
    cancel = threading.Event()

    def progress(event) -> None:
        if event.phase == "download" and event.done >= 64 * 1024:
            cancel.set()

    with pytest.raises(DownloadCancelled):
        manager(hub).download("tiny", progress=progress, cancel=cancel)
    kept = manager(hub).state("tiny").files[0].partial
    assert 0 < kept < hub.entry.model.size
    model, _ = manager(hub).download("tiny")
    assert model.read_bytes() == hub.files[0].data


def test_remove_frees_the_files(hub) -> None:
    manager(hub).download("tiny")
    freed = manager(hub).remove("tiny")
    assert freed == hub.entry.size
    assert not manager(hub).state("tiny").downloaded
    assert not list((hub_cache_dir() / "models--test-org--Tiny-VL-GGUF" / "blobs").iterdir())


def test_the_catalog_pins_revisions_and_sizes() -> None:
    for entry in CATALOG:
        assert len(entry.revision) == 40
        assert entry.repo_id.startswith("ggml-org/Qwen2.5-VL-")
        assert entry.model.filename.endswith("Q4_K_M.gguf")
        assert entry.mmproj.filename.startswith("mmproj-")
        # the default projector is ggml-org's Q8_0 one; F16 stays on offer
        assert entry.mmproj.filename.endswith("Q8_0.gguf")
        assert entry.mmproj.precision == "q8_0"
        assert [p.precision for p in entry.alt_projectors] == ["f16"]
        assert entry.projector("f16").filename.endswith("f16.gguf")
        assert entry.mmproj.size < entry.projector("f16").size
        assert all(len(f.sha256) == 64 for f in entry.files)
        assert len({f.sha256 for f in entry.files}) == len(entry.files)
    assert find_entry("3b").model.size == 1_929_901_056
    assert find_entry("3b").mmproj.size == 844_757_728
    assert find_entry("7B").model_id == "qwen2.5-vl-7b"


@pytest.fixture
def two_projector_hub():
    """A model published with a Q8_0 projector (the default) and an F16 one."""
    model, q8, f16 = os.urandom(200_000), os.urandom(60_000), os.urandom(100_000)
    with FakeHub() as fake:
        fake.add(REPO, REVISION, "Tiny-VL-Q4_K_M.gguf", model)
        fake.add(REPO, REVISION, "mmproj-Tiny-VL-Q8_0.gguf", q8)
        fake.add(REPO, REVISION, "mmproj-Tiny-VL-f16.gguf", f16)
        fake.entry = make_entry(model, q8, f16=f16)  # type: ignore[attr-defined]
        yield fake


def test_the_default_download_takes_the_q8_0_projector(two_projector_hub) -> None:
    hub = two_projector_hub
    model, mmproj = manager(hub).download("tiny")
    assert mmproj.name == "mmproj-Tiny-VL-Q8_0.gguf"
    assert mmproj.read_bytes() == hub.files[1].data
    assert not hub.gets("mmproj-Tiny-VL-f16.gguf")  # F16 not fetched
    state = manager(hub).state("tiny")
    assert state.downloaded
    assert state.projector.file.precision == "q8_0"
    assert [p.path is not None for p in state.projectors] == [True, False]
    assert manager(hub).resolve("tiny", "q8_0") == (model, mmproj)
    # asking for F16 explicitly: not here yet, so not downloaded
    assert not manager(hub).state("tiny", "f16").downloaded


def test_f16_on_request_and_auto_keeps_using_what_is_here(two_projector_hub) -> None:
    hub = two_projector_hub
    _, mmproj = manager(hub).download("tiny", projector="f16")
    assert mmproj.name == "mmproj-Tiny-VL-f16.gguf"
    assert not hub.gets("mmproj-Tiny-VL-Q8_0.gguf")
    # someone who downloaded the F16 pair before keeps captioning offline with it
    assert manager(hub).resolve("tiny")[1].name == "mmproj-Tiny-VL-f16.gguf"
    # once the Q8_0 one is here too, auto prefers it
    manager(hub).download("tiny", projector="q8_0")
    assert manager(hub).resolve("tiny")[1].name == "mmproj-Tiny-VL-Q8_0.gguf"
    assert manager(hub).resolve("tiny", "f16")[1].name == "mmproj-Tiny-VL-f16.gguf"
    # removing the model removes every projector of it
    freed = manager(hub).remove("tiny")
    assert freed == sum(f.size for f in hub.entry.files)
    assert not any(p.path for p in manager(hub).state("tiny").projectors)

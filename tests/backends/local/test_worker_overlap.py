"""The worker is never left waiting: the next request is in its pipe before it answers.

Orderings only, never durations: which message went first, what the worker's own
trace says, which request a crash took down.
"""

from __future__ import annotations

import asyncio
import os
import signal

from desktop_app.backends.base import CaptionFailure, CaptionResult
from desktop_app.backends.local.errors import WorkerCrashed
from desktop_app.core.imaging import PIXEL_LEVELS
from desktop_app.core.library import Library
from desktop_app.core.pipeline import CaptionPipeline, PromptChoice, RunOptions
from desktop_app.core.scan import scan_paths
from desktop_app.metadata.registry import writer_set
from tests.backends.local.helpers import jpeg, local, request
from tests.images import photo_folder

LONG = 3000  # greedy decoding of the random model repeats itself: many seconds


def test_the_next_request_goes_to_the_worker_before_the_previous_answer(tiny_models) -> None:
    pair = tiny_models["q8_0_projector"]

    async def go():
        captioner = local(pair.model, pair.mmproj)
        try:
            outcomes = await asyncio.gather(
                captioner.caption_batch([request("first", jpeg(seed=1))]),
                captioner.caption_batch([request("second", jpeg(seed=2))]),
            )
        finally:
            await captioner.aclose()
        return [o for batch in outcomes for o in batch], captioner

    outcomes, captioner = asyncio.run(go())
    assert all(isinstance(o, CaptionResult) for o in outcomes), outcomes
    # the second request was handed to the worker before the first answer came back
    assert captioner.events == [
        ("sent", "first"),
        ("sent", "second"),
        ("answered", "first"),
        ("answered", "second"),
    ]
    # each answer carries the worker's own trace, and the captions record its wait
    assert [request_id for request_id, _trace in captioner.traces] == ["first", "second"]
    first, second = (trace for _id, trace in captioner.traces)
    assert first.received <= first.finished <= second.received <= second.finished
    assert isinstance(second.next_queued, bool)
    assert all("worker_wait_s" in o.timings for o in outcomes)


def test_a_request_queued_behind_a_crash_is_captioned_by_a_fresh_worker(tiny_models) -> None:
    pair = tiny_models["q4_k_m"]

    async def go():
        captioner = local(pair.model, pair.mmproj, max_tokens=LONG)
        try:
            await captioner.check()
            pid = captioner.worker_pid
            running = asyncio.ensure_future(
                captioner.caption_batch([request("running", max_tokens=LONG)])
            )
            queued = asyncio.ensure_future(captioner.caption_batch([request("queued")]))
            worker = captioner._worker
            assert worker is not None
            while worker.in_flight < 2:  # both handed over; the first one is running
                await asyncio.sleep(0.01)
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            [crashed], [after] = await asyncio.gather(running, queued)
            return crashed, after, pid, captioner.worker_pid
        finally:
            await captioner.aclose()

    crashed, after, first_pid, second_pid = asyncio.run(go())
    assert isinstance(crashed, CaptionFailure)
    assert isinstance(crashed.error, WorkerCrashed)
    assert "out of memory" in crashed.error.user_message()
    assert isinstance(after, CaptionResult)  # it never ran on the dead worker: sent again
    assert second_pid != first_pid


def test_a_pipeline_run_keeps_two_requests_with_the_local_worker(tiny_models, tmp_path) -> None:
    """The pipeline lets the local captioner have two requests in flight, and every
    caption in the library records how long the worker waited for it."""
    pair = tiny_models["q8_0_projector"]
    folder = tmp_path / "photos"
    photo_folder(folder, 4)
    captioner = local(pair.model, pair.mmproj)
    library = Library(tmp_path / "library.sqlite3")
    prompt = PromptChoice("Caption.", max_tokens=6, temperature=0.0)
    options = RunOptions(prompt, PIXEL_LEVELS["fast"])
    pipeline = CaptionPipeline(captioner, writer_set(["txt"]), options, library=library)
    assert pipeline.max_in_flight == 2

    async def go():
        try:
            return await pipeline.run(scan_paths([folder]).images)
        finally:
            await captioner.aclose()

    try:
        summary = asyncio.run(go())
        assert summary.captioned == 4
        for image in scan_paths([folder]).images:
            record = library.image_by_path(image.path)
            assert record is not None
            caption = library.current_caption(record.id)
            assert caption is not None
            assert "worker_wait_s" in caption.timings
            assert (image.path.with_suffix(".txt")).exists()
    finally:
        library.close()
    sent = [request_id for kind, request_id in captioner.events if kind == "sent"]
    answered = [request_id for kind, request_id in captioner.events if kind == "answered"]
    assert sorted(sent) == sorted(answered)
    assert len(sent) == 4

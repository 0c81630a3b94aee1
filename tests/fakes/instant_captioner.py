"""A captioner that answers at once, in process: for measuring everything but the model.

It implements the :class:`~desktop_app.backends.base.Captioner` protocol for real (the
pipeline cannot tell it from a backend) and describes what it was sent, so a caption
still proves which image it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.backends.base import CaptionOutcome, CaptionRequest, CaptionResult, ImageLimits


class InstantCaptioner:
    backend_id = "instant"
    model = "instant-1"
    batch_size = 8
    max_in_flight = 4
    image_limits = ImageLimits()

    def __init__(self) -> None:
        self.requests = 0

    async def caption_batch(self, requests: Sequence[CaptionRequest]) -> list[CaptionOutcome]:
        self.requests += len(requests)
        return [
            CaptionResult(
                request.request_id,
                f"A picture of {request.image.width}x{request.image.height} pixels.",
                self.backend_id,
                self.model,
                cost=0.0,
            )
            for request in requests
        ]

    async def check(self) -> str:
        return "The instant captioner is always ready."

    async def aclose(self) -> None:
        return None

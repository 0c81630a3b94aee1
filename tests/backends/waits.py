"""A ``sleep`` for the HTTP backends that notes the delays their retry loop asks for.

Passed as ``sleep=`` to a captioner: a test then checks the delay the loop chose (the
server's ``Retry-After``, the policy's backoff) instead of timing a real wait, which a
busy machine stretches and an idle one cannot shorten.
"""

from __future__ import annotations

import asyncio


class RecordedWaits(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)
        await asyncio.sleep(0)  # still a suspension point, as a real wait is

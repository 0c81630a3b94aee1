"""Retries with exponential backoff and jitter, shared by the HTTP backends.

Mirrors the cloud provider's official SDKs (retry 408, 429, 5xx, timeouts and
connection errors; 3 retries; 1 s x 2^(n-1) capped at 30 s plus 0-1 s jitter) and honours
``Retry-After`` when a server sends one, so a busy service is not hammered.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx

from desktop_app.backends import errors as be
from desktop_app.errors import CaptionerError
from desktop_app.i18n import Text, lazy_gettext

T = TypeVar("T")
# How a backend waits before a retry. Always ``asyncio.sleep`` in the app; a test passes
# one that records the delays asked for, so "Retry-After was honoured" is checked as the
# delay the loop chose, never as a wall-clock wait (which a busy machine stretches).
Sleep = Callable[[float], Awaitable[None]]

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    base_delay_s: float = 1.0
    max_delay_s: float = 30.0
    jitter_s: float = 1.0

    def delay(self, retry_number: int, retry_after_s: float | None = None) -> float:
        """Seconds to wait before retry ``retry_number`` (1-based)."""
        if retry_after_s is not None:
            return min(max(retry_after_s, 0.0), self.max_delay_s)
        backoff: float = self.base_delay_s * 2.0 ** (retry_number - 1)
        return min(backoff, self.max_delay_s) + random.uniform(0.0, self.jitter_s)


def is_retryable_status(status: int) -> bool:
    return status in RETRYABLE_STATUS or 500 <= status < 600


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Parse ``Retry-After`` (seconds or an HTTP date); None when absent or unreadable."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


async def send_with_retries(
    attempt: Callable[[], Awaitable[httpx.Response]],
    read: Callable[[httpx.Response], T],
    policy: RetryPolicy,
    *,
    sleep: Sleep = asyncio.sleep,
) -> T:
    """One request with transport-level retries, the loop every HTTP backend shares.

    ``attempt`` sends the request (raising a transient ``CaptionerError`` for timeouts
    and connection failures, see :func:`request_errors`); ``read`` turns the response
    into the caller's answer or raises. Retried, with backoff: transient transport
    failures, retryable statuses (honouring ``Retry-After``) and unreadable replies
    (``ProtocolViolation``). Everything else goes straight to the caller. ``sleep``
    waits out each delay (see :data:`Sleep`).
    """
    for retry_number in range(policy.max_retries + 1):
        last_try = retry_number == policy.max_retries
        try:
            response = await attempt()
        except CaptionerError as error:
            if last_try or not error.transient:
                raise
            await sleep(policy.delay(retry_number + 1))
            continue
        if is_retryable_status(response.status_code) and not last_try:
            await sleep(policy.delay(retry_number + 1, retry_after_seconds(response)))
            continue
        try:
            return read(response)
        except be.ProtocolViolation:
            if last_try:
                raise
            await sleep(policy.delay(retry_number + 1))
    raise AssertionError("unreachable")  # pragma: no cover


async def request_errors(
    send: Awaitable[httpx.Response], *, url: str, hint: Text
) -> httpx.Response:
    """Await one HTTP exchange with transport failures turned into typed, worded errors."""
    try:
        return await send
    except httpx.TimeoutException as exc:
        raise be.ServiceTimeout(
            lazy_gettext("The caption service did not answer in time."),
            lazy_gettext(
                "The image stays queued and will be retried; check the connection if this keeps "
                "happening."
            ),
            detail=repr(exc),
        ) from exc
    except httpx.TransportError as exc:
        host = httpx.URL(url).host
        raise be.NetworkUnreachable(
            lazy_gettext("Could not reach the caption service at {host}.", host=host),
            lazy_gettext("{hint} Nothing was lost and the image can be retried.", hint=hint),
            detail=repr(exc),
        ) from exc

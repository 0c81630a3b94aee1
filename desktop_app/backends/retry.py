"""Retries with exponential backoff and jitter, shared by the HTTP backends.

Mirrors the cloud provider's official SDKs (retry 408, 429, 5xx, timeouts and
connection errors; 3 retries; 1 s x 2^(n-1) capped at 30 s plus 0-1 s jitter) and honours
``Retry-After`` when a server sends one, so a busy service is not hammered.
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass

import httpx

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

"""The watch service's configuration and status, as immutable values."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.settings import WatchSettings
from desktop_app.core.watch.events import QueueCounts
from desktop_app.core.watch.fstype import WatchMode


@dataclass(frozen=True)
class RetrySchedule:
    """Backoff for transient failures (network, a busy service): 30 s, 1, 2, 4... min."""

    max_attempts: int = 8
    base_delay_s: float = 30.0
    max_delay_s: float = 1800.0

    def delay(self, attempts: int) -> float | None:
        """Seconds before attempt ``attempts + 1``, or None when there is none left."""
        if attempts >= self.max_attempts:
            return None
        backoff: float = self.base_delay_s * 2.0 ** (attempts - 1)
        return min(backoff, self.max_delay_s) * random.uniform(1.0, 1.2)


@dataclass(frozen=True)
class WatchConfig:
    roots: tuple[Path, ...]
    mode: WatchMode = WatchMode.AUTO
    settle_s: float = 2.0
    # A stable file that never looks complete (damaged, or a JPEG with a trailer) is
    # passed on after this long, so the pipeline says what is wrong with it.
    incomplete_timeout_s: float = 30.0
    poll_interval_s: float = 5.0
    rescan_interval_s: float = 900.0
    root_check_s: float = 2.0
    stop_grace_s: float = 10.0
    blocked_retry_s: float = 300.0
    claim_size: int = 8
    retry: RetrySchedule = field(default_factory=RetrySchedule)

    @classmethod
    def from_settings(
        cls, settings: WatchSettings, roots: Iterable[Path], **overrides: Any
    ) -> WatchConfig:
        """The settings' values, then one-off overrides (None keeps the setting)."""
        config = cls(
            roots=tuple(roots),
            mode=settings.mode,
            settle_s=settings.settle_s,
            poll_interval_s=settings.poll_interval_s,
            rescan_interval_s=settings.rescan_interval_s,
            stop_grace_s=settings.stop_grace_s,
            retry=RetrySchedule(settings.max_attempts, settings.retry_base_s),
        )
        changes = {name: value for name, value in overrides.items() if value is not None}
        return dataclasses.replace(config, **changes) if changes else config


@dataclass(frozen=True)
class WatchStatus:
    running: bool
    paused: bool
    watched: tuple[Path, ...]
    unavailable: tuple[Path, ...]
    settling: int
    counts: QueueCounts

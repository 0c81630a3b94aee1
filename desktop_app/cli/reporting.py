"""Caption-run events on a terminal: a progress bar, one line per image, a summary.

With ``--json`` standard output carries exactly one JSON object per image (captioned,
skipped, failed or not started), so scripts can rely on it; everything meant for a
person goes to standard error.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from desktop_app.core.events import (
    ImageCaptioned,
    ImageFailed,
    ImageSent,
    ImageSkipped,
    RunEvent,
    RunFinished,
    RunStarted,
    RunSummary,
)
from desktop_app.i18n import Text as Message
from desktop_app.i18n import _, ngettext


class CostColumn(ProgressColumn):
    """Running cost of the run, in USD."""

    def render(self, task: Task) -> Text:
        cost = task.fields.get("cost", 0.0)
        return Text(f"${cost:.4f}", style="green") if cost else Text("")


class CliReporter:
    """Turns run events into terminal output; safe to call from the pipeline's thread."""

    def __init__(self, out: Console, err: Console, *, as_json: bool, quiet: bool) -> None:
        self.out = out
        self.err = err
        self.as_json = as_json
        self.quiet = quiet
        self.summary: RunSummary | None = None
        self._reported: set[Path] = set()
        self._lock = threading.Lock()
        self._cost = 0.0
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(escape(_("ETA"))),
            TimeRemainingColumn(),
            CostColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=quiet or not err.is_terminal,
        )
        self._task = self._progress.add_task(escape(_("Captioning")), total=None, cost=0.0)

    def announce(self, line: str | Message) -> None:
        """The run's first line for a person (standard error: --json keeps stdout)."""
        if not self.quiet:
            self.err.print(escape(str(line)))

    def __enter__(self) -> CliReporter:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def __call__(self, event: RunEvent) -> None:
        with self._lock:
            self._handle(event)

    def _handle(self, event: RunEvent) -> None:
        if isinstance(event, RunStarted):
            self._progress.update(self._task, total=event.total)
            starting = ngettext(
                "Captioning {n} image with {backend} ({model})",
                "Captioning {n} images with {backend} ({model})",
                event.total,
            )
            self._note(
                escape(starting.format(n=event.total, backend=event.backend, model=event.model))
            )
        elif isinstance(event, ImageSent):
            return
        elif isinstance(event, ImageCaptioned):
            self._cost += event.cost or 0.0
            self._finished(event.path, cost=self._cost)
            tags = f" [dim]({escape(', '.join(event.keywords))})[/]" if event.keywords else ""
            self._line(
                event.path,
                "captioned",
                f"[green]✓[/] {escape(event.path.name)}: {escape(_short(event.text))}{tags}",
                caption=event.text,
                keywords=list(event.keywords),
                cost=event.cost,
                written=[str(p) for p in event.written],
                seconds=round(event.seconds, 3),
                notes=[note.english() for note in event.notes],
                **_structured_fields(event),
            )
            note_label = _("note:")
            for note in event.notes:
                self._line(
                    event.path,
                    "note",
                    f"  [yellow]{escape(note_label)}[/] {escape(str(note))}",
                    emit_json=False,
                )
        elif isinstance(event, ImageSkipped):
            self._finished(event.path)
            self._line(
                event.path,
                "skipped",
                f"[dim]- {escape(event.path.name)}: {escape(str(event.reason))}[/]",
                reason=event.reason.english(),
                verbose_only=True,
            )
        elif isinstance(event, ImageFailed):
            self._finished(event.path)
            message = event.error.user_message()
            self._line(
                event.path,
                "failed",
                f"[red]✗[/] {escape(event.path.name)}: {escape(message)}",
                stage=event.stage,
                error={
                    "code": event.error.code,
                    "message": event.error.message_en,
                    "hint": event.error.hint_en,
                },
            )
        elif isinstance(event, RunFinished):
            self.summary = event.summary

    def _finished(self, path: Path, **fields: Any) -> None:
        self._reported.add(path)
        self._progress.update(self._task, advance=1, **fields)

    def _note(self, markup: str) -> None:
        if not self.quiet:
            self.err.print(markup)

    def _line(
        self,
        path: Path,
        status: str,
        markup: str,
        *,
        verbose_only: bool = False,
        emit_json: bool = True,
        **fields: Any,
    ) -> None:
        if self.as_json:
            if emit_json:
                self._json({"path": str(path), "status": status, **fields})
            return
        if not self.quiet and not verbose_only:
            self.err.print(markup)

    def report_not_started(self, paths: list[Path]) -> None:
        """One JSON line for every image the run did not reach (stopped or cancelled)."""
        if not self.as_json:
            return
        for path in paths:
            if path not in self._reported:
                self._json({"path": str(path), "status": "not_started"})

    def _json(self, record: dict[str, Any]) -> None:
        """One compact JSON object per line on stdout, never wrapped or styled."""
        self.out.file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.file.flush()

    def print_summary(self, summary: RunSummary) -> None:
        cost = _(", cost ${cost}").format(cost=f"{summary.cost:.4f}") if summary.cost else ""
        rate = ""
        if summary.captioned and summary.elapsed_s > 0:
            per_minute = f"{summary.captioned / summary.elapsed_s * 60:.1f}"
            rate = _(", {rate} images/min").format(rate=per_minute)
        counts = escape(summary.counts_text())
        style = "red" if summary.failed or summary.stopped_reason else "default"
        took = _("in {seconds} s").format(seconds=f"{summary.elapsed_s:.1f}")
        self.err.print(f"[{style}]{counts}[/] {escape(took)}{escape(rate)}{escape(cost)}.")
        if summary.outcome_text():
            self.err.print(escape(summary.outcome_text()))


def _structured_fields(event: ImageCaptioned) -> dict[str, Any]:
    """The structured parts of a caption, in JSON lines only where there are any."""
    fields: dict[str, Any] = {}
    if event.hierarchical_keywords:
        fields["hierarchical_keywords"] = list(event.hierarchical_keywords)
    if event.languages:
        fields["languages"] = dict(event.languages)
    if event.title:
        fields["title"] = event.title
    if event.alt_text:
        fields["alt_text"] = event.alt_text
    return fields


def _short(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

"""XMP sidecars (``IMG_0001.xmp`` / ``IMG_0001.CR2.xmp``): the caption for files that
must not be written into (RAW, HEIC, AVIF; GIF and other formats without XMP), and
for darktable and Lightroom users who keep their edits in sidecars.

An existing sidecar is merged into, never replaced: parsed, the caption and keyword
properties changed, serialised again, verified property by property (darktable's
edit history included) and atomically replaced. A new sidecar is the minimal valid
packet: ``x:xmpmeta`` > ``rdf:RDF`` > ``rdf:Description`` holding ``dc:description``
(and ``dc:subject`` when there are keywords). The image itself is never opened.

darktable duplicates (``IMG_0001_01.CR2.xmp``) are versions of the same photo: each
gets the new caption when it had none or the same caption as the main sidecar (it
was in step with it); a duplicate with a caption of its own is left alone.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from desktop_app.i18n import join_texts, lazy_gettext
from desktop_app.metadata.atomic import FileStamp, write_new_file
from desktop_app.metadata.base import (
    DEFAULT_WRITE_OPTIONS,
    CaptionData,
    ExistingCaption,
    WriteOptions,
)
from desktop_app.metadata.errors import (
    ReadError,
    VerificationFailed,
    require_text,
    write_error_from,
)
from desktop_app.metadata.exiv2_runtime import exiv2_serialized
from desktop_app.metadata.sidecar_names import DuplicateFinder, SidecarChoice, choose_sidecar
from desktop_app.metadata.xmp_fields import (
    caption_problems,
    get_description,
    get_keywords,
    provenance_of,
    set_caption,
)
from desktop_app.metadata.xmp_packet import (
    PacketError,
    parse_packet,
    serialise,
    unowned_properties,
)

log = logging.getLogger(__name__)
WRITER_ID = "xmp"


class XmpSidecarWriter:
    writer_id = WRITER_ID
    display_name = lazy_gettext("XMP sidecar")

    def __init__(self, options: WriteOptions = DEFAULT_WRITE_OPTIONS) -> None:
        self._options = options
        self._duplicates = DuplicateFinder()

    def _choice(self, image: Path) -> SidecarChoice | None:
        return choose_sidecar(
            image, self._options.sidecar_naming, allow_embeddable=self._options.xmp_for_all
        )

    def applies_to(self, image: Path) -> bool:
        return self._choice(image) is not None

    def target(self, image: Path) -> Path:
        choice = self._choice(image)
        if choice is None:
            raise ValueError(f"{image.name} gets no XMP sidecar")  # callers ask applies_to
        return choice.path

    def read(self, image: Path) -> ExistingCaption | None:
        choice = self._choice(image)
        if choice is None or not choice.exists:
            return None
        with exiv2_serialized():
            xmp = _read_sidecar(choice.path)
            text = get_description(xmp)
            keywords = tuple(get_keywords(xmp))
            found = provenance_of(xmp)
        if not text:
            return None
        origin = found.origin.value if found is not None and found.origin else ""
        return ExistingCaption(WRITER_ID, choice.path, text, keywords, provenance=origin)

    def write(self, image: Path, caption: CaptionData) -> Path:
        caption = caption.for_metadata()  # XML cannot hold control characters
        require_text(caption)
        target = self.target(image)
        previous = self._update(target, caption, previous_caption=None)
        if target.name.lower().startswith(image.name.lower() + "."):  # darktable naming
            for duplicate in self._duplicates.duplicates(image):
                self._update(duplicate, caption, previous_caption=previous or "")
        return target

    def _update(
        self, sidecar: Path, caption: CaptionData, *, previous_caption: str | None
    ) -> str | None:
        """Merge the caption into one sidecar; returns the caption it held before.

        With ``previous_caption`` set (a darktable duplicate), the sidecar is only
        updated when its own caption is empty or equal to it.
        """
        try:
            stamp = FileStamp.of(sidecar) if sidecar.exists() else None
            raw = sidecar.read_bytes() if stamp is not None else b""
        except OSError as exc:
            raise write_error_from(exc, sidecar) from exc
        with exiv2_serialized():
            xmp = _parse_for_update(raw, sidecar)
            old = get_description(xmp)
        if previous_caption is not None and old not in (None, previous_caption):
            log.info("%s keeps its own caption (a darktable duplicate)", sidecar.name)
            return old
        with exiv2_serialized():
            before = unowned_properties(xmp)
            set_caption(xmp, dataclasses.replace(caption, text=caption.text.strip()))
            data = serialise(xmp)
        write_new_file(
            sidecar,
            data,
            expected=stamp,
            keep_mtime=self._options.keep_mtime,
            verify=lambda temp: _verify(temp, caption, before),
        )
        return old


def _read_sidecar(path: Path) -> object:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(
            lazy_gettext(
                "Cannot read {name}: {error}.", name=path.name, error=exc.strerror or str(exc)
            ),
            lazy_gettext("Check the file's permissions."),
        ) from exc
    try:
        return parse_packet(raw)
    except PacketError as exc:
        raise ReadError(
            lazy_gettext("{name} is not valid XMP.", name=path.name),
            lazy_gettext("Open it in a text editor, or let the tool that made it write it again."),
            detail=str(exc),
        ) from exc


def _parse_for_update(raw: bytes, sidecar: Path) -> object:
    try:
        return parse_packet(raw)
    except PacketError as exc:
        raise VerificationFailed(
            lazy_gettext(
                "{name} exists but is not valid XMP, so it was not changed (rewriting it would "
                "lose what could not be read).",
                name=sidecar.name,
            ),
            lazy_gettext("Repair or remove it, then caption the image again."),
            detail=str(exc),
        ) from exc


def _verify(temp: Path, caption: CaptionData, before: dict[str, str]) -> None:
    """Re-read the written sidecar: the caption is there, nothing else changed."""
    with exiv2_serialized():
        _check_written(temp, caption, before)


def _check_written(temp: Path, caption: CaptionData, before: dict[str, str]) -> None:
    try:
        xmp = parse_packet(temp.read_bytes())
    except PacketError as exc:
        raise VerificationFailed(
            lazy_gettext("The XMP sidecar did not read back after writing."),
            lazy_gettext("The previous sidecar was kept."),
            detail=str(exc),
        ) from exc
    problems = caption_problems(xmp, caption)
    after = unowned_properties(xmp)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        problems.append(
            lazy_gettext("other properties changed ({fields})", fields=", ".join(changed[:5]))
        )
    if problems:
        raise VerificationFailed(
            lazy_gettext(
                "The XMP sidecar was not written: {problems}.",
                problems=join_texts(*problems, separator="; "),
            ),
            lazy_gettext("The previous sidecar was kept."),
        )

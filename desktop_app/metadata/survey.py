"""Every place an image's caption already lives, field by field, and whether they agree.

What ``folder-captioner show`` prints and what the app shows for a file: the three
embedded fields separately (cameras and older tools often leave them disagreeing),
the XMP sidecar and the ``.txt`` file. IPTC-IIM holds at most 2000 bytes, so an IIM
caption that is the start of the full caption, cut on a character boundary, agrees.
A camera's placeholder in EXIF ("OLYMPUS DIGITAL CAMERA") is listed but is not a
caption and never disagrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.errors import CaptionerError, describe_exception
from desktop_app.i18n import gettext
from desktop_app.metadata.base import DEFAULT_WRITE_OPTIONS, WriteOptions
from desktop_app.metadata.embedded import EmbeddedWriter
from desktop_app.metadata.embedded_fields import is_camera_placeholder
from desktop_app.metadata.iim import iim_caption
from desktop_app.metadata.txt import TxtWriter
from desktop_app.metadata.xmp_sidecar import XmpSidecarWriter

XMP_FIELD = "XMP dc:description"
EXIF_FIELD = "EXIF ImageDescription"
IIM_FIELD = "IPTC Caption-Abstract"
SIDECAR = "XMP sidecar"
TXT = ".txt file"


@dataclass(frozen=True)
class PlaceValue:
    place: str
    location: Path
    text: str | None
    keywords: tuple[str, ...] = ()
    note: str = ""
    provenance: str = ""  # "generated" or "edited" where the place records it (XMP)
    languages: tuple[str, ...] = ()  # the caption's lang-alt entries (XMP)

    @property
    def is_caption(self) -> bool:
        return bool(self.text) and not (
            self.place == EXIF_FIELD and self.text is not None and is_camera_placeholder(self.text)
        )


@dataclass(frozen=True)
class CaptionSurvey:
    image: Path
    values: tuple[PlaceValue, ...]
    errors: tuple[tuple[str, str], ...] = ()

    @property
    def captions(self) -> list[PlaceValue]:
        return [value for value in self.values if value.is_caption]

    @property
    def text(self) -> str | None:
        """The caption a reader would show first (XMP, then IIM, EXIF, sidecars)."""
        captions = self.captions
        return captions[0].text if captions else None

    def disagreements(self) -> list[str]:
        """Human-readable reasons the places do not agree (empty when they do)."""
        full = [v for v in self.captions if v.place != IIM_FIELD]
        texts = {(v.text or "").strip() for v in full}
        problems: list[str] = []
        if len(texts) > 1:
            places = ", ".join(f"{v.place} ({v.location.name})" for v in full)
            problems.append(gettext("different captions in {places}").format(places=places))
        for value in self.captions:
            cut = {iim_caption(t).strip() for t in texts}
            if value.place == IIM_FIELD and texts and (value.text or "").strip() not in cut:
                problems.append(
                    gettext("{field} holds a different caption").format(field=IIM_FIELD)
                )
        return problems

    @property
    def agree(self) -> bool:
        return not self.disagreements()

    @property
    def source(self) -> str:
        """Who wrote the caption, as the files say: "generated", "edited", "unmarked"
        (a caption without provenance) or "none" (no caption)."""
        if not self.captions:
            return "none"
        marks = [value.provenance for value in self.values if value.provenance]
        return marks[0] if marks else "unmarked"


def survey(image: Path, options: WriteOptions = DEFAULT_WRITE_OPTIONS) -> CaptionSurvey:
    values: list[PlaceValue] = []
    errors: list[tuple[str, str]] = []
    embedded = EmbeddedWriter(options)
    try:
        fields = embedded.fields(image)
    except (CaptionerError, OSError) as exc:
        errors.append(("embedded", describe_exception(exc)))
        fields = None
    if fields is not None:
        values.append(
            PlaceValue(
                XMP_FIELD,
                image,
                fields.xmp,
                fields.xmp_keywords,
                provenance=fields.provenance,
                languages=fields.languages,
            )
        )
        note = gettext("camera placeholder") if fields.exif and fields.exif_caption is None else ""
        values.append(PlaceValue(EXIF_FIELD, image, fields.exif, note=note))
        values.append(PlaceValue(IIM_FIELD, image, fields.iim, fields.iim_keywords))
    for place, writer in ((SIDECAR, XmpSidecarWriter(options)), (TXT, TxtWriter(options))):
        try:
            found = writer.read(image) if writer.applies_to(image) else None
        except (CaptionerError, OSError) as exc:
            errors.append((place, describe_exception(exc)))
            continue
        if found is not None:
            values.append(
                PlaceValue(
                    place, found.location, found.text, found.keywords, provenance=found.provenance
                )
            )
    return CaptionSurvey(image, tuple(values), tuple(errors))

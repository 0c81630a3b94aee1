"""A structured caption run with the local model: grammar-constrained keywords from the
user's vocabulary, mapped and written into the files, the prompt filled per image.

The model is the tiny random-weight one, so its words are noise, but everything around
them is real: a llama.cpp worker decoding under the vocabulary's enum, the answer read
as JSON, keywords mapped through synonyms and parents, embedded XMP/IPTC written and
read back by exiftool, the index updated.
"""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

from desktop_app.backends.local.captioner import create as create_local
from desktop_app.backends.local.config import LocalConfig
from desktop_app.core.captioning import Overrides, content_plan
from desktop_app.core.imaging import PIXEL_LEVELS
from desktop_app.core.library import Library
from desktop_app.core.pipeline import CaptionPipeline, PromptChoice, RunOptions
from desktop_app.core.prompts import find_preset
from desktop_app.core.scan import scan_paths
from desktop_app.core.settings import Settings
from desktop_app.core.vocabulary import read_keyword_file
from desktop_app.metadata.registry import writer_set
from tests import exiftool
from tests.images import write_jpeg
from tests.keyword_lists import write_lightroom_export

TEMPLATE = "Describe this photo[ taken in {place}].[ Folder: {folder}.]"


@exiftool.requires_exiftool
def test_local_structured_run_writes_vocabulary_keywords(tiny_models, tmp_path: Path) -> None:
    export = write_lightroom_export(tmp_path / "keywords.txt")
    vocabulary = read_keyword_file(export)
    folder = tmp_path / "Harbour"
    photos = [write_jpeg(folder / f"IMG_{i}.jpg", (224 + 56 * i, 168)) for i in range(4)]
    assert exiftool.EXIFTOOL is not None
    subprocess.run(
        [
            exiftool.EXIFTOOL,
            "-q",
            "-overwrite_original",
            "-GPSLatitude=35.6895",
            "-GPSLatitudeRef=N",
            "-GPSLongitude=139.6917",
            "-GPSLongitudeRef=E",
            str(photos[0]),
        ],
        check=True,
    )
    overrides = Overrides(keywords=4, vocabulary=str(export), languages=("en", "de"))
    plan = content_plan(Settings(), overrides, find_preset("concise"), 24)
    assert plan.output is not None
    assert plan.output.vocabulary == vocabulary.choices()  # an enum: decoding picks from it
    pair = tiny_models["f16"]
    captioner = create_local(
        LocalConfig(model=str(pair.model), mmproj=str(pair.mmproj), threads=1, temperature=0.9),
        None,  # type: ignore[arg-type]
    )
    options = RunOptions(
        prompt=PromptChoice(TEMPLATE, max_tokens=24, temperature=0.9, content=plan),
        budget=PIXEL_LEVELS["fast"],
        overwrite=True,
    )
    library = Library(tmp_path / "library.sqlite3")
    pipeline = CaptionPipeline(captioner, writer_set(["embedded"]), options, library=library)

    async def go():
        try:
            return await pipeline.run(scan_paths([folder]).images)
        finally:
            await captioner.aclose()

    summary = asyncio.run(go())
    assert summary.captioned == 4, summary
    allowed_flat = {
        word for keyword in vocabulary.keywords for word in (keyword.name, *keyword.synonyms)
    }
    seen_paths: set[str] = set()
    for photo in photos:
        found = exiftool.tags(photo)
        record = library.current_caption(library.image_by_path(photo).id)
        assert record.backend == "local"
        assert set(record.languages) <= {"en", "de"}
        assert found["XMP-dc:Description"] == record.text
        if "de" in record.languages:
            assert found["XMP-dc:Description-de"] == record.languages["de"]
        subject = exiftool.as_list(found.get("XMP-dc:Subject"))
        assert subject == list(record.keywords)
        assert set(subject) <= allowed_flat
        assert exiftool.as_list(found.get("IPTC:Keywords")) == subject
        paths = exiftool.as_list(found.get("XMP-lr:HierarchicalSubject"))
        assert paths == list(record.hierarchical_keywords)
        assert all(vocabulary.lookup(path) is not None for path in paths)
        seen_paths.update(paths)
        assert found["XMP-fcap:CaptionSource"] == "generated"
    assert seen_paths, "the random model chose no keyword in four tries"
    first = library.current_caption(library.image_by_path(photos[0]).id)
    assert first.prompt == "Describe this photo taken in Tokyo, Japan. Folder: Harbour."
    other = library.current_caption(library.image_by_path(photos[1]).id)
    assert other.prompt == "Describe this photo. Folder: Harbour."
    library.close()

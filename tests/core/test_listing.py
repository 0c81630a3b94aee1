"""Listing a folder in bulk: the same files and the same natural order as the plain
one-name-at-a-time listing (``core.scan``), on awkward names and on real folders."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from desktop_app.core.listing import (
    FolderListing,
    casefold_order_is_natural,
    image_names,
    listed_chunks,
    sort_keys,
    sorted_gradually,
    stat_path,
)
from desktop_app.core.scan import list_candidates, natural_key

AWKWARD = [
    "IMG_2.jpg",
    "IMG_10.jpg",
    "img_1.JPG",
    "IMG_0002 (2).jpeg",
    "a_b.png",
    "a1.png",
    "a9b.png",
    "a10b.png",
    "a1_x.png",  # "_" sorts after digits: "a1_x" vs "a10b" needs the padding
    "Ünïcode 3.jpg",
    "\u0663.jpg",  # an Arabic-Indic three: a digit to Python's regex
    "DSC_0001.NEF",
    "photo.heic",
    "name\nwith a newline.jpg",
    "x.JPG",
]
NOT_IMAGES = [".hidden.jpg", "~$lock.jpg", "x.jpg.part", "notes.txt", "backup.jpg~", "Makefile"]


def make_folder(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).touch()
    return folder


def bulk_listing(folder: Path, *, recursive: bool = False, chunk: int = 4096) -> list[str]:
    """What the grid gets: listed in chunks, statted, in natural order."""
    listing = FolderListing()
    for paths in listed_chunks(folder, recursive=recursive, chunk=chunk):
        listing.add(paths)
    ordered = [listing.paths[i] for i in listing.natural_order()]
    return [path for path in ordered if stat_path(path) is not None]


def reference_listing(folder: Path, *, recursive: bool = False) -> list[str]:
    """The plain way: one name at a time, ``natural_key`` per name."""
    paths = [path for path, _ in list_candidates(folder, recursive=recursive)]
    return sorted(paths, key=natural_key)


@pytest.mark.parametrize("chunk", [3, 4096])
def test_awkward_names_list_and_sort_like_the_plain_listing(tmp_path, chunk) -> None:
    folder = make_folder(tmp_path / "p", AWKWARD + NOT_IMAGES)
    (folder / "folder.jpg").mkdir()  # a folder named like an image is not one
    listed = bulk_listing(folder, chunk=chunk)
    assert listed == reference_listing(folder)
    assert len(listed) == len(AWKWARD)


def test_recursive_listing_skips_loops(tmp_path) -> None:
    folder = make_folder(tmp_path / "p", ["b10.jpg", "b9.jpg"])
    make_folder(folder / "sub", ["a2.png", "a10.png"])
    make_folder(folder / "sub" / "deeper", ["z.jpg"])
    os.symlink(folder, folder / "sub" / "loop")
    listed = bulk_listing(folder, recursive=True, chunk=2)
    assert listed == reference_listing(folder, recursive=True)
    assert [Path(path).name for path in listed] == [
        "b9.jpg",
        "b10.jpg",
        "a2.png",
        "a10.png",
        "z.jpg",
    ]
    assert bulk_listing(folder) == [str(folder / "b9.jpg"), str(folder / "b10.jpg")]


def random_names(rng: random.Random, count: int) -> list[str]:
    parts = ["IMG_", "img_", "DSC", "a", "B", "_", " ", "-", ".", "Z", "é"]
    names: set[str] = set()
    while len(names) < count:
        pieces = [
            rng.choice(parts) if rng.random() < 0.6 else str(rng.randrange(0, 3000))
            for _ in range(rng.randrange(1, 5))
        ]
        names.add("".join(pieces) + rng.choice([".jpg", ".JPG", ".png", ".jpeg"]))
    return sorted(names)


@pytest.mark.parametrize("seed", range(5))
def test_natural_order_matches_natural_key_on_random_names(seed) -> None:
    """Mixed shapes take the key path, camera-like ones the case-insensitive one:
    both give exactly ``natural_key`` order."""
    rng = random.Random(seed)
    mixed = [f"/p/{name}" for name in random_names(rng, 400)]
    camera = [
        f"/p/{rng.choice(['IMG', 'img', 'DSC'])}_{n:04d}.JPG"
        for n in rng.sample(range(10_000), 400)
    ]
    for paths in (mixed, camera):
        rng.shuffle(paths)
        listing = FolderListing()
        listing.add(paths)
        assert [paths[i] for i in listing.natural_order()] == sorted(paths, key=natural_key)
    assert casefold_order_is_natural(camera)


@pytest.mark.parametrize("camera_like", [True, False])
def test_the_first_in_order_are_the_start_of_the_natural_order(camera_like) -> None:
    rng = random.Random(7)
    names = [f"IMG_{n:04d}.JPG" for n in range(300)] if camera_like else random_names(rng, 300)
    names += names[:5]  # the same name in two folders: ties keep their listing order
    paths = [f"/p/{'a' if i >= 300 else 'b'}/{name}" for i, name in enumerate(names)]
    rng.shuffle(paths)
    listing = FolderListing()
    listing.add(paths)
    assert listing.first_in_order(40) == listing.natural_order()[:40]


@pytest.mark.parametrize("count", [0, 1, 7, 8, 9, 24, 33, 100])
def test_sorting_gradually_is_sorting_stably(count) -> None:
    """Runs of 8 merged pairwise (an odd run left over at some levels) give exactly
    ``sorted``: equal keys keep their listing order, as the first screen expects."""
    rng = random.Random(count)
    keys = [rng.choice("abcde") for _ in range(count)]  # many ties
    assert sorted_gradually(count, keys.__getitem__, run=8) == sorted(
        range(count), key=keys.__getitem__
    )


def test_the_case_insensitive_shortcut_is_only_taken_where_it_is_exact() -> None:
    assert casefold_order_is_natural(["/p/IMG_0001.JPG", "/p/dsc_9999.nef"])
    assert not casefold_order_is_natural(["/p/a1_x.png", "/p/a10b.png"])  # "_" > "0"
    assert not casefold_order_is_natural(["/p/\u0663.jpg", "/p/4.jpg"])  # not ASCII
    assert not casefold_order_is_natural(["/p/a\nb.jpg", "/p/c.jpg"])


def test_bulk_passes_agree_with_one_name_at_a_time() -> None:
    paths = [f"/p/{name}" for name in AWKWARD + NOT_IMAGES]
    assert sort_keys(paths) == [natural_key(path) for path in paths]
    assert image_names(AWKWARD + NOT_IMAGES) == AWKWARD
    assert image_names([]) == []
    assert sort_keys([]) == []


def test_rows_handed_out_early_are_the_first_among_those_read(tmp_path) -> None:
    listing = FolderListing()
    listing.add(["/p/IMG_7.jpg", "/p/IMG_30.jpg", "/p/IMG_4.jpg"])
    early = listing.first_not_handed_out(2)
    assert [listing.paths[i] for i in early] == ["/p/IMG_4.jpg", "/p/IMG_7.jpg"]
    assert listing.handed_out_early
    assert listing.key(early[0]) == natural_key("/p/IMG_4.jpg")
    listing.add(["/p/IMG_1.jpg", "/p/IMG_5.jpg"])  # read later, partly before them
    order = listing.natural_order()
    assert [listing.paths[i] for i in order] == [f"/p/IMG_{n}.jpg" for n in (1, 4, 5, 7, 30)]
    rest = listing.not_handed_out(order)
    assert [listing.paths[i] for i in rest] == ["/p/IMG_1.jpg", "/p/IMG_5.jpg", "/p/IMG_30.jpg"]


def test_stat_path_keeps_regular_image_files_only(tmp_path) -> None:
    (tmp_path / "a.jpg").write_bytes(b"x")
    (tmp_path / "b.jpg").mkdir()
    (tmp_path / "c.txt").touch()
    image = stat_path(str(tmp_path / "a.jpg"))
    assert image is not None
    assert image.size == 1
    assert image.path == tmp_path / "a.jpg"
    assert stat_path(str(tmp_path / "b.jpg")) is None
    assert stat_path(str(tmp_path / "c.txt")) is None
    assert stat_path(str(tmp_path / "gone.jpg")) is None

"""The image types the app opens, as each desktop names them.

One table for the three desktops, so "Open with Folder Captioner" offers the same files
everywhere: freedesktop MIME types (the .desktop file), Apple uniform type identifiers
(Info.plist ``CFBundleDocumentTypes``) and file extensions (the Windows "Open with" list).
``tests/packaging/test_image_types.py`` checks the table against the extensions the app
really reads (``desktop_app.core.formats``) and the system's MIME database.
"""

from __future__ import annotations

from typing import Any

# freedesktop.org shared-mime-info names (as of Debian 12's 2.2) for the extensions
# desktop_app.core.formats reads; image/heic is an alias of image/heif there. Files whose
# extension that database does not know (.qoi, .srw...) get a type by their content.
MIME_TYPES: tuple[str, ...] = (
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/tiff",
    "image/gif",
    "image/bmp",
    "image/heif",
    "image/heic",
    "image/avif",
    "image/jp2",
    "image/jpx",
    "image/x-jp2-codestream",
    "image/vnd.adobe.photoshop",
    "image/x-tga",
    "image/x-portable-anymap",
    "image/x-portable-bitmap",
    "image/x-portable-graymap",
    "image/x-portable-pixmap",
    # camera RAW (captioned from the embedded preview, never written to)
    "image/x-dcraw",
    "image/x-adobe-dng",
    "image/x-canon-cr2",
    "image/x-canon-cr3",
    "image/x-canon-crw",
    "image/x-fuji-raf",
    "image/x-kodak-dcr",
    "image/x-kodak-k25",
    "image/x-kodak-kdc",
    "image/x-minolta-mrw",
    "image/x-nikon-nef",
    "image/x-nikon-nrw",
    "image/x-olympus-orf",
    "image/x-panasonic-rw",
    "image/x-panasonic-rw2",
    "image/x-pentax-pef",
    "image/x-sigma-x3f",
    "image/x-sony-arw",
    "image/x-sony-sr2",
    "image/x-sony-srf",
)

# Apple uniform type identifiers; public.camera-raw-image covers every RAW format.
MACOS_IMAGE_UTIS: tuple[str, ...] = (
    "public.jpeg",
    "public.png",
    "public.tiff",
    "org.webmproject.webp",
    "com.compuserve.gif",
    "com.microsoft.bmp",
    "public.heic",
    "public.heif",
    "public.avif",
    "public.jpeg-2000",
    "com.adobe.photoshop-image",
    "com.truevision.tga-image",
    "public.pbm",
    "public.camera-raw-image",
    "com.adobe.raw-image",
)


def macos_document_types() -> list[dict[str, Any]]:
    """Info.plist ``CFBundleDocumentTypes``: images (the app edits their metadata) and
    folders (dropped on the Dock icon). Rank "Alternate": offered, never the default."""
    return [
        {
            "CFBundleTypeName": "Image",
            "CFBundleTypeRole": "Editor",
            "LSHandlerRank": "Alternate",
            "LSItemContentTypes": list(MACOS_IMAGE_UTIS),
        },
        {
            "CFBundleTypeName": "Folder",
            "CFBundleTypeRole": "Viewer",
            "LSHandlerRank": "Alternate",
            "LSItemContentTypes": ["public.folder"],
        },
    ]


def supported_extensions() -> list[str]:
    """The extensions the app reads (the Windows "Open with" list), from the app itself."""
    from desktop_app.core.formats import supported_extensions as app_extensions

    return sorted(app_extensions())

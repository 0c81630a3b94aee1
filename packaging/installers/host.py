"""What a Debian/Ubuntu build machine needs installed: ``build.py host-packages``.

One list for CI and for people: the tools, the libraries the bundle links against
(dpkg-shlibdeps must see them to compute the .deb's Depends), the variant's compiler
inputs, and what the smoke test uses (Xvfb for the X11 check). ExifTool
(libimage-exiftool-perl) serves twice: the portable folder carries a copy of it (it
writes the embedded captions), and the smoke test reads those captions back with it.
"""

from __future__ import annotations

from installers.deb import BUILD_TOOLS, RUNTIME_PACKAGES
from installers.project import Variant

SMOKE_TOOLS = ("xvfb", "libimage-exiftool-perl")


def apt_packages(variant: Variant) -> list[str]:
    runtime_extra = ("libvulkan1", "mesa-vulkan-drivers") if variant.name == "vulkan" else ()
    wanted = [*BUILD_TOOLS, *RUNTIME_PACKAGES, *variant.build_packages, *runtime_extra]
    return list(dict.fromkeys([*wanted, *SMOKE_TOOLS]))

"""Where the bundled resources (icons, translations) live: source tree, wheel or frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The resources/ directory.

    PyInstaller unpacks data files under sys._MEIPASS; in a source checkout or an editable
    install it is the repository's resources/ next to the ticker package; a wheel installs
    it as data files under <prefix>/share/notice-ticker/resources (pyproject data-files).
    """
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "resources", here / "resources",
                   Path(sys.prefix) / "share" / "notice-ticker" / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)

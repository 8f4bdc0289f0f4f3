#!/usr/bin/env python3
"""Draw the application icon: resources/icons/notice-ticker.svg, .png (256 px) and .ico.

The SVG is the master (a dark-blue rounded bar with a scrolling text line and a green
status dot, the same glyph the tray draws at run time). PNG and ICO are rendered from it
with QtSvg, so all three always match. ICO holds PNG-compressed 16-256 px images.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>시정 알림 티커 / Notice Ticker</title>
  <rect x="10" y="56" width="236" height="128" rx="30" ry="30" fill="#1f3a5f"/>
  <rect x="41" y="105" width="102" height="31" rx="13" fill="#ffffff"/>
  <rect x="154" y="105" width="46" height="31" rx="13" fill="#9fc3ee"/>
  <circle cx="194" cy="194" r="56" fill="#ffffff"/>
  <circle cx="194" cy="194" r="44" fill="#2e9d4f"/>
</svg>
"""


def render_png(renderer, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico file whose entries are PNG images (valid since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts need it
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "notice-ticker.svg").write_text(SVG, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(SVG.encode("utf-8")))
    if not renderer.isValid():
        raise SystemExit("the icon SVG does not parse")
    pngs = {size: render_png(renderer, size) for size in ICO_SIZES}
    (OUT / "notice-ticker.png").write_bytes(pngs[256])
    (OUT / "notice-ticker.ico").write_bytes(ico_bytes(pngs))
    print(f"wrote {', '.join(p.name for p in sorted(OUT.iterdir()))} in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Draw the application icon: resources/icons/fengwang.png (256 px) and fengwang.ico.

The icon is the character 枫 in white on a maple-red rounded square, drawn with the bundled CJK
font so that it looks the same wherever it is regenerated. The .ico holds every size Windows asks
for (16 to 256 px), each stored as PNG, which Windows Vista and later read.

    python installer/make_icon.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
MAPLE_RED = "#b3261e"


def draw(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(MAPLE_RED))
    margin = size / 32
    radius = size / 5
    painter.drawRoundedRect(
        QRectF(margin, margin, size - 2 * margin, size - 2 * margin), radius, radius
    )
    family = QFontDatabase.applicationFontFamilies(
        QFontDatabase.addApplicationFont(str(ROOT / "resources/fonts/DroidSansFallbackFull.ttf"))
    )[0]
    font = QFont(family)
    font.setPixelSize(round(size * 0.72))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size * 0.98), Qt.AlignmentFlag.AlignCenter, "枫")
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO container of PNG images (ICONDIR, then one ICONDIRENTRY per size, then the data)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = [], []
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset))
        blobs.append(png)
        offset += len(png)
    return header + b"".join(entries) + b"".join(blobs)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts need it)
    images = {size: draw(size) for size in SIZES}
    folder = ROOT / "resources" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fengwang.png").write_bytes(images[256])
    (folder / "fengwang.ico").write_bytes(ico(images))
    print(f"wrote {folder / 'fengwang.png'} and {folder / 'fengwang.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

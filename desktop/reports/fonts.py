"""Fonts for papers: one main CJK TrueType font, per-character fallbacks, and a visible mark for a
character no font has (collected so the user is told, never a silent blank).

The bundled Droid Sans Fallback has CJK (including 喆 堃 珏 犇 昇 䶮) but no Latin letters or
digits, so reportlab's own Bitstream Vera (shipped with reportlab, TrueType) always comes next;
then the system's TrueType fonts (Windows: SimSun, SimSun-ExtB …; Linux: a few known folders).
reportlab embeds only TrueType outlines: a CFF OpenType font is skipped.

Text is split into runs of one font each: ``runs(text)`` for canvas drawing (``draw_text``) and
``markup(text)`` for Paragraphs. Which font draws a character is decided once and cached.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.paths import font_path

BUNDLED = "bundled"
# The setting names a user may choose on Windows, their Chinese label and the file (with the face
# index inside a .ttc collection).
MAIN_FONT_CHOICES: dict[str, tuple[str, str, int]] = {
    "simsun": ("宋体", "simsun.ttc", 0),
    "fangsong": ("仿宋", "simfang.ttf", 0),
    "simhei": ("黑体", "simhei.ttf", 0),
}
BUNDLED_LABEL = "内置字体（Droid Sans Fallback）"

# Windows fonts tried, in order, for a character the main font lacks; SimSun-ExtB and -ExtG carry
# the CJK extension planes where rare name characters live.
WINDOWS_FALLBACKS = (
    "simsun.ttc",
    "simsunb.ttf",
    "SimsunExtG.ttf",
    "simhei.ttf",
    "simfang.ttf",
    "simkai.ttf",
    "msyh.ttc",
    "seguisym.ttf",
)
# Linux (UOS, Kylin, Debian): folders whose TrueType files are tried, CJK-rich names first.
LINUX_FONT_DIRS = (
    "/usr/share/fonts/truetype",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/ttf",
    "/usr/share/fonts/fonts-cesi",
    "/usr/share/fonts/wqy-zenhei",
    "/usr/share/fonts/wqy-microhei",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)
LINUX_PREFERRED = ("hanamin", "simsun", "wqy", "uming", "ukai", "droid", "cesi", "dejavusans.")
# A desktop distribution may hold hundreds of fonts; a character none of the first ones has is
# reported rather than searched for in every file (each is parsed whole when tried).
LINUX_FALLBACK_LIMIT = 40

# Drawn for a character no font has: the first of these some font can draw.
MISSING_MARKS = ("□", "〓", "?")
SPLIT_CACHE_SIZE = 100_000
FONT_PREFIX = "FW-"  # the registered names of our (embedded TrueType) fonts start so

_missing: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "missing_characters", default=None
)


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0  # the face inside a .ttc collection


class _Font:
    """A registered TrueType font with its character map and widths at 1 pt; load it through
    `_font(file)` so that one file is one font under one name, whatever set uses it."""

    def __init__(self, name: str, file: FontFile) -> None:
        font = TTFont(name, str(file.path), subfontIndex=file.index)
        pdfmetrics.registerFont(font)
        self.name = name
        self.chars = frozenset(chr(code) for code, glyph in font.face.charToGlyph.items() if glyph)
        self.widths = {chr(c): w / 1000 for c, w in font.face.charWidths.items()}
        self.default_width = font.face.defaultWidth / 1000


_loaded: dict[FontFile, _Font] = {}


def _font(file: FontFile) -> _Font:
    file = FontFile(file.path.resolve(), file.index)
    font = _loaded.get(file)
    if font is None:
        stem = "".join(c for c in file.path.stem if c.isalnum())
        font = _loaded[file] = _Font(f"{FONT_PREFIX}{stem}-{file.index}-{len(_loaded)}", file)
    return font


def _windows_font_dirs() -> list[Path]:
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return folders


def _find(filename: str) -> Path | None:
    for folder in _windows_font_dirs():
        for candidate in (folder / filename, folder / filename.lower()):
            if candidate.is_file():
                return candidate
    return None


def system_fallback_files() -> list[FontFile]:
    """The system's TrueType files worth trying for a character, most useful first."""
    if sys.platform == "win32":
        return [FontFile(path) for name in WINDOWS_FALLBACKS if (path := _find(name))]
    found: list[Path] = []
    for folder in LINUX_FONT_DIRS:
        root = Path(folder).expanduser()
        if root.is_dir():
            found.extend(p for p in root.glob("*.tt[fc]") if p.is_file())
            found.extend(p for p in root.glob("*/*.tt[fc]") if p.is_file())

    def rank(path: Path) -> tuple[int, str]:
        name = path.name.lower()
        hits = [i for i, key in enumerate(LINUX_PREFERRED) if key in name]
        return (hits[0] if hits else len(LINUX_PREFERRED), name)

    ranked = sorted(dict.fromkeys(found), key=rank)[:LINUX_FALLBACK_LIMIT]
    return [FontFile(p) for p in ranked]


def available_main_fonts() -> list[tuple[str, str]]:
    """(setting name, Chinese label) of the main fonts this machine can use, bundled first."""
    choices = [(BUNDLED, BUNDLED_LABEL)]
    for setting, (label, filename, _index) in MAIN_FONT_CHOICES.items():
        if _find(filename) is not None:
            choices.append((setting, label))
    return choices


def _main_file(setting: str) -> tuple[str, FontFile]:
    if setting in MAIN_FONT_CHOICES:
        _label, filename, index = MAIN_FONT_CHOICES[setting]
        path = _find(filename)
        if path is not None:
            return setting, FontFile(path, index)
    return BUNDLED, FontFile(font_path())


class FontSet:
    """The main font and its fallbacks, loaded lazily, with the per-character choice cached."""

    def __init__(self, setting: str = BUNDLED) -> None:
        self.setting, main_file = _main_file(setting)
        self.main = _font(main_file)
        vera = Path(pdfmetrics.__file__).resolve().parent.parent / "fonts" / "Vera.ttf"
        # Vera for Latin and digits, then the bundled CJK font (when a system font is the main
        # one), then the system's fonts; the main font itself is skipped where it reappears.
        self._pending = [FontFile(vera), FontFile(font_path()), *system_fallback_files()]
        self._fallbacks: list[_Font] = []
        self._where: dict[str, _Font | None] = {}
        self._splits: dict[str, tuple[tuple[tuple[str, str], ...], frozenset[str]]] = {}
        self._unit_widths: dict[str, float] = {}
        self._char_units: dict[str, float] = {}
        self._mark: tuple[str, _Font] | None = None

    def _load_next(self) -> bool:
        while self._pending:
            file = self._pending.pop(0)
            try:
                font = _font(file)
                if font is not self.main:
                    self._fallbacks.append(font)
                    return True
            except Exception:  # CFF outlines (TTFError), a broken or unreadable file
                continue  # a system font that cannot be embedded must never stop a paper
        return False

    def font_of(self, char: str) -> _Font | None:
        """The font that draws `char`, or None when no font on this machine has it."""
        try:
            return self._where[char]
        except KeyError:
            pass
        found: _Font | None = None
        if char in self.main.chars:
            found = self.main
        else:
            index = 0
            while found is None:
                if index == len(self._fallbacks) and not self._load_next():
                    break
                if char in self._fallbacks[index].chars:
                    found = self._fallbacks[index]
                index += 1
        self._where[char] = found
        return found

    @property
    def mark(self) -> str:
        """What is drawn for a character no font has (chosen when first needed: finding it may
        load fallback fonts)."""
        return self._marked()[0]

    @property
    def mark_font(self) -> _Font:
        return self._marked()[1]

    def _marked(self) -> tuple[str, _Font]:
        if self._mark is None:
            self._mark = next(
                ((m, f) for m in MISSING_MARKS if (f := self.font_of(m)) is not None),
                ("〓", self.main),  # the bundled font has it; a chosen main font may not
            )
        return self._mark

    def _split(self, text: str) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
        cached = self._splits.get(text)
        if cached is not None:
            return cached
        runs: list[tuple[str, str]] = []
        missing: set[str] = set()
        current: _Font | None = None
        pieces: list[str] = []
        for char in text:
            font = self.font_of(char)
            if font is None:
                if char in "\t\n\r":
                    char, font = " ", self.main
                else:
                    missing.add(char)
                    char, font = self.mark, self.mark_font
            if font is not current:
                if current is not None:
                    runs.append((current.name, "".join(pieces)))
                current, pieces = font, []
            pieces.append(char)
        if current is not None and pieces:
            runs.append((current.name, "".join(pieces)))
        result = (tuple(runs), frozenset(missing))
        if len(self._splits) > SPLIT_CACHE_SIZE:
            self._splits.clear()
        self._splits[text] = result
        return result

    def runs(self, text: str) -> tuple[tuple[str, str], ...]:
        """`text` as (font name, text) runs; a character no font has becomes the missing mark and
        is recorded for the paper being made (see `collecting`)."""
        found, missing = self._split(text)
        if missing:
            collected = _missing.get()
            if collected is not None:
                collected.update(missing)
        return found

    def width(self, text: str, size: float) -> float:
        """The printed width of `text` at `size` points."""
        unit = self._unit_widths.get(text)
        if unit is None:
            unit = 0.0
            for name, piece in self.runs(text):
                font = self._by_name(name)
                widths, default = font.widths, font.default_width
                unit += sum([widths.get(c, default) for c in piece])
            if len(self._unit_widths) > SPLIT_CACHE_SIZE:
                self._unit_widths.clear()
            self._unit_widths[text] = unit
        return unit * size

    def pdf_text(self, doc, text: str, size: float) -> str:
        """PDF operators showing `text` at the text position, run by run, each run in its font's
        subsets (reportlab's documented way for TrueType fonts), cached for the document; faster
        than a text object's textOut, which is what a 5,000-row ledger spends its time in."""
        return self.shower(doc, size)(text)

    def shower(self, doc, size: float) -> Callable[[str], str]:
        """`pdf_text` for one document and size, for tight loops."""
        cache: dict[str, tuple[str, bool]] = doc.__dict__.setdefault(
            "_fengwang_text", {}
        ).setdefault(size, {})
        runs, split = self.runs, self._split

        def show(text: str) -> str:
            found = cache.get(text)
            if found is None:
                parts = []
                for name, piece in runs(text):
                    font = pdfmetrics.getFont(name)
                    for subset, chunk in font.splitString(piece, doc):
                        parts.append(
                            f"{font.getSubsetInternalName(subset, doc)} {size:g} Tf <{chunk.hex()}> Tj"
                        )
                found = cache[text] = (" ".join(parts), bool(split(text)[1]))
            elif found[1]:
                runs(text)  # a missing character is reported to this paper too
            return found[0]

        return show

    def char_width(self, char: str, size: float) -> float:
        return self.char_units(char)[char] * size

    def char_units(self, text: str) -> dict[str, float]:
        """The width at 1 pt of each character, with every character of `text` in it (the mark's
        width for one no font has): a dict to sum with map() in tight loops."""
        units = self._char_units
        for char in text:
            if char not in units:
                font = self.font_of(char)
                if font is None:
                    font, drawn = self.mark_font, self.mark
                else:
                    drawn = char
                units[char] = font.widths.get(drawn, font.default_width)
        return units

    def _by_name(self, name: str) -> _Font:
        if name == self.main.name:
            return self.main
        for font in self._fallbacks:
            if font.name == name:
                return font
        raise KeyError(name)

    def markup(self, text: str) -> str:
        """`text` escaped for a reportlab Paragraph, with `<font name=…>` around fallback runs
        (the Paragraph's own font is the main font)."""
        parts = []
        for name, piece in self.runs(text):
            if name == self.main.name:
                parts.append(escape(piece))
            else:
                parts.append(f'<font name="{name}">{escape(piece)}</font>')
        return "".join(parts)


_sets: dict[str, FontSet] = {}
_chosen = BUNDLED


def use_main_font(setting: str) -> str:
    """Print with the main font named by `setting` (bundled, simsun, fangsong, simhei) from now on;
    returns the setting in use, which is "bundled" when that font is not on this machine."""
    global _chosen
    _chosen = fonts_for(setting).setting
    return _chosen


def fonts_for(setting: str) -> FontSet:
    if setting not in MAIN_FONT_CHOICES:
        setting = BUNDLED
    if setting not in _sets:
        font_set = FontSet(setting)
        _sets[setting] = font_set
        _sets[font_set.setting] = font_set  # a missing Windows font falls back to the bundled set
    return _sets[setting]


def fonts() -> FontSet:
    """The font set papers print with (the chosen main font)."""
    return fonts_for(_chosen)


def start_collecting() -> set[str]:
    """From now on (in this thread) record the characters no font has into the returned set;
    a Paper calls this when it is made, before its flowables are."""
    found: set[str] = set()
    _missing.set(found)
    return found


@contextlib.contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the characters no font has, met while the block lays out a paper."""
    found: set[str] = set()
    token = _missing.set(found)
    try:
        yield found
    finally:
        _missing.reset(token)


def runs(text: str) -> tuple[tuple[str, str], ...]:
    return fonts().runs(text)


def markup(text: str) -> str:
    return fonts().markup(text)


def text_width(text: str, size: float) -> float:
    return fonts().width(text, size)


def main_font_name() -> str:
    return fonts().main.name


def draw_text(
    canvas, x: float, y: float, text: str, size: float, *, align: str = "left", bold: bool = False
) -> float:
    """Draw one line of `text` at baseline `y`, aligned at `x` ("left", "center", "right"), each run
    in its own font; `bold` strokes the outline (Droid has no bold face). Returns the width."""
    font_set = fonts()
    width = font_set.width(text, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    shown = font_set.pdf_text(canvas._doc, text, size)
    if bold:
        canvas.saveState()
        canvas.setStrokeColor(canvas._fillColorObj)
        canvas.setLineWidth(size / 30)
        canvas._code.append(f"BT 2 Tr 1 0 0 1 {x:.2f} {y:.2f} Tm {shown} ET")
        canvas.restoreState()
    else:
        canvas._code.append(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {shown} ET")
    return width

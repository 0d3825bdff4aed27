"""Text as it may be stored: without the invisible characters that change how it shows.

A control character (ESC of a terminal sequence, BEL, a C1 control), a bidirectional override
(U+202E turns “张三” into what looks like another name) or a zero-width character would be kept
in a name or a reason and shown back later: clearing a terminal, reordering a printed line,
making two equal-looking names different. Every text a user types or a spreadsheet brings is
cleaned of them here, through to_half_width (names, codes, cells) or clean_text (free text).
"""

from __future__ import annotations

_INVISIBLE = [
    *range(0x00, 0x20),  # C0 controls (tab, line feed and carriage return: see below)
    0x7F,
    *range(0x80, 0xA0),  # C1 controls
    *range(0x200B, 0x2010),  # zero-width space, (non-)joiner, LRM, RLM
    *range(0x202A, 0x202F),  # bidirectional embeddings and overrides
    *range(0x2066, 0x206A),  # bidirectional isolates
    0xFEFF,  # zero-width no-break space (a byte-order mark inside text)
]
LINE_BREAKS = "\t\n\r"
_KEEP_LINES = {code: None for code in _INVISIBLE if chr(code) not in LINE_BREAKS}
_ONE_LINE = {**_KEEP_LINES, **{ord(c): " " for c in LINE_BREAKS}}


def strip_invisible(text: str, *, keep_lines: bool = True) -> str:
    """`text` without control, bidirectional and zero-width characters. Tabs and line breaks are
    kept (keep_lines) or become spaces."""
    if text.isprintable():  # the usual text: nothing to look for (C speed)
        return text
    return text.translate(_KEEP_LINES if keep_lines else _ONE_LINE)


def clean_text(text: str | None, *, multiline: bool = False) -> str:
    """Free text as stored: invisible characters removed, outer whitespace trimmed; line breaks
    kept only where the text may hold several lines (notes, records of a mediation)."""
    return strip_invisible(text or "", keep_lines=multiline).strip()

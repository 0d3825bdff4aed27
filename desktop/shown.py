"""Text shown to a user or stored for one, whatever bytes a file name holds.

On Linux a name that is not UTF-8 (a GBK name from a Windows USB stick, 中 as b"\\xd6\\xd0")
reaches Python with each undecodable byte as a lone surrogate (U+DC80–U+DCFF, PEP 383). Such a
str names the file correctly but cannot be encoded as UTF-8: printed, written to a log or stored
in the database it raises UnicodeEncodeError. What a person reads gets U+FFFD (�) instead.
"""

from __future__ import annotations

import codecs
import os
import re

REPLACEMENT = "\ufffd"
ERRORS = "fengwang-printable"  # a codec error handler: a stream reconfigured with it never fails
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def printable(text: str | os.PathLike[str]) -> str:
    """`text` (or a path) with every undecodable byte of a file name shown as �."""
    return _ESCAPED_BYTE.sub(REPLACEMENT, os.fspath(text))


def _replace(error: UnicodeError) -> tuple[bytes, int]:
    """Encoding: an escaped byte as �, or ? where the encoding has no � (GBK); anything else the
    encoding cannot hold as ? as well, so that printing a line never fails. Bytes, since the
    UTF-8 encoder takes only ASCII text from a handler."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    try:
        mark = REPLACEMENT.encode(error.encoding)
    except (UnicodeError, LookupError):
        mark = b"?"
    return mark * (error.end - error.start), error.end


codecs.register_error(ERRORS, _replace)

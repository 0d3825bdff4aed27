"""What python-calamine would allocate for an old-style .xls workbook, found before it opens it.

An .xls is an OLE compound file (MS-CFB: a file system of 512- or 4096-byte sectors chained by a
sector allocation table) whose Workbook stream (Book in Excel 5/95) is a sequence of BIFF records
(MS-XLS: a 2-byte type and a 2-byte size). calamine reads every sheet of it on opening, and for
each one:
- reserves room for as many cells as the sheet's DIMENSIONS record claims (its row counts are four
  bytes wide: one record can claim billions of cells), and
- allocates the rectangle from A1 to its furthest cell (a column is two bytes wide here, not
  Excel's 256 columns: a single cell at column 65,535 makes 4 billion cells).
Either aborts the process on a 5 KB file. A chain of sectors that loops back on itself makes
calamine read forever. So `sheet_sizes` reads the compound file as calamine does, strictly (any
inconsistency is damage), and returns each sheet's size by both measures; the guard refuses what
is too large.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFF_FFFE
_FREE = 0xFFFF_FFFF
_MINI_CUTOFF = 4096  # streams shorter than this live in the mini stream, in 64-byte sectors
_MINI_SECTOR = 64
_DIRECTORY_ENTRY = 128
_STREAM_NAMES = ("workbook", "book")  # what calamine opens, Excel 97+ and Excel 5/95

# BIFF record types calamine takes a cell's position from (row, then column, two bytes each).
_CELLS = frozenset(
    (
        0x0006,  # FORMULA (its text result follows in a STRING record, at the same position)
        0x0203,  # NUMBER
        0x0204,  # LABEL
        0x0205,  # BOOLERR
        0x027E,  # RK
        0x00FD,  # LABELSST
    )
)
_MULRK = 0x00BD  # several RK cells in a row: row, first column, 6 bytes each, last column
_DIMENSIONS = 0x0200
_BOUNDSHEET = 0x0085  # a sheet: where its records start in the stream, and its name
_BOF = 0x0809
_CODEPAGE = 0x0042
_EOF = 0x000A
_BEFORE_BIFF8 = frozenset((0x0002, 0x0007, 0x0200, 0x0300, 0x0400, 0x0500))  # BOF versions


class Damaged(Exception):
    """The compound file is inconsistent (calamine might loop or allocate without bound)."""


@dataclass
class XlsSheet:
    name: str
    rows: int = 0  # the rectangle of cells calamine allocates, from A1
    columns: int = 0
    claimed_rows: int = 0  # what the DIMENSIONS record makes calamine reserve
    claimed_columns: int = 0

    @property
    def cells(self) -> int:
        return max(self.rows * self.columns, self.claimed_rows * self.claimed_columns)


def sheet_sizes(data: bytes) -> list[XlsSheet]:
    """Every sheet of every workbook stream in the compound file `data`, as calamine would read
    them; Damaged when the file's structure is inconsistent."""
    sheets = []
    for stream in _Compound(data).streams(_STREAM_NAMES):
        sheets.extend(workbook_sheets(stream))
    return sheets


class _Compound:
    """An OLE compound file, read strictly: every sector inside the file, no chain longer than
    the file has sectors (a loop is damage), no stream longer than the file."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(_SIGNATURE):
            raise Damaged("header")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise Damaged("sector sizes")
        self.size = 1 << shift
        (cutoff,) = struct.unpack_from("<I", data, 56)
        if cutoff != _MINI_CUTOFF:
            raise Damaged("mini stream cutoff")
        self.count = len(data) // self.size - 1  # sectors after the header's
        (directory_start,) = struct.unpack_from("<I", data, 48)
        mini_fat_start, _, difat_start = struct.unpack_from("<III", data, 60)
        self.fat = self._allocation_table(list(struct.unpack_from("<109I", data, 76)), difat_start)
        directory = self.chain(directory_start)
        self.entries = [
            directory[at : at + _DIRECTORY_ENTRY]
            for at in range(0, len(directory) - _DIRECTORY_ENTRY + 1, _DIRECTORY_ENTRY)
        ]
        if not self.entries:
            raise Damaged("no root entry")
        root_start, root_size = self._place(self.entries[0])
        self.mini_stream = self.chain(root_start, root_size) if root_start != _END_OF_CHAIN else b""
        mini_fat = self.chain(mini_fat_start)
        self.mini_fat = struct.unpack(f"<{len(mini_fat) // 4}I", mini_fat[: len(mini_fat) // 4 * 4])

    def _sector(self, number: int) -> bytes:
        if number >= self.count:
            raise Damaged("sector outside the file")
        start = (number + 1) * self.size
        return self.data[start : start + self.size]

    def _allocation_table(self, difat: list[int], next_difat: int) -> tuple[int, ...]:
        """The FAT: the sectors the header's 109 entries and the DIFAT chain name, joined."""
        per_sector = self.size // 4
        for _ in range(self.count + 1):
            if next_difat in (_FREE, _END_OF_CHAIN):
                break
            entries = struct.unpack(f"<{per_sector}I", self._sector(next_difat))
            difat.extend(entries[:-1])
            next_difat = entries[-1]
        else:
            raise Damaged("DIFAT chain loops")
        table = b"".join(self._sector(number) for number in difat if number != _FREE)
        return struct.unpack(f"<{len(table) // 4}I", table)

    def chain(self, start: int, size: int | None = None) -> bytes:
        """The bytes of the sector chain from `start` through the FAT, cut to `size`."""
        return self._follow(start, size, self.fat, self._sector, self.count)

    def _mini_chain(self, start: int, size: int) -> bytes:
        def sector(number: int) -> bytes:
            begin = number * _MINI_SECTOR
            if begin + _MINI_SECTOR > len(self.mini_stream):
                raise Damaged("mini sector outside the mini stream")
            return self.mini_stream[begin : begin + _MINI_SECTOR]

        slots = len(self.mini_stream) // _MINI_SECTOR
        return self._follow(start, size, self.mini_fat, sector, slots)

    def _follow(self, start, size, table, sector, slots: int) -> bytes:
        """Follow a chain through `table`: it may visit each of the `slots` sectors once (calamine
        follows a loop for ever), and the stream it holds is no larger than the file."""
        if size is not None and size > len(self.data):
            raise Damaged("stream larger than the file")
        parts = []
        number = start
        for _ in range(slots + 1):
            if number == _END_OF_CHAIN:
                break
            if number >= len(table):
                raise Damaged("chain leaves the allocation table")
            parts.append(sector(number))
            number = table[number]
        else:
            raise Damaged("chain loops")
        joined = b"".join(parts)
        return joined if size is None else joined[:size]

    def _place(self, entry: bytes) -> tuple[int, int]:
        """A directory entry's first sector and size (four bytes of it in 512-byte files)."""
        start, size = struct.unpack_from("<IQ", entry, 116)
        return start, size if self.size == 4096 else size & 0xFFFF_FFFF

    def streams(self, names: tuple[str, ...]) -> list[bytes]:
        """Every entry named as one of `names` (any case): calamine takes the first of each
        name, and a file may hold more."""
        found = []
        for entry in self.entries:
            name = entry[:64].decode("utf-16-le", "ignore").split("\0", 1)[0]
            if name.lower() not in names:
                continue
            start, size = self._place(entry)
            if size < _MINI_CUTOFF:
                found.append(self._mini_chain(start, size))
            else:
                found.append(self.chain(start, size))
        return found


def _records(stream: bytes, position: int):
    """(type, body start, body end) of each record from `position`, until the stream ends or a
    record runs past it (calamine stops there too, with an error)."""
    end = len(stream)
    while position + 4 <= end:
        kind, size = struct.unpack_from("<HH", stream, position)
        body = position + 4
        if body + size > end:
            return
        yield kind, body, body + size
        position = body + size


def workbook_sheets(stream: bytes) -> list[XlsSheet]:
    """The sheets of a workbook stream: the globals name each one (BOUNDSHEET: its name and where
    its records start), up to their EOF record, as calamine reads them."""
    places: list[tuple[int, str]] = []
    biff8, codepage = True, "cp1252"
    for kind, body, end in _records(stream, 0):
        if kind == _EOF:
            break
        if kind == _BOF and end - body >= 2:
            biff8 = struct.unpack_from("<H", stream, body)[0] not in _BEFORE_BIFF8
        elif kind == _CODEPAGE and end - body >= 2:
            codepage = f"cp{struct.unpack_from('<H', stream, body)[0]}"
        elif kind == _BOUNDSHEET and end - body >= 4:
            (place,) = struct.unpack_from("<I", stream, body)
            places.append((place, _sheet_name(stream[body + 6 : end], biff8, codepage)))
    return [_scan_sheet(stream, place, name) for place, name in places if place < len(stream)]


def _sheet_name(data: bytes, biff8: bool, codepage: str) -> str:
    if not data:
        return ""
    length, text = data[0], data[1:]
    if biff8 and text:
        wide, text = text[0] & 1, text[1:]
        raw = text[: length * 2] if wide else text[:length]
        return raw.decode("utf-16-le" if wide else "latin-1", "replace")
    try:
        return text[:length].decode(codepage, "replace")
    except LookupError:
        return text[:length].decode("latin-1")


def _scan_sheet(stream: bytes, place: int, name: str) -> XlsSheet:
    sheet = XlsSheet(name)
    last_row = last_column = -1
    for kind, body, end in _records(stream, place):
        if kind == _EOF:
            break
        if kind in _CELLS and end - body >= 4:
            row, column = struct.unpack_from("<HH", stream, body)
        elif kind == _MULRK and end - body >= 6:
            row, first = struct.unpack_from("<HH", stream, body)
            (last,) = struct.unpack_from("<H", stream, end - 2)
            column = max(last, first + -(-(end - body - 6) // 6) - 1)
        elif kind == _DIMENSIONS:
            rows, columns = _dimensions(stream[body:end])
            sheet.claimed_rows = max(sheet.claimed_rows, rows)
            sheet.claimed_columns = max(sheet.claimed_columns, columns)
            continue
        else:
            continue
        last_row, last_column = max(last_row, row), max(last_column, column)
    sheet.rows, sheet.columns = last_row + 1, last_column + 1
    return sheet


def _dimensions(data: bytes) -> tuple[int, int]:
    """The rows and columns calamine reserves for a DIMENSIONS record: last - first + 1, where a
    first beyond the last wraps around (calamine subtracts unsigned four-byte numbers)."""
    if len(data) == 10:
        first_row, after_row, first_column, after_column = struct.unpack_from("<HHHH", data)
    elif len(data) == 14:
        first_row, after_row, first_column, after_column = struct.unpack_from("<IIHH", data)
    else:
        return 0, 0  # calamine refuses the file
    if after_row < 1 or after_column < 1:
        return 1, 1
    rows = (after_row - 1 - first_row) % (1 << 32) + 1
    columns = (after_column - 1 - first_column) % (1 << 32) + 1
    return rows, columns


__all__ = ["Damaged", "XlsSheet", "sheet_sizes", "workbook_sheets"]

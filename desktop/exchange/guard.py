"""Refusing a hostile or broken file before it can hurt: every reader of a file a user picked
(spreadsheets, CSV, sync packages) goes through here, so one set of limits and one set of
Chinese messages apply everywhere.

python-calamine trusts its input: a two-cell .xlsx with cells at A1 and XFD1048576 makes it
allocate the whole rectangle (hundreds of GB: the process aborts, no exception to catch), a zip
bomb inflates as long as it likes, and formula errors (#DIV/0!, #N/A) come back as empty cells.
So before calamine opens a zip-based workbook, `survey_workbook` checks the file's kind from its
first bytes, the zip's declared sizes and compression ratios, then inflates every member once
in bounded chunks (never more than it declared, never more than the limits) and scans the
sheets (their XML, or an .xlsb's records) for the rectangle calamine will allocate and for error
cells. An old .xls is read as calamine reads it, sheet by sheet, for the room it will reserve and
the rectangle it will allocate (xls_scan.py). A panic inside calamine on a damaged file is caught
by the readers (see reading.py). After a sheet is read, `check_rows` refuses over-long cells and
error values in any format.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from desktop.errors import FengwangError
from desktop.exchange import xls_scan

# A roster of 100,000 rows is a 5 MB .xlsx (50 MB of sheet XML); a county's sync package is
# larger but still tens of MB. Anything beyond these limits is not a file a clerk made.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # all members together, inflated
MAX_MEMBERS = 10_000
# Sheet XML deflates 10–20 times (15 for a 100,000-row roster, also for thousands of styled empty
# cells); a zip bomb, about 1000 times. Small members may be anything: they cannot hurt.
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024
# calamine holds a sheet as a dense rectangle (~40 bytes a cell with the Python lists), so
# 5,000,000 cells is ~200 MB: room for 100,000 rows × 50 columns on a 4 GB office PC.
MAX_CELLS = 5_000_000
# .xls and .ods: calamine holds every sheet of the workbook at once
MAX_WORKBOOK_CELLS = 2 * MAX_CELLS
MAX_CELL_CHARS = 32_767  # Excel's own limit: a longer cell was not made in Excel or WPS
ERROR_VALUES = frozenset(
    (
        "#DIV/0!",
        "#REF!",
        "#N/A",
        "#VALUE!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
    )
)

NOT_A_WORKBOOK = "它不是有效的 Excel 工作簿或表格文件"

_CHUNK = 4 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream Excel and WPS encrypt into
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_WORKBOOK = "xl/workbook.xml"
_XLSB_SHEET = re.compile(r"xl/worksheets/[^/]+\.bin", re.IGNORECASE)
_XLSB_LAST_ROW = 0x10_0000  # calamine stops reading a sheet at a row beyond this
_XLSB_END_SHEET_DATA = 0x92
# The rest of a tag after a cell's position, up to its end: quoted attribute values are skipped
# whole, since a value may hold ">" or "/>" (x="/>" must not make a cell with a value look empty:
# calamine reads it). Possessive, so that a tag that never ends costs one pass, not backtracking.
_TAG_REST = rb"""(?:[^>"'/]++|"[^"]*+"|'[^']*+'|/(?!>))*+"""
# A cell with a position (r="B12"); the closing "/>" tells an empty (styled) cell, which calamine
# skips, from one with a value. Attributes are unqualified in SpreadsheetML, so " r=" is a cell's.
# The fast pattern has a literal start; the thorough one (other spacing, quotes) runs only on a
# chunk that holds such spacing.
_CELL_REF = re.compile(rb' r="([A-Za-z]{1,3})([0-9]{1,7})"' + _TAG_REST + rb"(/?)>")
_CELL_REF_ANY = re.compile(
    rb"""\sr\s*=\s*["']([A-Za-z]{1,3})([0-9]{1,7})["']""" + _TAG_REST + rb"(/?)>"
)
# The same, for a chunk where every cell opens with `<c r="`: the row, or the column, of each cell
# with a value (its tag does not end in "/>").
_VALUED_ROW = re.compile(rb'<c r="[A-Za-z]{1,3}([0-9]{1,7})"' + _TAG_REST + rb">")
_VALUED_COLUMN = re.compile(rb'<c r="([A-Za-z]{1,3})[0-9]{1,7}"' + _TAG_REST + rb">")
_RARE_CELL_TAGS = (b"<c>", b":c ", b":c>", b"<c\t", b"<c\n", b"<c\r", b"<c/")
_ODD_SPACING = (b"\tr=", b"\nr=", b"\rr=", b" r='", b" r =", b" r= ")
_ROW_REF = re.compile(rb"""row\s[^>]*?\br\s*=\s*["']([0-9]{1,7})["']""")
# A cell of type "e" (a formula error), however its attributes are spelt and whatever their
# quoted values hold (x=">" must not hide the type that follows it: calamine reads it), and its
# position within that tag.
_ATTRIBUTES = rb"""(?:[^>"']|"[^"]*"|'[^']*')*?"""
_ERROR_CELL = re.compile(
    rb"<(?:[\w.-]+:)?c\s" + _ATTRIBUTES + rb"""(?<=\s)t\s*=\s*(?:"e"|'e')""" + _ATTRIBUTES + rb">"
)
_ERROR_HINTS = (b'"e"', b"'e'")
_CELL_POSITION = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,3}[0-9]{1,7})["']""")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]{0,40})</")
_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


@dataclass
class SheetSurvey:
    """What calamine would build for one sheet: its rectangle, and the first error cell."""

    rows: int = 0
    columns: int = 0
    error: str = ""  # e.g. "B3 #DIV/0!"


@dataclass
class Survey:
    """A workbook's sheets as found before calamine opens it (by sheet name; empty for the
    formats not scanned)."""

    sheets: dict[str, SheetSurvey] = field(default_factory=dict)


def check_file(path: Path) -> int:
    """The size of a file that exists and is not too large to read."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FengwangError(f"找不到文件：{path}") from None
    except OSError as err:
        raise FengwangError(f"无法读取文件 {path}：{err.strerror or err}") from err
    if path.is_dir():
        raise FengwangError(f"{path} 是一个文件夹，不是文件：请选择文件夹里要读取的那个文件")
    if not path.is_file():
        raise FengwangError(f"找不到文件：{path}")
    if size == 0:
        raise FengwangError(f"无法读取文件 {path.name}：文件是空的（0 字节）")
    if size > MAX_FILE_BYTES:
        raise FengwangError(
            f"文件 {path.name} 过大（{size / 1024 / 1024:.0f} MB，最多 "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB），已拒绝读取"
        )
    return size


def survey_workbook(path: Path) -> Survey:
    """Check a workbook before calamine opens it; a FengwangError in Chinese if it is not a
    spreadsheet of its kind, is damaged, encrypted or a bomb."""
    check_file(path)
    suffix = path.suffix.lower()
    head = _read_bytes(path, 8192)
    if head.startswith(_OLE):
        if suffix == ".xls":
            return _survey_xls(path)
        raise FengwangError(_ole_message(path))
    if head.startswith(_ZIP):
        if suffix == ".xls":
            raise FengwangError(
                f"文件 {path.name} 其实是 .xlsx 格式，请把扩展名改为 .xlsx 后再导入"
            )
        return _survey_zip(path, suffix)
    raise FengwangError(_not_a_workbook(path, head))


def cannot_read(path: Path) -> str:
    return f"没有权限读取文件 {path}（是否正在被其他程序打开？）"


def _read_bytes(path: Path, size: int) -> bytes:
    """Up to `size` bytes of the file, or the Chinese refusal when it cannot be read."""
    try:
        with open(path, "rb") as file:
            return file.read(size)
    except OSError as err:
        raise FengwangError(cannot_read(path)) from err


def _ole_message(path: Path) -> str:
    """An OLE compound file named .xlsx/.ods: Excel and WPS write an encrypted workbook so."""
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES)
    except OSError:
        data = b""
    if _ENCRYPTED in data:
        return f"工作簿 {path.name} 有密码保护，请先在 Excel/WPS 中取消密码后再导入"
    return (
        f"文件 {path.name} 其实是旧版 .xls 格式，请把扩展名改为 .xls，"
        "或在 Excel/WPS 中另存为 .xlsx 后再导入"
    )


def _not_a_workbook(path: Path, head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if head.startswith(b"%PDF"):
        kind = "它是 PDF 文档"
    elif b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        kind = "它是 Excel 2003 XML 表格"
    elif text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in text:
        return (
            f"文件 {path.name} 虽然以 {path.suffix} 结尾，其实是网页（HTML）格式"
            "（一些系统导出的“Excel”就是这样）：请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
        )
    elif _looks_like_text(head):
        kind = "它是文本文件"
    else:
        kind = "内容无法识别"
    return f"无法读取文件 {path.name}：{NOT_A_WORKBOOK}（{kind}），请在 Excel/WPS 中另存为 .xlsx 后再导入"


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030", "utf-16"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return b"\x00" not in head or encoding == "utf-16"
    return False


def _damaged(path: Path) -> FengwangError:
    return FengwangError(
        f"无法读取文件 {path.name}：{NOT_A_WORKBOOK}，文件已损坏或不完整"
        "（可能没有下载或复制完整），请重新获取后再导入"
    )


def _bomb(path: Path, why: str) -> FengwangError:
    return FengwangError(f"文件 {path.name} 过大或被压缩得异常（{why}），已拒绝读取")


def _survey_zip(path: Path, suffix: str) -> Survey:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_declared(path, members)
            if suffix == ".ods":
                scans = _scan_members(
                    path, archive, lambda name: _OdsScan() if name == "content.xml" else None
                )
                tables = scans["content.xml"].sheets if "content.xml" in scans else {}
                check_every_sheet(path, {name: (t.rows, t.columns) for name, t in tables.items()})
                return Survey(tables)
            if suffix == ".xlsb":
                _survey_xlsb(path, archive)
                return Survey()
            # every part a sheet of the workbook names, wherever it lies: calamine follows the
            # workbook's relationships, not the folder Excel happens to use
            names = _sheet_parts(archive) if _WORKBOOK in archive.NameToInfo else {}
            sheet_parts = set(names.values())
            scans = _scan_members(
                path,
                archive,
                lambda name: (
                    _XlsxScan()
                    if name.lower() in sheet_parts or _WORKSHEET.fullmatch(name)
                    else None
                ),
            )
    except FengwangError:
        raise
    except Exception as err:  # zipfile, zlib and struct raise many types for one cause
        raise _damaged(path) from err
    return Survey({name: scans[part].result() for name, part in names.items() if part in scans})


def _scan_members(
    path: Path, archive: zipfile.ZipFile, scanner_for: Callable[[str], Any]
) -> dict[str, Any]:
    """Inflate every member once (see _inflate), feeding it to the scanner `scanner_for(its name)`
    makes for it, if any; the scanners by member name, lower case."""
    scans = {}
    for member in archive.infolist():
        scan = scanner_for(member.filename)
        _inflate(path, archive, member, scan.feed if scan is not None else None)
        if scan is not None:
            scans[member.filename.lower()] = scan
    return scans


def _survey_xls(path: Path) -> Survey:
    """Refuse an .xls whose sheets calamine would make too large (see xls_scan): it reads every
    sheet on opening, reserving what each one's DIMENSIONS record claims."""
    data = _read_bytes(path, MAX_FILE_BYTES)
    try:
        sheets = xls_scan.sheet_sizes(data)
    except Exception as err:  # Damaged, and struct's errors on a file cut short
        raise _damaged(path) from err
    sizes = {}
    for sheet in sheets:
        claimed = sheet.claimed_rows * sheet.claimed_columns > sheet.rows * sheet.columns
        sizes[sheet.name] = (
            (sheet.claimed_rows, sheet.claimed_columns) if claimed else (sheet.rows, sheet.columns)
        )
    check_every_sheet(path, sizes)
    return Survey({name: SheetSurvey(rows, columns) for name, (rows, columns) in sizes.items()})


def _survey_xlsb(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse an .xlsb with a sheet too large, found from each sheet part's records (binary: no
    names are kept, so any sheet's rectangle refuses the workbook, named by its part)."""
    rels = "xl/_rels/workbook.bin.rels"
    targets = _relationship_targets(archive, rels) if rels in archive.NameToInfo else {}
    sheet_parts = {_part(target) for target in targets.values() if target.lower().endswith(".bin")}
    scans = _scan_members(
        path,
        archive,
        lambda name: (
            _XlsbScan() if name.lower() in sheet_parts or _XLSB_SHEET.fullmatch(name) else None
        ),
    )
    for part, scan in scans.items():
        check_size(path, PurePosixPath(part).stem, scan.rows, scan.columns)


def _check_declared(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise _bomb(path, f"包含 {len(members)} 个部件")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise _bomb(path, f"解压后有 {total // 1024 // 1024} MB")
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and (
            member.file_size > MAX_RATIO * max(member.compress_size, 1)
        ):
            raise _bomb(path, f"压缩比超过 {MAX_RATIO} 倍")


def _inflate(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, sink) -> None:
    """Inflate one member in bounded chunks, refusing it the moment it outgrows what its header
    declared (a lying header is how a bomb slips past the size check), and check its CRC."""
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _damaged(path)  # Excel, WPS and LibreOffice only ever store or deflate
    file = archive.fp
    file.seek(member.header_offset)
    local = file.read(30)
    if len(local) != 30 or local[:4] != b"PK\x03\x04":
        raise _damaged(path)
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    file.seek(member.header_offset + 30 + name_length + extra_length)
    inflater = zlib.decompressobj(-15) if member.compress_type == zipfile.ZIP_DEFLATED else None
    left = member.compress_size
    produced = 0
    crc = 0
    while left > 0 or (inflater is not None and inflater.unconsumed_tail):
        if inflater is not None and inflater.unconsumed_tail:
            data = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        else:
            raw = file.read(min(left, _CHUNK))
            if not raw:
                raise _damaged(path)
            left -= len(raw)
            data = inflater.decompress(raw, _CHUNK) if inflater is not None else raw
        produced += len(data)
        if produced > member.file_size:
            raise _bomb(path, "实际解压后的大小与文件记录的不符")
        crc = zlib.crc32(data, crc)
        if sink is not None:
            sink(data)
    if produced != member.file_size or crc != member.CRC:
        raise _damaged(path)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its worksheet part (lower case), from workbook.xml and its relationships."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    targets = _relationship_targets(archive, "xl/_rels/workbook.xml.rels")
    return {
        sheet.get("name", ""): _part(targets.get(sheet.get(relation), ""))
        for sheet in _small_xml(archive, _WORKBOOK).iter(f"{main}sheet")
    }


def _relationship_targets(archive: zipfile.ZipFile, rels: str) -> dict[str, str]:
    """Relationship id → its target, from the workbook's relationships part."""
    return {
        item.get("Id", ""): item.get("Target", "")
        for item in _small_xml(archive, rels).iter()
        if item.get("Id")
    }


def _part(target: str) -> str:
    """The zip member (lower case) a target of the workbook's relationships names."""
    part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return str(PurePosixPath(part)).lower()


def _small_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    if archive.getinfo(name).file_size > RATIO_FLOOR_BYTES * 10:
        raise ValueError(name)  # a workbook's index is a few KB
    return ElementTree.fromstring(archive.read(name))


class _XlsxScan:
    """The rectangle of valued cells of one worksheet's XML, fed in chunks."""

    def __init__(self) -> None:
        self._carry = b""
        self.rows = 0
        self.columns = 0
        self.row_tags = 0
        self.cell_tags = 0
        self.placed = 0
        self.error = ""

    def feed(self, data: bytes) -> None:
        buffer = self._carry + data
        cut = buffer.rfind(b"<")
        if cut < 0:
            cut = len(buffer)
        self._carry = buffer[cut:]
        if len(self._carry) > _CHUNK:
            raise ValueError("tag too long")  # no real tag is megabytes long
        self._scan(buffer[:cut])

    def _scan(self, text: bytes) -> None:
        placed = text.count(b'<c r="')
        if (
            text.count(b"<c") == placed
            and b":c" not in text
            and b" r =" not in text
            and text.count(b"r=") == text.count(b' r="')
        ):
            # as every spreadsheet program writes them: each cell opens with its position, and no
            # position is spelt otherwise; the valued cells' rows and columns then come from two
            # lean patterns (a tuple per cell would cost 3× as much)
            tags = placed
            rows, columns = _VALUED_ROW.findall(text), _VALUED_COLUMN.findall(text)
        else:
            tags = text.count(b"<c ")
            tags += sum(text.count(tag) for tag in _RARE_CELL_TAGS if tag in text)
            odd = any(spacing in text for spacing in _ODD_SPACING)  # written by no program
            found = (_CELL_REF_ANY if odd else _CELL_REF).findall(text)
            placed = len(found)
            valued = [(column, row) for column, row, closing in found if not closing]
            columns = [column for column, _ in valued]
            rows = [row for _, row in valued]
        self.cell_tags += tags
        self.placed += placed
        if rows:
            self.rows = max(self.rows, max(map(int, set(rows))))
            self.columns = max(
                self.columns, max(map(_column_number, {column.upper() for column in set(columns)}))
            )
        self.row_tags += text.count(b"<row") + text.count(b":row")
        if tags > placed and (numbers := _ROW_REF.findall(text)):  # cells without r=
            self.row_tags = max(self.row_tags, max(map(int, numbers)))
        if (
            not self.error
            and any(hint in text for hint in _ERROR_HINTS)
            and (match := _ERROR_CELL.search(text))
        ):
            where = _CELL_POSITION.search(match.group(0))
            value = _VALUE.match(text, match.end())
            self.error = " ".join(
                part.decode("utf-8", "replace")
                for part in (where and where.group(1).upper(), value and value.group(1))
                if part
            )

    def result(self) -> SheetSurvey:
        self._scan(self._carry)
        self._carry = b""
        # calamine places cells without an r attribute one after another: bound them by count
        # (in as many rows as there are row tags); a row without cells costs nothing
        unplaced = max(0, self.cell_tags - self.placed)
        rows = max(self.rows, self.row_tags) if unplaced else self.rows
        return SheetSurvey(rows, max(self.columns, unplaced), self.error)


class _XlsbScan:
    """The rectangle of cells of one .xlsb worksheet part, from its record stream fed in chunks
    (MS-XLSB: each record is a type of 1–2 and a size of 1–4 bytes, 7 bits each, the high bit
    saying more follows). As calamine reads it: BrtRowHdr (0) sets the row, BrtCellRk to
    BrtFmlaError (2–11) are cells whose column is the first four bytes, BrtEndSheetData (0x92)
    ends the cells, and so does a row past Excel's last."""

    def __init__(self) -> None:
        self._carry = b""
        self._skip = 0  # bytes of a record's body still to pass over
        self._done = False
        self._row = 0
        self.rows = 0
        self.columns = 0

    def feed(self, data: bytes) -> None:
        if self._done:
            return
        if self._skip >= len(data):
            self._skip -= len(data)
            return
        buffer = self._carry + data[self._skip :]
        self._skip = 0
        position = 0
        while True:
            header = _record_header(buffer, position)
            if header is None:
                break
            kind, size, body = header
            if kind == 0 or 2 <= kind <= 11:
                if body + min(size, 4) > len(buffer):
                    break  # its first four bytes come with the next chunk
                value = int.from_bytes(buffer[body : body + 4], "little") if size >= 4 else 0
                if kind == 0:
                    self._row = value
                    if value > _XLSB_LAST_ROW:
                        self._done = True
                        return
                else:
                    self.rows = max(self.rows, self._row + 1)
                    self.columns = max(self.columns, value + 1)
            elif kind == _XLSB_END_SHEET_DATA:
                self._done = True
                return
            position = body + size
            if position > len(buffer):
                self._skip = position - len(buffer)
                position = len(buffer)
                break
        self._carry = buffer[position:]


def _record_header(buffer: bytes, position: int) -> tuple[int, int, int] | None:
    """(type, size, where the body starts) of the record at `position`; None if the header is not
    all in `buffer` yet."""
    values = []
    for width in (2, 4):
        value = 0
        for shift in range(width):
            if position >= len(buffer):
                return None
            byte = buffer[position]
            position += 1
            value |= (byte & 0x7F) << (7 * shift)
            if not byte & 0x80:
                break
        values.append(value)
    return values[0], values[1], position


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _OdsScan:
    """The rectangle of valued cells of each table of an .ods content.xml, repeats included
    (table:number-rows-repeated="1048576" on a valued row is how a tiny .ods asks for billions)."""

    def __init__(self) -> None:
        self.sheets: dict[str, SheetSurvey] = {}
        self._parser = expat.ParserCreate(namespace_separator=" ")
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._sheet: SheetSurvey | None = None
        self._row = 0
        self._row_repeat = 1
        self._column = 0
        self._row_valued = False

    def feed(self, data: bytes) -> None:
        self._parser.Parse(data, False)

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        if name == f"{_ODS_TABLE} table":
            self._sheet = self.sheets.setdefault(
                attributes.get(f"{_ODS_TABLE} name", ""), SheetSurvey()
            )
            self._row = 0
        elif self._sheet is None:
            return
        elif name == f"{_ODS_TABLE} table-row":
            self._row_repeat = _repeat(attributes, "number-rows-repeated")
            self._column = 0
            self._row_valued = False
        elif name in (f"{_ODS_TABLE} table-cell", f"{_ODS_TABLE} covered-table-cell"):
            repeat = _repeat(attributes, "number-columns-repeated")
            if f"{_ODS_OFFICE} value-type" in attributes:
                self._sheet.columns = max(self._sheet.columns, self._column + repeat)
                self._row_valued = True
            self._column += repeat

    def _end(self, name: str) -> None:
        if name == f"{_ODS_TABLE} table-row" and self._sheet is not None:
            self._row += self._row_repeat
            if self._row_valued:
                self._sheet.rows = max(self._sheet.rows, self._row)
        elif name == f"{_ODS_TABLE} table":
            self._sheet = None


def _repeat(attributes: dict[str, str], name: str) -> int:
    text = attributes.get(f"{_ODS_TABLE} {name}", "1")
    return int(text) if text.isdigit() and len(text) < 12 else 1


def check_survey(path: Path, survey: Survey, sheet: str) -> None:
    """Refuse a sheet the survey found too large or holding an error cell, before it is read."""
    found = survey.sheets.get(sheet)
    if found is None:
        return
    check_size(path, sheet, found.rows, found.columns)
    if found.error:
        raise FengwangError(_error_message(sheet, found.error))


def check_every_sheet(path: Path, sizes: dict[str, tuple[int, int]]) -> None:
    """Refuse a workbook of which calamine reads every sheet on opening (.xls, .ods) when one
    sheet is too large, or all of them together are."""
    for name, (rows, columns) in sizes.items():
        check_size(path, name, rows, columns)
    total = sum(rows * columns for rows, columns in sizes.values())
    if total > MAX_WORKBOOK_CELLS:
        raise FengwangError(
            f"文件 {path.name} 的各工作表合计范围过大（{len(sizes)} 个工作表共 {total} 个单元格），"
            f"超过本程序能读取的 {MAX_WORKBOOK_CELLS} 个单元格，已拒绝读取：请删除多余的工作表、"
            "行和列后再导入"
        )


def check_size(path: Path, sheet: str, rows: int, columns: int) -> None:
    if rows * columns > MAX_CELLS:
        raise FengwangError(
            f"文件 {path.name} 的工作表“{sheet}”范围过大（{rows} 行 × {columns} 列），"
            f"超过本程序能读取的 {MAX_CELLS} 个单元格，已拒绝读取：请删除多余的行和列后再导入"
        )


def _error_message(sheet: str, where: str) -> str:
    return (
        f"工作表“{sheet}”的单元格 {where} 是公式错误值（如 #DIV/0!、#REF!、#N/A）："
        "请在 Excel/WPS 中改正或清除后再导入"
    )


def check_rows(sheet: str, rows: list[list[Any]]) -> None:
    """Refuse a sheet holding a cell longer than Excel allows or a formula error value."""
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if type(value) is not str or not value:
                continue
            if len(value) > MAX_CELL_CHARS:
                raise FengwangError(
                    f"工作表“{sheet}”的单元格 {_letters(column)}{number} 内容过长"
                    f"（{len(value)} 个字，最多 {MAX_CELL_CHARS} 个字），已拒绝读取"
                )
            if value[0] == "#" and value.strip() in ERROR_VALUES:
                raise FengwangError(
                    _error_message(sheet, f"{_letters(column)}{number} {value.strip()}")
                )


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


__all__ = [
    "ERROR_VALUES",
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_RATIO",
    "MAX_UNPACKED_BYTES",
    "MAX_WORKBOOK_CELLS",
    "NOT_A_WORKBOOK",
    "SheetSurvey",
    "Survey",
    "cannot_read",
    "check_every_sheet",
    "check_file",
    "check_rows",
    "check_size",
    "check_survey",
    "survey_workbook",
]

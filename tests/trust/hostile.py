"""A corpus of hostile and broken files, generated on demand: what a clerk may be handed on a USB
stick (a PDF named .xlsx, a download cut short, a zip bomb, an encrypted workbook, an .xls that
is a web page, a CSV in the wrong encoding, a sync package edited by hand, a damaged backup).

Each builder writes into a folder and returns {name: path}; nothing large is ever written (the
bombs are deflate streams built from one repeated compressed block).
"""

from __future__ import annotations

import io
import random
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

GIB = 1024**3

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
ROSTER_HEADER = ["姓名", "身份证号码", "性别", "联系电话", "村(社区)", "网格", "岗位", "任职日期"]


def _text_cell(ref: str, text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{escaped}</t></is></c>'


def _header_row() -> str:
    cells = "".join(_text_cell(f"{chr(65 + i)}1", name) for i, name in enumerate(ROSTER_HEADER))
    return f'<row r="1">{cells}</row>'


def xlsx_bytes(sheet_xml: str | bytes, part: str = "worksheets/sheet1.xml") -> bytes:
    """A minimal .xlsx (one sheet, 花名册) around the given worksheet XML, stored as xl/`part`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.replace("worksheets/sheet1.xml", part)
        )
        archive.writestr(f"xl/{part}", sheet_xml)
    return buffer.getvalue()


# ------------------------------------------------------------------------- binary workbooks


def _varint(number: int) -> bytes:
    """An .xlsb record's type or size: 7 bits a byte, the high bit saying more follows."""
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | 0x80 if number else low)
        if not number:
            return bytes(out)


def xlsb_record(kind: int, body: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(body)) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb_sheet(rows: list[tuple[int, list[tuple[int, str | float]]]]) -> bytes:
    """A worksheet part's records: (row, [(column, text or number)]) as Excel writes them."""
    records = xlsb_record(0x81) + xlsb_record(0x94, bytes(16)) + xlsb_record(0x91)
    for row, cells in rows:
        records += xlsb_record(0, struct.pack("<IIHBBBI", row, 0, 300, 0, 0, 0, 0))
        for column, value in cells:
            cell = struct.pack("<II", column, 0)
            if isinstance(value, str):
                records += xlsb_record(6, cell + _wide(value))  # BrtCellSt
            else:
                records += xlsb_record(5, cell + struct.pack("<d", value))  # BrtCellReal
    return records + xlsb_record(0x92) + xlsb_record(0x82)


def xlsb_bytes(rows: list[tuple[int, list[tuple[int, str | float]]]]) -> bytes:
    """A minimal .xlsb (one sheet, 花名册) that calamine reads, around xlsb_sheet(rows)."""
    bundle = struct.pack("<II", 0, 1) + _wide("rId1") + _wide("花名册")  # BrtBundleSh
    book = b"".join(
        (xlsb_record(0x83), xlsb_record(0x8F), xlsb_record(0x9C, bundle), xlsb_record(0x90))
    )
    relationships = _WORKBOOK_RELS.replace("sheet1.xml", "sheet1.bin")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS.replace("workbook.xml", "workbook.bin"))
        archive.writestr("xl/workbook.bin", book + xlsb_record(0x84))
        archive.writestr("xl/_rels/workbook.bin.rels", relationships)
        archive.writestr("xl/worksheets/sheet1.bin", xlsb_sheet(rows))
    return buffer.getvalue()


def _xlsb_roster() -> list[tuple[int, list[tuple[int, str | float]]]]:
    return [
        (0, list(enumerate(ROSTER_HEADER))),
        (1, list(enumerate(str(value) for value in VALID_ROWS[0]))),
    ]


def xls_bytes(sheets: dict[str, list[tuple[int, int, str]]]) -> bytes:
    """An .xls (BIFF8, written by xlwt) with the given (row, column, text) cells in each sheet."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, cells in sheets.items():
        sheet = book.add_sheet(name)
        for column, text in enumerate(ROSTER_HEADER):
            sheet.write(0, column, text)
        for row, column, text in cells:
            sheet.write(row, column, text)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xls_record(data: bytes, kind: int, size: int, change: Callable[[bytearray, int], None]):
    """`data` with each record of `kind` and `size` changed in place by change(data, body):
    xlwt writes the workbook stream in one run of sectors, so its records are found as bytes."""
    changed = bytearray(data)
    head = struct.pack("<HH", kind, size)
    at = changed.find(head)
    while at >= 0:
        change(changed, at + 4)
        at = changed.find(head, at + 4 + size)
    return bytes(changed)


def _xls_claiming(rows: int, columns: int, sheets: int = 1) -> bytes:
    """Small sheets whose DIMENSIONS records claim rows × columns (calamine reserves that)."""
    data = xls_bytes({f"表{n}": [(1, 0, "张三")] for n in range(sheets)})
    return _xls_record(
        data, 0x0200, 14, lambda d, at: struct.pack_into("<IIHH", d, at, 0, rows, 0, columns)
    )


def _xls_far_column() -> bytes:
    """A cell at column 65,535: BIFF columns are two bytes, far beyond Excel's 256."""
    data = xls_bytes({"花名册": [(1, 0, "尾")]})
    # the last LABELSST record is the 尾 cell (row 1, column 0): move it to row 100, column 65,535
    at = data.rfind(struct.pack("<HHHH", 0x00FD, 10, 1, 0))
    return data[: at + 4] + struct.pack("<HH", 100, 0xFFFF) + data[at + 8 :]


def _xls_looping() -> bytes:
    """The workbook stream's chain of sectors leads back to its start: read for ever."""
    data = bytearray(xls_bytes({"花名册": [(1, 0, "张三")]}))
    fat = (struct.unpack_from("<I", data, 76)[0] + 1) * 512  # xlwt: one FAT sector
    directory = (struct.unpack_from("<I", data, 48)[0] + 1) * 512
    start = struct.unpack_from("<I", data, directory + 128 + 116)[0]  # entry 1: Workbook
    last = start
    while (following := struct.unpack_from("<I", data, fat + 4 * last)[0]) != 0xFFFF_FFFE:
        last = following
    struct.pack_into("<I", data, fat + 4 * last, start)
    return bytes(data)


def roster_xlsx(rows: list[list[object]]) -> bytes:
    """A small valid roster workbook (openpyxl), the base the mutations start from."""
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(ROSTER_HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


VALID_ROWS: list[list[object]] = [
    ["张三", "51192219900101001X", "男", "13800000001", "青石村", "青石村第1网格", "网格员", "2023-05-01"],
    ["李四", "511922198503150024", "女", "13800000002", "青石村", "青石村第1网格", "网格员", "2023-05-01"],
]  # fmt: skip


# ------------------------------------------------------------------------------ zip bombs


def _raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from already-deflated members: (name, deflated, crc, declared size, method)."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size, method in members:
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                method,
                0,
                0,
                crc,
                len(data),
                size,
                len(encoded),
                0,
            )
        )
        out.write(encoded)
        out.write(data)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0
        )
    )
    return out.getvalue()


def _deflated(data: bytes) -> tuple[str, bytes, int, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return ("", packer.compress(data) + packer.flush(), zlib.crc32(data), len(data), 8)


def bomb_xlsx(inflated: int = 2 * GIB, *, declared: int | None = None) -> bytes:
    """A workbook whose sheet XML inflates to `inflated` bytes (gigabytes) from a few MB: one
    1 MB block of empty rows, deflated once after a full flush (so every copy deflates to the
    same bytes) and repeated. `declared` lies about the size in the zip headers."""
    block = b"<row/>" * (1024 * 1024 // 6)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = SHEET_HEAD.encode() + b"<sheetData>"
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    piece = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    copies = max(1, (inflated - len(head)) // len(block))
    tail = b"</sheetData></worksheet>"
    end = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + copies * len(block) + len(tail)
    sheet = ("xl/worksheets/sheet1.xml", start + piece * copies + end, crc, declared or size, 8)
    parts = [
        (name, *_deflated(text.encode())[1:])
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        )
    ]
    return _raw_zip([*parts, sheet])


# --------------------------------------------------------------------------------- builders


def _far_cells(column: str, row: int) -> str:
    """A header and one cell far away: calamine would allocate the whole rectangle between."""
    far = f'<row r="{row}">{_text_cell(f"{column}{row}", "尾")}</row>'
    return SHEET_HEAD + "<sheetData>" + _header_row() + far + "</sheetData></worksheet>"


def _many_empty_rows(count: int, *, styled: bool) -> bytes:
    cell = '<c r="A{0}" s="0"/>' if styled else ""
    rows = "".join(f'<row r="{n}">{cell.format(n)}</row>' for n in range(2, count + 2))
    return (SHEET_HEAD + "<sheetData>" + _header_row() + rows + "</sheetData></worksheet>").encode()


def _errors_sheet() -> str:
    row = (
        '<row r="2">'
        + _text_cell("A2", "张三")
        + (
            '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C2" t="e"><v>#REF!</v></c>'
            '<c r="D2" t="e"><f>VLOOKUP(1,A:A,2,0)</f><v>#N/A</v></c></row>'
        )
    )
    return SHEET_HEAD + "<sheetData>" + _header_row() + row + "</sheetData></worksheet>"


def _formulas_xlsx() -> bytes:
    """Formulas without cached values (as openpyxl and some tools write them): calamine sees
    empty cells, so the row lacks what it needs."""
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(ROSTER_HEADER)
    sheet.append(['=CONCAT("张","三")', '=REPT("1",18)', '=IF(1,"男")', "=1/0", "青石村"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _long_cells(length: int) -> bytes:
    long = "枫" * length
    row = '<row r="2">' + "".join(
        _text_cell(f"{chr(65 + i)}2", long) for i in range(len(ROSTER_HEADER))
    ) + "</row>"  # fmt: skip
    return xlsx_bytes(SHEET_HEAD + "<sheetData>" + _header_row() + row + "</sheetData></worksheet>")


def _encrypted() -> bytes:
    """An OLE compound file holding EncryptionInfo and EncryptedPackage streams, as Excel and
    WPS write a workbook with an opening password (a fake body: only its shape matters)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\0") + bytes(64)
        for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage")
    )
    return header.ljust(512, b"\xff") + directory + random.Random(7).randbytes(4096)


def _ods(content_body: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{content_body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _ods_cell(kind: str, value: str, text: str) -> str:
    attribute = {"string": "", "boolean": "office:boolean-value", "date": "office:date-value",
                 "time": "office:time-value", "percentage": "office:value",
                 "currency": "office:value", "float": "office:value"}[kind]  # fmt: skip
    extra = f' {attribute}="{value}"' if attribute else ""
    return (
        f'<table:table-cell office:value-type="{kind}"{extra}><text:p>{text}</text:p>'
        "</table:table-cell>"
    )


def _ods_header() -> str:
    return (
        "<table:table-row>"
        + "".join(_ods_cell("string", "", h) for h in ROSTER_HEADER)
        + ("</table:table-row>")
    )


def _odd_ods() -> bytes:
    """Every ODS value type where text is expected, and an error text from a formula."""
    cells = [
        _ods_cell("boolean", "true", "TRUE"),
        _ods_cell("percentage", "0.5", "50%"),
        _ods_cell("currency", "12.5", "¥12.50"),
        _ods_cell("time", "PT12H30M00S", "12:30"),
        _ods_cell("date", "1990-02-30", "1990-02-30"),
        _ods_cell("float", "1e308", "1E308"),
        _ods_cell("string", "", "#DIV/0!"),
    ]
    row = "<table:table-row>" + "".join(cells) + "</table:table-row>"
    return _ods(f'<table:table table:name="花名册">{_ods_header()}{row}</table:table>')


def _ods_bomb() -> bytes:
    """Seven bytes of attributes asking calamine for 1,048,576 × 16,384 valued cells."""
    row = (
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
    )
    return _ods(f'<table:table table:name="花名册">{_ods_header()}{row}</table:table>')


def _csv(text: str) -> str:
    return "\r\n".join([",".join(ROSTER_HEADER), text]) + "\r\n"


def workbook_corpus(folder: Path) -> dict[str, Path]:
    """Every broken spreadsheet, by name; each must be refused (or all its rows rejected) with
    a Chinese sentence, quickly, in little memory, writing nothing."""
    noise = random.Random(20260501)
    valid = roster_xlsx(VALID_ROWS)
    files: dict[str, Callable[[], bytes]] = {
        "random.xlsx": lambda: noise.randbytes(20_000),
        "pdf.xlsx": lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n",
        "empty.xlsx": lambda: b"",
        "text.xlsx": lambda: "姓名,身份证号码\n张三,51192219900101001X\n".encode(),
        "truncated.xlsx": lambda: valid[: len(valid) // 2],
        "truncated_tail.xlsx": lambda: valid[:-30],
        "bomb.xlsx": bomb_xlsx,
        "lying_bomb.xlsx": lambda: bomb_xlsx(256 * 1024 * 1024, declared=10_000),
        "encrypted.xlsx": _encrypted,
        "old_xls_named.xlsx": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),
        "far_cells.xlsx": lambda: xlsx_bytes(_far_cells("N", 1_000_000)),
        "huge_cells.xlsx": lambda: xlsx_bytes(_far_cells("XFD", 1_048_576)),
        # the same far cell written the ways no spreadsheet program writes it, to slip past a scan
        "far_lowercase.xlsx": lambda: xlsx_bytes(_far_cells("xfd", 1_048_576)),
        "far_tab.xlsx": lambda: xlsx_bytes(_far_cells("XFD", 1_048_576).replace("<c r=", "<c\tr=")),
        "far_quotes.xlsx": lambda: xlsx_bytes(
            _far_cells("XFD", 1_048_576).replace('r="XFD1048576"', "r='XFD1048576'")
        ),
        # an attribute value ending like an empty cell's tag: the cell has a value all the same
        "far_slash.xlsx": lambda: xlsx_bytes(
            _far_cells("XFD", 1_048_576).replace('r="XFD1048576"', 'r="XFD1048576" x="/>"')
        ),
        # the sheet in a folder of its own: calamine follows the workbook's relationships there
        "far_elsewhere.xlsx": lambda: xlsx_bytes(_far_cells("XFD", 1_048_576), "data/sheet1.xml"),
        "far_cells.xlsb": lambda: xlsb_bytes([*_xlsb_roster(), (1_048_575, [(16_383, "尾")])]),
        # calamine takes a cell's column as four bytes, far beyond Excel's last
        "far_column.xlsb": lambda: xlsb_bytes([*_xlsb_roster(), (2, [(4_000_000_000, "尾")])]),
        "far_unplaced.xlsx": lambda: xlsx_bytes(
            SHEET_HEAD
            + '<sheetData><row r="1048576">'
            + "<c><v>1</v></c>" * 20_000
            + "</row></sheetData></worksheet>"
        ),
        "dimension_only.xlsx": lambda: xlsx_bytes(
            SHEET_HEAD
            + '<dimension ref="A1:N1000000"/><sheetData>'
            + _header_row()
            + "</sheetData></worksheet>"
        ),
        "million_rows.xlsx": lambda: xlsx_bytes(_many_empty_rows(1_000_000, styled=False)),
        "styled_rows.xlsx": lambda: xlsx_bytes(_many_empty_rows(300_000, styled=True)),
        "long_cells.xlsx": lambda: _long_cells(32_000),
        "over_long_cells.xlsx": lambda: _long_cells(40_000),
        "errors.xlsx": lambda: xlsx_bytes(_errors_sheet()),
        # the error type after an attribute whose value holds ">", and in single quotes
        "errors_hidden.xlsx": lambda: xlsx_bytes(
            _errors_sheet().replace('"B2" t="e"', '"B2" x=">" t="e"')
        ),
        "errors_quoted.xlsx": lambda: xlsx_bytes(
            _errors_sheet().replace('r="B2" t="e"', "r='b2' t = 'e'")
        ),
        "formulas.xlsx": _formulas_xlsx,
        "html.xls": lambda: (
            '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8">'
            "</head><body><table><tr><td>姓名</td><td>身份证号码</td></tr>"
            "<tr><td>张三</td><td>51192219900101001X</td></tr></table></body></html>"
        ).encode(),
        "xml2003.xls": lambda: (
            '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
            '<Worksheet ss:Name="花名册"><Table><Row><Cell><Data ss:Type="String">姓名</Data>'
            "</Cell></Row></Table></Worksheet></Workbook>"
        ).encode(),
        "zip_named.xls": lambda: valid,
        # calamine reads every sheet of an .xls on opening
        "far_cells.xls": lambda: xls_bytes({"花名册": [(65_535, 255, "尾")]}),
        "far_sheets.xls": lambda: xls_bytes({f"表{n}": [(65_535, 255, "尾")] for n in range(6)}),
        "far_column.xls": _xls_far_column,
        "claimed_rows.xls": lambda: _xls_claiming(4_294_967_280, 256),
        "claimed_sheets.xls": lambda: _xls_claiming(1_000_000, 4, sheets=3),
        "looping.xls": _xls_looping,
        "random.xls": lambda: noise.randbytes(5000),
        "odd_types.ods": _odd_ods,
        "bomb.ods": _ods_bomb,
        "truncated.ods": lambda: _odd_ods()[:300],
        "gbk_bytes_in_utf8.csv": lambda: (
            _csv("张三,51192219900101001X").encode("gbk") + "，李四".encode()
        ),
        "utf16_noise.csv": lambda: b"\xff\xfe" + noise.randbytes(999),
        "nul.csv": lambda: _csv("张三\x00,51192219900101001X").encode(),
        "random.csv": lambda: noise.randbytes(4000) + b"\x00",
        "huge_field.csv": lambda: _csv('"' + "枫" * 200_000 + '",1').encode(),
        "errors.csv": lambda: _csv("张三,#N/A,男,#DIV/0!").encode(),
        "empty.csv": lambda: b"",
    }
    paths = {}
    for name, build in files.items():
        path = folder / name
        path.write_bytes(build())
        paths[name] = path
    return paths


def odd_but_readable(folder: Path) -> dict[str, Path]:
    """Files in an awkward encoding or format that are still a roster: read, not refused."""
    row = _csv("张三,51192219900101001X,男")
    texts = {
        "gbk.csv": row.encode("gbk"),
        "utf16.csv": row.encode("utf-16"),
        "bom_in_middle.csv": row.encode("utf-8-sig") + "\ufeff".encode() + b"\r\n",
    }
    texts["binary.xlsb"] = xlsb_bytes(_xlsb_roster())
    paths = {}
    for name, data in texts.items():
        (folder / name).write_bytes(data)
        paths[name] = folder / name
    return paths


# ------------------------------------------------------------------------------ sync packages


def edited_packages(package: Path, folder: Path) -> dict[str, Path]:
    """A valid sync package edited by hand, each in one way a clerk (or a forger) might: its
    sheets read with calamine, edited as lists and written again (openpyxl takes minutes)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(package))
    sheets = {
        name: [[str(value) for value in row] for row in book.get_sheet_by_name(name).to_python()]
        for name in book.sheet_names
    }
    book.close()
    edits: dict[str, Callable[[dict[str, list[list[str]]]], None]] = {
        "count_changed": lambda s: _manifest_set(s, "行数:人员", lambda v: str(int(v) + 1)),
        "checksum_changed": lambda s: _manifest_set(s, "校验码", lambda v: "0" * len(v)),
        "row_added": lambda s: s["人员"].append(list(s["人员"][1])),
        "column_removed": lambda s: s.update(人员=[row[:1] + row[2:] for row in s["人员"]]),
        "township_changed": lambda s: _manifest_set(s, "乡镇代码", lambda v: "999999999"),
        "version_unknown": lambda s: _manifest_set(s, "格式版本", lambda v: "99"),
        "manifest_removed": lambda s: s.pop("清单"),
        "value_edited": lambda s: s["人员"][1].__setitem__(2, s["人员"][1][2] + "改"),
    }
    paths = {}
    for name, edit in edits.items():
        edited = {title: [list(row) for row in rows] for title, rows in sheets.items()}
        edit(edited)
        path = folder / f"package_{name}.xlsx"
        _write_sheets(path, edited)
        paths[name] = path
    return paths


def _manifest_set(sheets: dict[str, list[list[str]]], key: str, change: Callable[[str], str]):
    for row in sheets["清单"]:
        if row[0] == key:
            row[1] = change(row[1])
            return
    raise AssertionError(f"the manifest has no {key}")


def _write_sheets(path: Path, sheets: dict[str, list[list[str]]]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    for title, rows in sheets.items():
        sheet = book.add_worksheet(title)
        for number, row in enumerate(rows):
            for column, value in enumerate(row):
                if value:
                    sheet.write_string(number, column, value)
    book.close()


# ------------------------------------------------------------------------------------ backups


def backup_corpus(good: Path, folder: Path) -> dict[str, Path]:
    """Files offered as a backup to restore: none is one this program may put in place."""
    data = good.read_bytes()
    noise = random.Random(11)
    files = {
        "random.sqlite": noise.randbytes(8192),
        "empty.sqlite": b"",
        "truncated.sqlite": data[: len(data) // 2],
        "workbook.sqlite": roster_xlsx(VALID_ROWS),
        "damaged_pages.sqlite": data[:8192] + noise.randbytes(8192) + data[16384:],
    }
    paths = {}
    for name, content in files.items():
        (folder / name).write_bytes(content)
        paths[name] = folder / name
    foreign = folder / "not_fengwang.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    paths["not_fengwang.sqlite"] = foreign
    newer = folder / "newer.sqlite"
    newer.write_bytes(data)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    paths["newer.sqlite"] = newer
    return paths

"""Writing a township's county sync package: one workbook, a sheet per kind of record and a
manifest with the counts and the checksum. The rules are in desktop/exchange/sync.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from desktop import __version__
from desktop.db import HEAD_REVISION, Database
from desktop.exchange.files import check_target, close_workbook, writing
from desktop.exchange.sync_format import (
    FORMAT_VERSION,
    MANIFEST_SHEET,
    SHEETS,
    SyncManifest,
    checksum,
)
from desktop.exchange.sync_local import find_township, package_rows, record_bases
from desktop.models.base import now
from desktop.services import access, audit
from desktop.services.access import Permission


def export_sync_package(
    db: Database,
    path: Path,
    *,
    township_code: str | None = None,
    clock: Callable[[], datetime] = now,
) -> SyncManifest:
    """Write the township's sync package to `path` (whole or not at all) and seed the bases of
    records sent for the first time. `township_code` is needed only when the database holds
    several townships. It carries full ID numbers and phones (the county needs them)."""
    import xlsxwriter

    access.require(db, Permission.EXCHANGE)
    path = check_target(path)  # before any work: a missing folder is a sentence, not a trace
    with db.session() as session:
        township = find_township(session, township_code)
        rows = package_rows(session, township)
        manifest = SyncManifest(
            format_version=FORMAT_VERSION,
            township_code=township.code,
            township_name=township.name,
            exported_at=clock().isoformat(sep=" ", timespec="seconds"),
            app_version=__version__,
            schema_version=HEAD_REVISION,
            counts={spec.title: len(rows[spec.kind]) for spec in SHEETS},
            checksum=checksum(rows),
        )
        with writing(path) as temporary:
            # constant memory: rows go to disk as written; every value a string, never a formula
            book = xlsxwriter.Workbook(
                str(temporary),
                {
                    "constant_memory": True,
                    "strings_to_formulas": False,
                    "strings_to_numbers": False,
                    "strings_to_urls": False,
                },
            )
            bold = book.add_format({"bold": True})
            for spec in SHEETS:
                sheet = book.add_worksheet(spec.title)
                sheet.freeze_panes(1, 0)
                sheet.write_row(0, 0, spec.headers, bold)
                for number, row in enumerate(rows[spec.kind], start=1):
                    for column, name in enumerate(spec.fields):
                        if row[name]:
                            sheet.write_string(number, column, row[name])
            sheet = book.add_worksheet(MANIFEST_SHEET)
            for number, (key, value) in enumerate(_manifest_items(manifest)):
                sheet.write_string(number, 0, key)
                sheet.write_string(number, 1, value)
            close_workbook(book, path)
        record_bases(session, manifest.township_code, rows, replace_existing=False)
    total = sum(manifest.counts.values())
    audit.log_event(
        db,
        "export",
        entity="grid_unit",
        summary=f"导出同步包 {path.name}（{manifest.township_name}）：{total} 条记录，"
        f"含完整身份证号码和电话（{manifest.classification}）",
        detail={
            "what": "同步包",
            "file": path.name,
            "township": manifest.township_code,
            "rows": total,
            "counts": manifest.counts,
            "masked": False,
        },
    )
    return manifest


def _manifest_items(manifest: SyncManifest) -> list[tuple[str, str]]:
    items = [
        ("密级", manifest.classification),
        ("格式版本", manifest.format_version),
        ("乡镇代码", manifest.township_code),
        ("乡镇名称", manifest.township_name),
        ("导出时间", manifest.exported_at),
        ("程序版本", manifest.app_version),
        ("结构版本", manifest.schema_version),
    ]
    items += [(f"行数:{title}", str(count)) for title, count in manifest.counts.items()]
    items.append(("校验码", manifest.checksum))
    return items

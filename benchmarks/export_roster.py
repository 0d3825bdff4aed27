"""Exporting the roster of a 100,000-person township, next to xlsxwriter writing the same cells.

Prints, for the same machine and the same run:
- the baseline: xlsxwriter in constant-memory mode writing exactly the cells of the export
  (read back from it beforehand), with no styles, drop-downs or hidden sheet;
- export_roster: query, masking, place names, styles, drop-downs, hidden sheet, written the same
  way; and the ratio (target ≤ 1.2×). Medians of --runs, interleaved.

Usage: python benchmarks/export_roster.py [--people N] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from common import big_roster_db

from desktop.db import open_database
from desktop.exchange.roster_export import export_roster


def baseline(cells: list[list[object]], path: Path) -> float:
    import xlsxwriter

    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for number, row in enumerate(cells):
        for column, value in enumerate(row):
            if isinstance(value, datetime | date):
                sheet.write_datetime(number, column, value, date_format)
            elif value != "":
                sheet.write_string(number, column, str(value))
    book.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    db = open_database(f"sqlite:///{big_roster_db(args.people)}")
    db.read_rows("SELECT count(*) FROM assignment")  # warm the file cache
    with tempfile.TemporaryDirectory() as folder:
        exported = Path(folder) / "export.xlsx"
        rows = export_roster(db, exported)
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(exported))
        cells = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
        bare, ours = [], []
        for run in range(args.runs):
            bare.append(baseline(cells, Path(folder) / f"bare{run}.xlsx"))
            started = time.perf_counter()
            export_roster(db, Path(folder) / f"ours{run}.xlsx")
            ours.append(time.perf_counter() - started)
    db.close()
    bare_s, ours_s = statistics.median(bare), statistics.median(ours)
    print(f"rows exported (open assignments): {rows:,}", file=sys.stdout)
    print(f"xlsxwriter, same cells:      {bare_s:7.2f} s  (median of {args.runs})")
    print(f"export_roster:               {ours_s:7.2f} s  (median of {args.runs})")
    print(f"ratio:                       {ours_s / bare_s:7.2f}× (target ≤ 1.2×)")


if __name__ == "__main__":
    main()

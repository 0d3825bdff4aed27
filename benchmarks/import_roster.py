"""Importing a 100,000-row village roster, next to python-calamine reading the same file bare.

Prints, for the same machine and the same run:
- the bare read: python-calamine loading the sheet into Python values (median of --runs);
- the import: import_roster into a fresh 示例镇 database, every row checked and committed
  (median of --runs, each into its own fresh database), and the ratio (target ≤ 1.5×);
- the file guard alone (guard.survey_workbook, part of every import): what the import spends
  before calamine even opens the file;
- the same rows stored bare (sqlite3 executemany of the converted values into the same tables,
  one transaction): the floor of committing, whatever the checking costs. The bare read plus
  this floor is printed as a ratio too: no import that stores its rows can go below it;
- peak memory of each, the VmHWM of its own child process (target ≤ 400 MB): ru_maxrss would
  report the parent's high-water mark too, which Linux carries over into the child across exec.

The roster (valid fictional people in the demo township's units) is generated once with
xlsxwriter and cached in benchmarks/out/.
Usage: python benchmarks/import_roster.py [--rows N] [--runs N] [--profile]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from common import OUT, run_python

from desktop.db import open_database
from desktop.services.demo import PersonFactory, build_demo

SEED = 1
TODAY = date(2026, 1, 1)
HEADER = ["姓名*", "身份证号码*", "性别*", "出生年月*", "联系电话", "乡镇(街道)", "村(社区)", "网格", "网格编码", "岗位*", "政治面貌*", "文化程度*", "任职日期*", "备注"]  # fmt: skip

# The child's own peak resident memory, in MB, printed with its other figures.
PEAK_MB = """
def peak_mb():
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
"""

READ = (
    PEAK_MB
    + """
import json, sys, time
started = time.perf_counter()
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
rows = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "rows": len(rows),
                  "peak_mb": peak_mb()}))
"""
)

# The safety check every workbook a user picks goes through before calamine opens it
# (desktop/exchange/guard.py: inflates the sheet and finds the rectangle calamine would allocate).
GUARD = (
    PEAK_MB
    + """
import json, sys, time
from pathlib import Path
from desktop.exchange.guard import survey_workbook
started = time.perf_counter()
survey_workbook(Path(sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak_mb()}))
"""
)

# The floor of committing: the same rows, their values already converted, stored straight through
# sqlite3 into the same tables (with the indexes the model needs: unique uid and citizen ID) in
# one transaction. Only the inserts and the commit are timed: no checking, no lookups.
STORE = (
    PEAK_MB
    + """
import json, sqlite3, sys, time, uuid
from python_calamine import CalamineWorkbook
from desktop.exchange.roster_import import NEW_JOB_COLUMNS, NEW_PERSON_COLUMNS
book = CalamineWorkbook.from_path(sys.argv[1])
rows = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)[3:]
db = sqlite3.connect(sys.argv[2], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA cache_size=-32768")
units = dict(db.execute("SELECT code, id FROM grid_unit"))
roles = dict(db.execute("SELECT name, id FROM role"))
[(township,)] = db.execute("SELECT id FROM grid_unit WHERE level = 'township'")
[(last,)] = db.execute("SELECT coalesce(max(id), 0) FROM person")
stamp = "2026-01-01 00:00:00.000000"
people = [
    (r[0], r[2], f"{r[1][6:10]}-{r[1][10:12]}-{r[1][12:14]}", r[4], r[10], r[11], None,
     str(uuid.uuid4()), r[1], township, "", stamp, stamp)
    for r in rows
]
jobs = [
    (str(uuid.uuid4()), last + 1 + i, units[r[8]], roles[r[9]], r[12], stamp, stamp)
    for i, r in enumerate(rows)
]
def insert(table, names, records):
    marks = ", ".join("?" * len(names))
    db.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", records)
started = time.perf_counter()
db.execute("BEGIN")
insert("person", NEW_PERSON_COLUMNS, people)
insert("assignment", NEW_JOB_COLUMNS, jobs)
db.execute("COMMIT")
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb()}))
"""
)

IMPORT = (
    PEAK_MB
    + """
import json, sys, time
from datetime import date
from desktop.db import open_database
from desktop.exchange.roster_import import import_roster
db = open_database("sqlite:///" + sys.argv[2])
db.read_rows("SELECT 1")
started = time.perf_counter()
if len(sys.argv) > 3:
    import cProfile, pstats
    profile = cProfile.Profile()
    result = profile.runcall(import_roster, db, sys.argv[1], today=date(2026, 1, 1))
    pstats.Stats(profile, stream=sys.stderr).sort_stats(sys.argv[3]).print_stats(30)
else:
    result = import_roster(db, sys.argv[1], today=date(2026, 1, 1))
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "read": result.read, "created": result.created,
                  "rejected": result.rejected, "committed": result.committed,
                  "peak_mb": peak_mb()}))
"""
)


def demo_db(path: Path) -> Path:
    db = open_database(f"sqlite:///{path}")
    build_demo(db, seed=SEED, today=TODAY)
    db.close()
    return path


def roster_file(rows: int) -> Path:
    """A county-template roster of `rows` new people in the demo township's units."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"import-roster-{rows}-{SEED}.xlsx"
    if path.exists():
        return path
    import xlsxwriter

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{demo_db(Path(folder) / 'demo.sqlite')}")
        units = db.read_rows(
            "SELECT u.code, u.level FROM grid_unit u WHERE u.level IN ('village', 'grid', 'micro')"
        )
        roles = [name for (name,) in db.read_rows("SELECT name FROM role")]
        used = {cid for (cid,) in db.read_rows("SELECT citizen_id FROM person")}
        db.close()
    rng = random.Random(SEED)
    factory = PersonFactory(rng)
    factory.used_ids.update(used)
    partial = path.with_suffix(".partial.xlsx")
    book = xlsxwriter.Workbook(str(partial), {"constant_memory": True})
    sheet = book.add_worksheet("花名册")
    sheet.write_string(0, 0, "示例镇 网格员花名册")
    sheet.write_string(1, 0, f"导出日期：{TODAY:%Y-%m-%d}")
    for column, text in enumerate(HEADER):
        sheet.write_string(2, column, text)
    for number in range(3, rows + 3):
        fake = factory.make(1960, 2004)
        code, _level = rng.choice(units)
        start = TODAY - timedelta(days=rng.randrange(30, 3650))
        cells = [
            fake.name,
            fake.citizen_id,
            fake.gender,
            f"{fake.birth_date:%Y-%m}",
            fake.phone,
            "示例镇",
            "",
            "",
            code,
            rng.choice(roles),
            fake.political_status,
            fake.education,
            start.isoformat(),
            "",
        ]
        for column, value in enumerate(cells):
            if value:
                sheet.write_string(number, column, value)
    book.close()
    partial.rename(path)
    return path


def child(code: str, *args: str) -> dict:
    done = run_python(code, *args, timeout=1800)
    if done.returncode:
        raise SystemExit(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    if done.stderr.strip():
        print(done.stderr, file=sys.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile one import instead")
    args = parser.parse_args()

    started = time.perf_counter()
    path = roster_file(args.rows)
    print(f"roster file:  {path.name} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    print(f"  ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    reads, guards, stores, imports = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        template = demo_db(Path(folder) / "template.sqlite")
        for run in range(1 if args.profile else args.runs):  # interleaved: noise hits both
            reads.append(child(READ, str(path)))
            guards.append(child(GUARD, str(path)))
            bare = Path(folder) / f"bare{run}.sqlite"
            bare.write_bytes(template.read_bytes())
            stores.append(child(STORE, str(path), str(bare)))
            target = Path(folder) / f"run{run}.sqlite"
            target.write_bytes(template.read_bytes())
            extra = ("tottime",) if args.profile else ()
            imports.append(child(IMPORT, str(path), str(target), *extra))
    result = imports[-1]
    assert result["read"] == args.rows and result["created"] == args.rows, result
    read_s = statistics.median(r["seconds"] for r in reads)
    guard_s = statistics.median(r["seconds"] for r in guards)
    import_s = statistics.median(r["seconds"] for r in imports)
    store_s = statistics.median(r["seconds"] for r in stores)
    print(f"rows:                        {args.rows:,} (all created and committed)")
    print(f"python-calamine bare read:   {read_s:7.2f} s  (median of {len(reads)})")
    print(f"import_roster:               {import_s:7.2f} s  (median of {len(imports)})")
    print(f"ratio:                       {import_s / read_s:7.2f}× (target ≤ 1.5×)")
    print(
        f"  of which the file guard:   {guard_s:7.2f} s  ({guard_s / read_s:.2f}× the bare read, "
        "before a row is checked)"
    )
    print(
        f"the same rows stored bare:   {store_s:7.2f} s  ({store_s / read_s:.2f}× the bare read: "
        "sqlite3 inserts alone)"
    )
    print(
        f"floor, bare read + store:    {(read_s + store_s) / read_s:7.2f}× (no import that stores "
        "the rows goes below it)"
    )
    print(f"peak memory, bare read:      {max(r['peak_mb'] for r in reads):7.0f} MB")
    print(
        f"peak memory, import:         {max(r['peak_mb'] for r in imports):7.0f} MB "
        "(target ≤ 400 MB)"
    )


if __name__ == "__main__":
    main()

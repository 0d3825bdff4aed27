"""Kill Fengwang (SIGKILL: no clean-up, as in a power cut) at random moments of a roster import,
a scoring save and a migration: afterwards the database passes PRAGMA integrity_check and
`fengwang-cli check`, and holds all of the operation or none of it."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from desktop.cli import main as cli
from desktop.db import HEAD_REVISION, copy_sqlite_file, known_revisions, open_database
from desktop.services.assessment_months import find_township, open_month
from desktop.services.assessment_schemes import list_schemes
from desktop.services.demo import build_demo
from desktop.services.identity import check_char

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS_PER_OPERATION = 7  # 7 + 7 + 6 (migration) = 20 kills
DEMO_DAY = date(2026, 2, 28)  # the demo scores the months before; March is scored here
SCORED_MONTH = date(2026, 3, 1)

SCORING_SAVE = """
import sys
from datetime import date
from desktop.db import open_database
from desktop.services.assessment_months import EntryInput, get_sheet, set_entries
from desktop.services.scoring import ItemKind
db = open_database(sys.argv[1])
month_id = int(sys.argv[2])
sheet = get_sheet(db, month_id)
items = [i for i in sheet.items if i.kind is ItemKind.MANUAL]
cells = [EntryInput(r.person_id, i.key, str(i.max_points)) for r in sheet.rows for i in items]
print(set_entries(db, month_id, cells, actor="测试"), flush=True)
"""


def count(path: Path, sql: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def integrity(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()


def new_ids(workbook: Path, target: Path, copies: int) -> int:
    """The exported roster, its rows repeated `copies` times, each with a new citizen ID of the
    same birth date and sex: every row a new person. Returns the rows written."""
    book = openpyxl.load_workbook(workbook)
    sheet = book.worksheets[0]
    header = 3
    rows = [list(r) for r in sheet.iter_rows(min_row=header + 1, values_only=True) if r[0]]
    seen = {r[1] for r in rows}
    sheet.delete_rows(header + 1, sheet.max_row)
    written = 0
    for copy in range(copies):
        for row in rows:
            number = row[1]
            sequence = int(number[14:17])
            while True:
                sequence = (sequence + 2 * (copy + 1)) % 1000  # even steps keep the sex digit
                first17 = number[:14] + f"{sequence:03d}"
                candidate = first17 + check_char(first17)
                if candidate not in seen:
                    break
            seen.add(candidate)
            sheet.append([row[0], candidate, *row[2:]])
            written += 1
    book.save(target)
    return written


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("kill")
    path = folder / "base.sqlite"
    db = open_database(f"sqlite:///{path}")
    build_demo(db, seed=1, today=DEMO_DAY)
    township, _ = find_township(db)
    family = next(s.family_uid for s in list_schemes(db) if s.name == "网格员月度考核细则")
    month = open_month(db, township, SCORED_MONTH, scheme_family=family, today=date(2026, 3, 31))
    db.close()
    exported = folder / "export.xlsx"
    assert cli(["--db", str(path), "export", "roster", "--unmasked", str(exported)]) == 0
    roster = folder / "new_people.xlsx"
    rows = new_ids(exported, roster, copies=3)
    return {"path": path, "month": month.id, "roster": roster, "rows": rows, "folder": folder}


def run_and_kill(command: list[str], delay: float) -> int:
    """Start the command; SIGKILL it after `delay` seconds unless it has ended. Its return code."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
    return process.returncode


def fresh_copy(base: dict, name: str) -> Path:
    target = base["folder"] / name
    for leftover in target.parent.glob(name + "*"):
        leftover.unlink()
    copy_sqlite_file(base["path"], target)
    return target


def timed(command: list[str]) -> float:
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def assert_sound(path: Path, capsys) -> None:
    assert integrity(path) == ["ok"]
    capsys.readouterr()
    assert cli(["--db", str(path), "check"]) == 0, capsys.readouterr().out


def kill_many_times(base, capsys, name, command_for, measure_sql, seed) -> list[int]:
    """Run the operation once whole (its duration and its result), then kill it at random
    moments; each time the database is sound and shows none or all of the operation."""
    whole = fresh_copy(base, name)
    before = count(whole, measure_sql)
    duration = timed(command_for(whole))
    after = count(whole, measure_sql)
    assert after > before  # the operation does change something
    rng = random.Random(seed)
    codes = []
    for _ in range(KILLS_PER_OPERATION):
        path = fresh_copy(base, name)
        codes.append(run_and_kill(command_for(path), rng.uniform(0.4 * duration, duration)))
        assert_sound(path, capsys)
        assert count(path, measure_sql) in (before, after)
    assert -signal.SIGKILL in codes  # the kills did land
    return codes


def test_killing_a_roster_import_leaves_all_or_nothing(base, capsys):
    def command(path: Path) -> list[str]:
        cli_module = [sys.executable, "-m", "desktop.cli", "--db", str(path)]
        return [*cli_module, "import", "roster", str(base["roster"])]

    kill_many_times(base, capsys, "import.sqlite", command, "SELECT count(*) FROM person", 1)


def test_killing_a_scoring_save_leaves_all_or_nothing(base, capsys):
    def command(path: Path) -> list[str]:
        return [sys.executable, "-c", SCORING_SAVE, f"sqlite:///{path}", str(base["month"])]

    measure = f"SELECT count(*) FROM score_entry WHERE month_id = {base['month']}"
    kill_many_times(base, capsys, "scores.sqlite", command, measure, 2)


def test_killing_a_migration_leaves_the_old_or_the_new_schema(base, capsys):
    """The database is taken one revision back, then upgraded by the next start and killed."""
    from alembic import command

    from desktop.db import alembic_config, make_engine

    previous = known_revisions()[1]  # newest first
    old = fresh_copy(base, "old.sqlite")
    engine = make_engine(f"sqlite:///{old}")
    command.downgrade(alembic_config(engine), previous)
    engine.dispose()
    revision = "SELECT version_num FROM alembic_version"
    upgrade = [
        sys.executable,
        "-c",
        "import sys; from desktop.db import open_database; open_database(sys.argv[1]).close()",
    ]
    started = time.monotonic()
    subprocess.run([*upgrade, f"sqlite:///{fresh_migration(base, old)}"], check=True)
    duration = time.monotonic() - started
    rng = random.Random(3)
    codes = []
    for _ in range(KILLS_PER_OPERATION - 1):
        path = fresh_migration(base, old)
        codes.append(
            run_and_kill([*upgrade, f"sqlite:///{path}"], rng.uniform(0.4 * duration, duration))
        )
        assert integrity(path) == ["ok"]
        connection = sqlite3.connect(path)
        (found,) = connection.execute(revision).fetchone()
        connection.close()
        assert found in (previous, HEAD_REVISION)
        open_database(f"sqlite:///{path}").close()  # the next start finishes the upgrade
        assert_sound(path, capsys)
    assert -signal.SIGKILL in codes


def fresh_migration(base: dict, old: Path) -> Path:
    target = base["folder"] / "migrating.sqlite"
    for leftover in target.parent.glob("migrating*"):
        leftover.unlink()
    copy_sqlite_file(old, target)
    return target

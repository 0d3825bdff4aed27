"""Grid warnings in the county sync package: the demo township's year of warnings goes to an
empty county database and comes back the same; a warning handled since goes as a change, one
handled on both sides is a conflict; a damaged row is refused."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from desktop.db import open_database
from desktop.errors import FengwangError
from desktop.exchange import sync
from desktop.exchange.sync import (
    CHANGED,
    THEIRS,
    apply_sync,
    export_sync_package,
    preview_sync,
    read_sync_package,
)
from desktop.services import warnings
from desktop.services.warning_settings import add_warning_type, list_warning_types
from desktop.services.warnings import WarningDraft, WarningFilter
from desktop.vocabulary import WarningStatus

FIRST = datetime(2030, 1, 1, 9)  # export times: later than anything the demo holds
LATER = FIRST + timedelta(hours=1)
LATEST = FIRST + timedelta(hours=2)


@pytest.fixture
def township(tmp_path, demo_file):
    path = tmp_path / "township.sqlite"
    shutil.copyfile(demo_file, path)
    database = open_database(f"sqlite:///{path}")
    yield database
    database.close()


@pytest.fixture
def county(tmp_path):
    """An empty county database: everything comes from the package."""
    database = open_database(f"sqlite:///{tmp_path / 'county.sqlite'}")
    yield database
    database.close()


def send(source, target, path, clock):
    export_sync_package(source, path, clock=lambda: clock)
    package = read_sync_package(path)
    return package, preview_sync(target, package)


def seen(db) -> dict[str, tuple]:
    """Every warning as a clerk sees it, by number: ids differ between databases."""
    found = {}
    for w in warnings.list_warnings(db, now=LATEST, full=True):
        plain = dataclasses.asdict(w)
        for name in ("id", "unit_id", "type_id", "reporter_id", "case_id", "row_version"):
            plain.pop(name)
        for d in plain["dispatches"]:
            d.pop("id")
            d.pop("person_id")
        for r in plain["party_reports"]:
            r.pop("person_id")
        found[w.number] = plain
    return found


def open_one(db, status: WarningStatus):
    return warnings.list_warnings(db, WarningFilter(status=status), now=LATEST, full=True)[0]


def test_a_year_of_warnings_round_trips(township, county, tmp_path):
    package, preview = send(township, county, tmp_path / "first.xlsx", FIRST)
    assert package.manifest.format_version == "4"
    assert package.manifest.counts["网格预警"] == len(seen(township)) > 150
    apply_sync(county, package, preview)

    assert seen(county) == seen(township)
    assert any(
        w["case_number"] for w in seen(county).values()
    )  # the converted ones keep their case
    assert any(w["party_reports"] for w in seen(county).values())
    again = preview_sync(county, package)  # re-importing changes nothing
    assert {r.status for r in again.records} == {"unchanged"}


def test_a_warning_handled_since_goes_as_a_change(township, county, tmp_path):
    package, preview = send(township, county, tmp_path / "first.xlsx", FIRST)
    apply_sync(county, package, preview)
    waiting = open_one(township, WarningStatus.DISPATCHED)
    at = waiting.steps[-1].at + timedelta(hours=1)
    warnings.respond(township, waiting.id, actor="经办人", note="已到场", now=at)

    package, preview = send(township, county, tmp_path / "second.xlsx", LATER)
    changed = [(r.kind, r.label) for r in preview.records if r.status == CHANGED]
    assert changed == [("warning", waiting.number)]
    apply_sync(county, package, preview)
    assert seen(county)[waiting.number] == seen(township)[waiting.number]
    assert seen(county)[waiting.number]["status"] == WarningStatus.RESPONDED


def test_a_warning_handled_on_both_sides_is_a_conflict(township, county, tmp_path):
    package, preview = send(township, county, tmp_path / "first.xlsx", FIRST)
    apply_sync(county, package, preview)
    here = open_one(township, WarningStatus.DISPATCHED)
    there = warnings.list_warnings(
        county, WarningFilter(status=WarningStatus.DISPATCHED), now=LATEST
    )
    there = next(w for w in there if w.number == here.number)
    at = here.steps[-1].at + timedelta(hours=1)
    warnings.respond(township, here.id, actor="镇里", now=at)
    other = "司法所" if there.target != "司法所" else "村委会"
    warnings.reassign(county, there.id, other, reason="县里改派", actor="县里", now=at)

    package, preview = send(township, county, tmp_path / "second.xlsx", LATER)
    (conflict,) = preview.conflicts
    assert (conflict.kind, conflict.label) == ("warning", here.number)
    apply_sync(county, package, preview, {conflict.uid: THEIRS})
    assert seen(county)[here.number] == seen(township)[here.number]


def test_a_damaged_timeline_is_refused(township, tmp_path):
    path = tmp_path / "damaged.xlsx"
    export_sync_package(township, path, clock=lambda: FIRST)
    package = read_sync_package(path)
    rows = package.rows
    rows["warning"][0]["steps"] = json.dumps([{"at": "昨天"}], ensure_ascii=False)
    workbook = load_workbook(path)
    sheet = workbook["网格预警"]
    column = [cell.value for cell in sheet[1]].index("办理经过") + 1
    sheet.cell(row=2, column=column).value = rows["warning"][0]["steps"]
    for row in workbook["清单"].iter_rows():
        if row[0].value == "校验码":
            row[1].value = sync.checksum(rows)
    workbook.save(path)
    with pytest.raises(FengwangError, match="“网格预警”第 2 行的“办理经过”内容不完整或格式不对"):
        read_sync_package(path)


def test_a_warning_type_unknown_here_is_created_and_listed(township, county, tmp_path):
    kind = add_warning_type(township, "山洪")
    earlier = warnings.list_warnings(township, now=LATEST)[0]
    made = warnings.report_warning(
        township,
        WarningDraft(
            unit_id=earlier.unit_id,
            type_id=kind.id,
            urgency="紧急",
            description="河水暴涨，漫过漫水桥",
            reporter_id=earlier.reporter_id,
            reported_at=earlier.reported_at,
        ),
        actor="经办人",
        now=LATEST,
    )
    package, preview = send(township, county, tmp_path / "first.xlsx", FIRST)
    result = apply_sync(county, package, preview)

    assert result.warning_types_created == ["山洪"]
    assert seen(county)[made.number]["type"] == "山洪"
    assert "山洪" in [t.name for t in list_warning_types(county)]

"""What the import wizard relies on: progress, Cancel, per-row outcomes, a corrected layout."""

import pytest

from desktop.errors import FengwangError
from desktop.exchange import roster_import
from desktop.exchange.reading import read_sheet
from desktop.exchange.roster_import import (
    FIELD_LABELS,
    REQUIRED_FIELDS,
    SYNONYMS,
    ImportCancelled,
    find_layout,
    import_roster,
    layout_from,
    layout_signature,
)
from desktop.services.roster import find_person_by_citizen_id
from tests.exchange.conftest import HEADER, LI, WANG, ZHANG, citizen_id


def count(db, table):
    return db.read_rows(f"SELECT count(*) FROM {table}")[0][0]


def _many(n):
    rows = [HEADER]
    for i in range(n):
        number = citizen_id(f"511922199001{i // 900 + 1:02d}{i % 900 + 1:03d}"[:17])
        rows.append(["张三", number, "", "", "青石村", "", "辅警", "2023-05-01"])
    return rows


def test_progress_is_reported_while_checking_and_again_while_committing(
    grid_db, roster_file, monkeypatch
):
    monkeypatch.setattr(roster_import, "PROGRESS_EVERY", 2)
    calls = []
    result = import_roster(
        grid_db, roster_file(_many(5)), progress=lambda d, t: calls.append((d, t))
    )
    assert result.created == 5
    assert {total for _, total in calls} == {5}
    dones = [done for done, _ in calls]
    # two passes: 0 … 5 while checking, then 0 … 5 again while committing
    assert dones[:4] == [0, 2, 4, 5]
    committing = dones[4:]
    assert committing[0] == 0 and committing[-1] == 5 and len(committing) >= 3
    assert committing == sorted(committing)


@pytest.mark.parametrize("cancel_at", [1, 5])  # while checking, while committing
def test_cancel_raises_and_writes_nothing(grid_db, roster_file, monkeypatch, cancel_at):
    monkeypatch.setattr(roster_import, "PROGRESS_EVERY", 2)
    people, jobs = count(grid_db, "person"), count(grid_db, "assignment")
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > cancel_at

    with pytest.raises(ImportCancelled, match="导入已取消，数据库没有任何改动"):
        import_roster(grid_db, roster_file(_many(5)), cancelled=cancelled)
    assert (count(grid_db, "person"), count(grid_db, "assignment")) == (people, jobs)
    assert isinstance(ImportCancelled(), FengwangError)


def _outcome_file(roster_file):
    return roster_file(
        [
            HEADER,
            ["张三", ZHANG, "男", "", "青石村", "第1网格", "网格长", "2023-05-01"],
            ["李四", LI, "女", "", "无此村", "", "辅警", "2023-05-01"],
            [],
            ["王五", WANG, "男", "", "青石村", "", "辅警", "2023-05-01"],
        ]
    )


def test_every_row_gets_an_outcome_in_sheet_order(grid_db, roster_file):
    path = _outcome_file(roster_file)
    dry = import_roster(grid_db, path, dry_run=True)
    assert [(o.row, o.status) for o in dry.outcomes] == [
        (2, "created"),
        (3, "rejected"),
        (5, "created"),
    ]
    zhang, li, _ = dry.outcomes
    assert (zhang.name, zhang.masked_id, zhang.unit, zhang.role) == (
        "张三",
        ZHANG[:6] + "********" + ZHANG[-4:],
        "青石村第1网格",
        "网格长",
    )
    assert (li.name, li.unit, li.role) == ("李四", "", "辅警")
    assert [e.column for e in li.errors] == ["村(社区)"]
    assert ZHANG not in repr(dry.outcomes)  # full numbers never reach the preview

    import_roster(grid_db, path)
    again = import_roster(grid_db, path)
    assert [o.status for o in again.outcomes] == ["unchanged", "rejected", "unchanged"]


def test_an_atomic_import_with_a_rejection_tells_what_would_have_happened(grid_db, roster_file):
    result = import_roster(grid_db, _outcome_file(roster_file), atomic=True)
    assert [o.status for o in result.outcomes] == ["created", "rejected", "created"]
    assert result.committed is False
    assert find_person_by_citizen_id(grid_db, ZHANG) is None


def test_a_corrected_layout_imports_a_header_the_search_cannot_find(grid_db, roster_file):
    rows = [
        ["人员", "号码", "单位", "工作", "时间"],  # no header text the synonyms know
        ["张三", ZHANG, "青石村", "辅警", "2023-05-01"],
    ]
    path = roster_file(rows)
    sheet = read_sheet(path)
    with pytest.raises(FengwangError, match="找不到表头"):
        find_layout(sheet.rows)
    layout = layout_from(
        sheet.rows, 0, {"name": 0, "citizen_id": 1, "village": 2, "role": 3, "start_date": 4}
    )
    assert layout.unknown == []
    result = import_roster(grid_db, path, layout=layout)
    assert (result.created, result.rejected) == (1, 0)
    [job] = find_person_by_citizen_id(grid_db, ZHANG).assignments
    assert (job.unit_code, job.role) == ("511922100201", "辅警")


def test_layout_from_refuses_a_bad_mapping_in_chinese():
    rows = [["姓名", "身份证号码", "村", "备注"]]
    with pytest.raises(FengwangError, match=r"必填字段.*身份证号码"):
        layout_from(rows, 0, {"name": 0})
    with pytest.raises(FengwangError, match="第 1 列被同时对应到"):
        layout_from(rows, 0, {"name": 0, "citizen_id": 1, "notes": 0})
    with pytest.raises(FengwangError, match="表头行第 3 行不存在"):
        layout_from(rows, 2, {"name": 0, "citizen_id": 1})
    with pytest.raises(FengwangError, match="不在表头范围内"):
        layout_from(rows, 0, {"name": 0, "citizen_id": 9})
    layout = layout_from(rows, 0, {"name": 0, "citizen_id": 1})
    assert layout.unknown == ["村", "备注"]


def test_labels_cover_every_field_and_the_required_ones():
    assert set(FIELD_LABELS) == set(SYNONYMS)
    assert REQUIRED_FIELDS == ("name", "citizen_id")


def test_layout_signature_ignores_spacing_and_stars_but_not_columns():
    base = layout_signature(["姓名*", "身份证号码", "村（社区）", None])
    assert base == layout_signature([" 姓 名", "身份证号码", "村(社区)"])
    assert base != layout_signature(["身份证号码", "姓名", "村(社区)"])
    assert len(base) == 16


def test_rows_written_in_bulk_are_stored_as_sqlalchemy_stores_them(grid_db, roster_file):
    import_roster(grid_db, _outcome_file(roster_file))
    query = "SELECT birth_date, created_at, updated_at, uid FROM person ORDER BY id"
    demo, *_, imported = grid_db.read_rows(query)
    assert [len(v) for v in imported] == [len(v) for v in demo]  # same text formats
    jobs = "SELECT start_date, created_at, uid FROM assignment ORDER BY id"
    demo_job, *_, imported_job = grid_db.read_rows(jobs)
    assert imported_job[0] == "2023-05-01"
    assert [len(v) for v in imported_job] == [len(v) for v in demo_job]


def test_uids_of_bulk_rows_are_version_4_uuids_and_distinct():
    import uuid

    made = roster_import._uids(1000)
    assert len(set(made)) == 1000
    assert all(str(uuid.UUID(u)) == u and uuid.UUID(u).version == 4 for u in made)
    assert {uuid.UUID(u).variant for u in made} == {uuid.RFC_4122}


def test_a_layout_for_a_longer_sheet_is_refused_in_chinese(grid_db, roster_file):
    path = roster_file([HEADER, ["张三", ZHANG, "男", "", "青石村", "", "辅警", "2023-05-01"]])
    layout = roster_import.Layout(5, {"name": 0, "citizen_id": 1}, [])
    with pytest.raises(FengwangError, match="表头行第 6 行不存在"):
        import_roster(grid_db, path, layout=layout)

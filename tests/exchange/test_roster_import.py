"""Importing a village roster: what the clerk sees in the database and in the list of rejections."""

from datetime import date

import pytest

from desktop.errors import FengwangError
from desktop.exchange import roster_import
from desktop.exchange.roster_import import import_roster
from desktop.services.roster import find_person_by_citizen_id, list_people
from tests.exchange.conftest import HEADER, LI, WANG, ZHANG, citizen_id


def count(db, table):
    return db.read_rows(f"SELECT count(*) FROM {table}")[0][0]


def reasons_for(result, row):
    return {e.column: e.reason for e in result.errors if e.row == row}


def test_title_rows_and_merged_cells_above_the_header_are_skipped(grid_db, roster_file):
    path = roster_file(
        [
            ["示例镇青石村网格员花名册"],
            ["填报单位：青石村村委会", None, None, "填报日期：2024年3月"],
            HEADER,
            ["张三", ZHANG, "男", "13812345678", "青石村", "青石村第1网格", "网格长", "2023-05-01"],
            ["李四", LI, "女", "13912345678", "青石村", "", "人民调解员", "2023-05-01"],
            ["王五", WANG, "女", "", "青石村", "", "辅警", "2023-05-01"],
        ],
        merges=["A1:H1", "A2:C2"],
    )
    result = import_roster(grid_db, path)
    assert result.header_row == 3
    assert (result.read, result.created, result.rejected) == (3, 2, 1)
    # the sheet's own row number and the header as written, so the clerk finds the cell
    assert [(e.row, e.column, e.value) for e in result.errors] == [(6, "性别", "女")]
    assert "号码第 17 位表示“男”" in result.errors[0].reason

    zhang = find_person_by_citizen_id(grid_db, ZHANG)
    assert (zhang.name, zhang.phone, zhang.birth_date) == ("张三", "13812345678", date(1990, 1, 1))
    [job] = zhang.assignments
    assert (job.unit_code, job.role, job.start_date) == (
        "51192210020101",
        "网格长",
        date(2023, 5, 1),
    )
    [job] = find_person_by_citizen_id(grid_db, LI).assignments
    assert (job.unit_code, job.role) == ("511922100201", "人民调解员")  # no 网格: the village


def test_synonym_headers_with_stars_spaces_and_full_width_marks(grid_db, roster_file):
    path = roster_file(
        [
            [
                "名 字*",
                "公民身份号码＊",
                "手机号码",
                "乡镇（街道）",
                "村（社区）",
                "所属网格",
                "人员类别",
                "登记时间",
                "政治面貌",
                "文化程度",
                "备注",
                "填表人",
            ],
            [
                "张 三",
                ZHANG,
                "138 1234 5678",
                "示例镇",
                "青石村",
                "第1网格",
                "专职网格员",
                "2023.5.1",
                "中共党员",
                "高中",
                "组长",
                "老李",
            ],
        ]
    )
    result = import_roster(grid_db, path)
    assert result.errors == []
    assert result.unknown_columns == ["填表人"]
    zhang = find_person_by_citizen_id(grid_db, ZHANG)
    assert (zhang.name, zhang.phone, zhang.political_status, zhang.education, zhang.notes) == (
        "张三",
        "13812345678",
        "中共党员",
        "高中",
        "组长",
    )
    assert [(a.unit_code, a.role) for a in zhang.assignments] == [("51192210020101", "专职网格员")]


def test_full_width_digits_lower_case_x_and_numeric_phones_are_normalised(grid_db, roster_file):
    with_x = "11010519491231002X"
    full_width = with_x[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "ｘ"
    path = roster_file(
        [HEADER, ["赵六", full_width, "女", 13812345678, "青石村", "", "辅警", "2023-05-01"]]
    )
    result = import_roster(grid_db, path)
    assert result.errors == []
    person = find_person_by_citizen_id(grid_db, with_x)
    assert person.phone == "13812345678"


def test_an_id_stored_as_a_number_is_rejected_with_how_to_fix_it(grid_db, roster_file):
    path = roster_file(
        [
            HEADER,
            ["张三", 511922199001011234, "男", "", "青石村", "", "辅警", "2023-05-01"],
            ["李四", "5.11922199001011E+17", "女", "", "青石村", "", "辅警", "2023-05-01"],
        ]
    )
    result = import_roster(grid_db, path)
    assert result.rejected == 2 and result.created == 0
    for error in result.errors:
        assert error.column == "身份证号码"
        assert error.value == "5.11922199001011E+17"
        assert "设为“文本”格式后重新录入" in error.reason


def test_bad_ids_are_rejected_with_the_id_rules_reasons(grid_db, roster_file):
    wrong_check = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    no_such_day = citizen_id("51192219900230001")
    path = roster_file(
        [
            HEADER,
            ["甲", wrong_check, "", "", "青石村", "", "辅警", "2023-05-01"],
            ["乙", no_such_day, "", "", "青石村", "", "辅警", "2023-05-01"],
            ["丙", LI, "男", "", "青石村", "", "辅警", "2023-05-01"],
        ]
    )
    result = import_roster(grid_db, path)
    assert result.rejected == 3
    assert "校验码错误" in reasons_for(result, 2)["身份证号码"]
    assert "19900230 不存在" in reasons_for(result, 3)["身份证号码"]
    assert "性别与身份证号码不符" in reasons_for(result, 4)["性别"]


def test_every_date_form_gives_the_same_start_date(grid_db, roster_file):
    forms = [date(2023, 5, 1), 45047, "2023-05-01", "2023/5/1", "2023.5.1", "2023年5月1日"]
    forms.append("20230501")
    rows = [HEADER]
    for index, form in enumerate(forms):
        rows.append(
            [
                f"人{index}",
                citizen_id(f"51192219900101{index}11"),
                "",
                "",
                "青石村",
                "",
                "辅警",
                form,
            ]
        )
    result = import_roster(grid_db, roster_file(rows))
    assert (result.created, result.rejected) == (len(forms), 0)
    starts = grid_db.read_rows(
        "SELECT a.start_date FROM assignment a JOIN person p ON p.id = a.person_id"
        " WHERE p.name LIKE '人%'"
    )
    assert sorted(start for (start,) in starts) == ["2023-05-01"] * len(forms)


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        ("0001-01-01", "任职日期 0001-01-01 早于 1900 年，请核对"),
        ("1899-12-31", "任职日期 1899-12-31 早于 1900 年，请核对"),
        ("1989-12-31", "任职日期 1989-12-31 早于出生日期 1990-01-01，请核对"),
    ],
)
def test_a_post_cannot_start_before_1900_or_before_birth(grid_db, roster_file, start, reason):
    rows = [HEADER, ["张三", ZHANG, "", "", "青石村", "", "辅警", start]]  # born 1990-01-01
    result = import_roster(grid_db, roster_file(rows))
    assert (result.created, result.rejected) == (0, 1)
    assert reasons_for(result, 2) == {"任职日期": reason}
    assert find_person_by_citizen_id(grid_db, ZHANG) is None


def test_the_same_id_twice_rejects_the_second_row_naming_the_first(grid_db, roster_file):
    path = roster_file(
        [
            HEADER,
            ["张三", ZHANG, "男", "", "青石村", "", "辅警", "2023-05-01"],
            ["李四", LI, "女", "", "青石村", "", "辅警", "2023-05-01"],
            ["张三丰", ZHANG.lower(), "男", "", "桃园村", "", "人民调解员", "2023-05-01"],
            ["张三", ZHANG, "男", "", "青石村", "", "辅警", "2024-01-01"],
        ]
    )
    result = import_roster(grid_db, path)
    assert (result.created, result.rejected) == (2, 2)
    assert "与第 2 行的身份证号码重复，但姓名" in reasons_for(result, 4)["身份证号码"]
    assert "任职单位和岗位相同" in reasons_for(result, 5)["身份证号码"]


def test_one_person_on_two_rows_with_two_roles_gets_both(grid_db, roster_file):
    path = roster_file(
        [
            HEADER,
            ["张三", ZHANG, "男", "", "青石村", "", "辅警", "2023-05-01"],
            ["张三", ZHANG, "男", "", "桃园村", "", "人民调解员", "2023-05-01"],
        ]
    )
    result = import_roster(grid_db, path)
    assert [o.status for o in result.outcomes] == ["created", "updated"]
    jobs = find_person_by_citizen_id(grid_db, ZHANG).assignments
    assert sorted(j.role for j in jobs) == ["人民调解员", "辅警"]
    assert [o.status for o in import_roster(grid_db, path).outcomes] == ["unchanged"] * 2


def test_unknown_units_and_roles_are_rejected_by_column(grid_db, roster_file):
    path = roster_file(
        [
            ["姓名", "身份证号码", "乡镇", "村", "网格", "网格编码", "岗位", "任职日期"],
            ["甲", ZHANG, "无此镇", "青石村", "", "", "辅警", "2023-05-01"],
            ["乙", LI, "", "无此村", "", "", "辅警", "2023-05-01"],
            ["丙", WANG, "", "青石村", "第9网格", "", "辅警", "2023-05-01"],
            ["丁", citizen_id("51192219900101004"), "", "", "", "999", "辅警", "2023-05-01"],
            ["戊", citizen_id("51192219900101005"), "", "青石村", "", "", "厨师", "2023-05-01"],
        ]
    )
    result = import_roster(grid_db, path)
    assert (result.created, result.rejected) == (0, 5)
    assert "没有名为“无此镇”的乡镇" in reasons_for(result, 2)["乡镇"]
    assert "没有名为“无此村”的村(社区)" in reasons_for(result, 3)["村"]
    assert "“青石村”下没有名为“第9网格”的网格" in reasons_for(result, 4)["网格"]
    assert "没有编码为“999”的网格单位" in reasons_for(result, 5)["网格编码"]
    assert "岗位“厨师”不在岗位目录中" in reasons_for(result, 6)["岗位"]


def test_grid_code_and_employment_column_decide_unit_and_role(grid_db, roster_file):
    path = roster_file(
        [
            ["姓名", "身份证号码", "网格编码", "岗位", "专兼职情况", "任职日期"],
            ["张三", ZHANG, "51192210020102", "", "专职", "2023-05-01"],
            ["李四", LI, "511922100202", "", "兼职", "2023-05-01"],
            ["王五", WANG, "511922100202", "", "", "2023-05-01"],
        ]
    )
    result = import_roster(grid_db, path)
    assert (result.created, result.rejected) == (2, 1)
    [zhang] = find_person_by_citizen_id(grid_db, ZHANG).assignments
    assert (zhang.unit_name, zhang.role) == ("青石村第2网格", "专职网格员")
    [li] = find_person_by_citizen_id(grid_db, LI).assignments
    assert (li.unit_name, li.role) == ("桃园村", "兼职网格员")
    assert "请填写岗位" in reasons_for(result, 4)["岗位"]


def test_a_missing_required_column_rejects_the_whole_file(grid_db, roster_file):
    path = roster_file([["姓名", "性别", "村"], ["张三", "男", "青石村"]])
    with pytest.raises(FengwangError, match="缺少必填列：身份证号码"):
        import_roster(grid_db, path)
    assert count(grid_db, "person") == len(list_people(grid_db))  # sanity: nothing half-read


def test_no_header_in_the_top_rows(grid_db, roster_file):
    with pytest.raises(FengwangError, match="找不到表头"):
        import_roster(grid_db, roster_file([["花名册"], ["张三", ZHANG]]))


def test_existing_people_are_matched_by_id_updated_or_left_unchanged(grid_db, roster_file):
    first, second = list_people(grid_db)[:2]
    rows = [HEADER]
    for person, phone in ((first, "13800000000"), (second, second.phone)):
        job = person.assignments[0]
        rows.append(
            [
                person.name,
                person.citizen_id,
                person.gender,
                phone,
                "",
                "",
                job.role,
                job.start_date,
                "",
            ]
        )
    rows[0] = [*HEADER, "网格编码"]
    rows[1][-1] = first.assignments[0].unit_code
    rows[2][-1] = second.assignments[0].unit_code
    people_before = count(grid_db, "person")
    jobs_before = count(grid_db, "assignment")

    result = import_roster(grid_db, roster_file(rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert find_person_by_citizen_id(grid_db, first.citizen_id).phone == "13800000000"
    assert count(grid_db, "person") == people_before
    assert count(grid_db, "assignment") == jobs_before


def test_importing_the_same_file_twice_changes_nothing_the_second_time(grid_db, roster_file):
    path = roster_file(
        [
            HEADER,
            ["张三", ZHANG, "男", "13812345678", "青石村", "第1网格", "网格长", "2023-05-01"],
            ["李四", LI, "女", "", "青石村", "", "人民调解员", "2023/5/1"],
        ]
    )
    first = import_roster(grid_db, path)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    people, jobs = count(grid_db, "person"), count(grid_db, "assignment")
    stamps = grid_db.read_rows("SELECT updated_at FROM person ORDER BY id")

    second = import_roster(grid_db, path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert (count(grid_db, "person"), count(grid_db, "assignment")) == (people, jobs)
    assert grid_db.read_rows("SELECT updated_at FROM person ORDER BY id") == stamps


def _mixed_file(roster_file):
    return roster_file(
        [
            HEADER,
            ["张三", ZHANG, "男", "", "青石村", "", "辅警", "2023-05-01"],
            ["李四", LI, "女", "", "无此村", "", "辅警", "2023-05-01"],
            ["王五", WANG, "男", "", "青石村", "", "辅警", "2023-05-01"],
        ]
    )


def test_dry_run_reports_the_outcome_and_writes_nothing(grid_db, roster_file):
    people, jobs = count(grid_db, "person"), count(grid_db, "assignment")
    result = import_roster(grid_db, _mixed_file(roster_file), dry_run=True)
    assert (result.created, result.rejected) == (2, 1)
    assert (count(grid_db, "person"), count(grid_db, "assignment")) == (people, jobs)
    assert find_person_by_citizen_id(grid_db, ZHANG) is None


def test_valid_rows_only_by_default_all_or_nothing_on_request(grid_db, roster_file):
    people = count(grid_db, "person")
    atomic = import_roster(grid_db, _mixed_file(roster_file), atomic=True)
    # the counts say what would have happened; nothing was written
    assert (atomic.created, atomic.rejected, atomic.committed) == (2, 1, False)
    assert count(grid_db, "person") == people

    default = import_roster(grid_db, _mixed_file(roster_file))
    assert (default.created, default.rejected, default.committed) == (2, 1, True)
    assert count(grid_db, "person") == people + 2


def test_an_error_in_the_middle_of_the_import_leaves_the_database_untouched(
    grid_db, roster_file, monkeypatch
):
    path = roster_file(
        [
            HEADER,
            ["张三", ZHANG, "男", "", "青石村", "", "辅警", "2023-05-01"],
            ["李四", LI, "女", "", "青石村", "", "辅警", "2023-05-01"],
            ["王五", WANG, "男", "", "青石村", "", "辅警", "2023-05-01"],
        ]
    )
    people, jobs = count(grid_db, "person"), count(grid_db, "assignment")
    calls = []

    def failing_once_people_are_written(done, total):
        calls.append((done, total))
        if len(calls) == 5:  # 4 while checking; the 5th comes after the people's insert
            raise OSError("disk unplugged")

    monkeypatch.setattr(roster_import, "PROGRESS_EVERY", 1)
    with pytest.raises(OSError):
        import_roster(grid_db, path, progress=failing_once_people_are_written)
    assert calls[-1] == (0, 3)
    assert (count(grid_db, "person"), count(grid_db, "assignment")) == (people, jobs)
    assert find_person_by_citizen_id(grid_db, ZHANG) is None


def test_the_import_entry_is_written_with_the_people_or_neither_is(
    grid_db, roster_file, monkeypatch
):
    """The people of an import are written in bulk, past the audit hook: the entry saying who
    imported them is their only trace, so it goes in their transaction."""
    from desktop.services import audit

    path = roster_file([HEADER, ["张三", ZHANG, "男", "", "青石村", "", "辅警", "2023-05-01"]])
    people, entries = count(grid_db, "person"), count(grid_db, "audit_entry")

    def disk_unplugged(*args, **kwargs):
        raise OSError("disk unplugged")

    monkeypatch.setattr(audit, "append", disk_unplugged)
    with pytest.raises(OSError):
        import_roster(grid_db, path)
    assert (count(grid_db, "person"), count(grid_db, "audit_entry")) == (people, entries)
    monkeypatch.undo()

    import_roster(grid_db, path)
    assert (count(grid_db, "person"), count(grid_db, "audit_entry")) == (people + 1, entries + 1)


def test_a_gbk_csv_from_an_old_excel_imports(grid_db, tmp_path):
    path = tmp_path / "青石村.csv"
    lines = [
        ",".join(["姓名", "身份证号", "村(社区)", "职务", "任职时间"]),
        ",".join(["张三", ZHANG, "青石村", "辅警", "2023年5月1日"]),
    ]
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    result = import_roster(grid_db, path)
    assert (result.created, result.rejected) == (1, 0)
    [job] = find_person_by_citizen_id(grid_db, ZHANG).assignments
    assert (job.unit_name, job.role, job.start_date) == ("青石村", "辅警", date(2023, 5, 1))


def test_invisible_characters_in_a_csv_are_not_imported(grid_db, tmp_path):
    path = tmp_path / "青石村.csv"
    lines = [
        ",".join(["姓名", "身份证号", "村(社区)", "职务", "任职时间", "备注"]),
        ",".join(["\ufeff张\u202e三\u200b", ZHANG, "青石村", "辅警", "2023-05-01", "X\x1b[2JY"]),
    ]
    path.write_text("\r\n".join(lines), encoding="utf-8")
    result = import_roster(grid_db, path)
    assert (result.created, result.rejected) == (1, 0)
    person = find_person_by_citizen_id(grid_db, ZHANG)
    assert (person.name, person.notes) == ("张三", "X[2JY")


def test_a_row_without_name_or_id_is_rejected_for_each(grid_db, roster_file):
    path = roster_file([HEADER, ["", "", "", "", "青石村", "", "辅警", "2023-05-01"]])
    result = import_roster(grid_db, path)
    assert result.rejected == 1
    assert reasons_for(result, 2) == {"姓名": "请填写姓名", "身份证号码": "请填写身份证号码"}

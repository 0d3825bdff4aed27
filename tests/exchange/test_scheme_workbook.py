"""A scheme as a workbook: export, import it back unchanged, edits becoming versions, and every
bad cell named in Chinese with nothing saved."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.errors import FengwangError, ValidationError
from desktop.exchange.scheme_workbook import export_scheme, import_scheme, parse_bands
from desktop.services.assessment_months import approve, open_month, submit
from desktop.services.assessment_schemes import list_schemes, update_scheme
from desktop.services.scoring import NoCases
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, NOW, REVIEWER, SCORER

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town

ITEM_HEADER_ROW = 8  # 1-based: title, five header lines, a blank row


def only_scheme(db):
    (scheme,) = list_schemes(db)
    return scheme


def with_quota_and_cap(db):
    """The town's scheme with the settings the header area carries, and a rule text that looks
    like a formula."""
    scheme = only_scheme(db)
    sections = list(scheme.sections)
    first = sections[0]
    sections[0] = replace(
        first, items=(replace(first.items[0], rule_text="=走访得分，最高20分"), *first.items[1:])
    )
    draft = replace(
        scheme.draft(),
        top_quota_percent=20,
        bonus_cap=Decimal("2.5"),
        sections=tuple(sections),
    )
    return update_scheme(db, scheme.id, draft).scheme


def edit(path: Path, sheet: str, cells: dict[str, object]) -> Path:
    book = load_workbook(path)
    for ref, value in cells.items():
        book[sheet][ref] = value
    book.save(path)
    return path


def item_row(path: Path, name: str) -> int:
    sheet = load_workbook(path)["考核细则"]
    return next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 2).value == name)


def test_an_exported_scheme_has_an_item_per_row_with_its_kind_rule_and_bands(db, tmp_path):
    scheme = with_quota_and_cap(db)
    path = tmp_path / "细则.xlsx"
    export_scheme(db, path)
    book = load_workbook(path)
    sheet = book["考核细则"]
    head = {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(2, 7)}
    assert head == {
        "细则名称": "网格员月度考核细则",
        "适用岗位": "网格长、专职网格员",
        "起始月份": "2026-01",
        "最高等次名额比例(%)": 20,
        "加分合计上限(分)": 2.5,
    }
    rows = [
        [cell.value for cell in row][:8]
        for row in sheet.iter_rows(min_row=ITEM_HEADER_ROW, max_row=ITEM_HEADER_ROW + 11)
    ]
    assert rows[0] == [
        "大则",
        "小则",
        "计分方式",
        "分值",
        "每次分值",
        "取数指标",
        "分档",
        "无案件时",
    ]
    assert rows[2] == ["基础工作（30分）", "信息录入", "按次扣分", 5, 2, None, None, None]
    assert rows[5] == [
        "矛盾纠纷排查化解（40分）",
        "按期化解率",
        "自动计分",
        15,
        None,
        "上报案件按期化解率（%）",
        "≥0得0分；≥60得8分；≥80得12分；≥90得15分",
        "得满分",
    ]
    assert rows[11] == ["一票否决", "安全事故", "一票否决", None, None, None, None, None]
    rule = sheet.cell(ITEM_HEADER_ROW + 1, 9)
    assert (rule.value, rule.data_type) == ("=走访得分，最高20分", "s")  # text, not a formula
    assert sheet.column_dimensions["J"].hidden  # 编号: the item keys
    assert sheet.cell(ITEM_HEADER_ROW + 1, 10).value == scheme.items[0].key
    bands = [[c.value for c in row] for row in book["等次"].iter_rows(min_row=1, max_row=5)]
    assert bands == [
        ["等次", "下限(含)", "上限(不含)"],
        ["优秀", 90, None],
        ["良好", 80, 90],
        ["合格", 60, 80],
        ["不合格", 0, 60],
    ]
    assert book["模板信息"].sheet_state == "hidden"
    assert book["模板信息"]["B1"].value == "fengwang-scheme-1"


def test_the_same_file_imported_back_changes_nothing(db, tmp_path):
    before = with_quota_and_cap(db)
    path = tmp_path / "细则.xlsx"
    export_scheme(db, path)
    result = import_scheme(db, path)
    assert result.status == "unchanged" and "未作改动" in result.message
    assert list_schemes(db) == [before]


def test_a_scheme_travels_to_another_database_whole(db, tmp_path):
    from desktop.db import open_database

    source = with_quota_and_cap(db)
    path = tmp_path / "细则.xlsx"
    export_scheme(db, path)
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}")  # roles only, no scheme
    try:
        result = import_scheme(other, path)
        assert result.status == "created"
        copy = result.scheme
        assert copy.draft() == source.draft()  # items with their keys, bands, roles, quota, cap
        assert copy.family_uid != source.family_uid
        assert import_scheme(other, path).status == "unchanged"  # found again by its name
        assert len(list_schemes(other)) == 1
    finally:
        other.close()


def test_an_edited_file_updates_the_scheme_keeping_item_keys(db, tmp_path):
    before = only_scheme(db)
    path = tmp_path / "细则.xlsx"
    export_scheme(db, path)
    row = item_row(path, "日常走访")
    edit(path, "考核细则", {f"D{row}": 25, f"B{row + 2}": "台账规范", f"J{row + 2}": None})
    result = import_scheme(db, path)
    assert result.status == "updated" and result.scheme.version == 1
    after = {item.name: item for item in result.scheme.items}
    assert after["日常走访"].max_points == 25
    assert after["日常走访"].key == before.items[0].key  # entries of the month carry over
    assert "台账规范" in after and "台账资料" not in after


def test_a_scheme_used_by_an_approved_month_gets_a_new_version(db, town, tmp_path):
    month = open_month(db, town.units["示例镇"], MARCH)
    submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    approve(db, month.id, actor=REVIEWER, now=NOW)
    path = tmp_path / "细则.xlsx"
    export_scheme(db, path)
    edit(path, "考核细则", {f"D{item_row(path, '日常走访')}": 25})
    result = import_scheme(db, path)
    assert result.status == "new_version" and "新版本" in result.message
    versions = sorted((s.version, s.frozen) for s in list_schemes(db))
    assert versions == [(1, True), (2, False)]
    assert open_month(db, town.units["示例镇"], MARCH).scheme.version == 1


def test_every_bad_cell_is_named_and_nothing_is_saved(db, tmp_path):
    path = tmp_path / "细则.xlsx"
    export_scheme(db, path)
    first = ITEM_HEADER_ROW + 1
    edit(
        path,
        "考核细则",
        {
            "B4": "2026年13月",
            f"C{first}": "随便评",
            f"D{first + 1}": "五分",
            f"G{first + 4}": "高于九十分",
            f"F{first + 3}": "登录次数",
        },
    )
    with pytest.raises(ValidationError) as refused:
        import_scheme(db, path)
    message = refused.value.message
    assert "第 4 行“起始月份”“2026年13月”：应写成 2026-01 这样的年月" in message
    assert f"第 {first} 行“计分方式”“随便评”：应为手工评分、按次扣分" in message
    assert f"第 {first + 1} 行“分值”“五分”：应为不小于 0 的分数" in message
    assert f"第 {first + 3} 行“取数指标”“登录次数”" in message
    assert f"第 {first + 4} 行“分档”“高于九十分”" in message
    assert len(list_schemes(db)) == 1 and only_scheme(db).version == 1


def test_the_scheme_rules_refuse_bands_with_a_gap_naming_them(db, tmp_path):
    path = tmp_path / "细则.xlsx"
    export_scheme(db, path)
    edit(path, "等次", {"C3": 85})  # 良好 80–85, 优秀 from 90: 85–90 has no grade
    with pytest.raises(ValidationError, match="“良好”与“优秀”之间有空档：85 分至 90 分"):
        import_scheme(db, path)
    assert only_scheme(db).bands[1].upper == 90


def test_an_item_rule_refused_by_the_scheme_names_its_row(db, tmp_path):
    path = tmp_path / "细则.xlsx"
    export_scheme(db, path)
    row = item_row(path, "信息录入")
    edit(path, "考核细则", {f"E{row}": None})  # a deduction item without points per occurrence
    with pytest.raises(ValidationError, match=f"第 {row} 行：“信息录入”每次扣分应大于 0"):
        import_scheme(db, path)


def test_a_county_file_typed_by_hand_is_read_by_its_headers(db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "考核细则"
    for row in (
        ["细则名称", "微网格员考核办法"],
        ["适用岗位", "微网格员"],
        ["起始月份", "2026.4"],
        [],
        ["大则", "小则", "计分方式", "分值", "每次分值", "取数指标", "分档", "计分规则说明"],
        ["日常工作", "联户走访", "手工评分", "60", None, None, None, "走访联户"],
        [None, "隐患上报", "按次加分", 40, 10, None, None, "每上报一条加10分"],
        [None, "矛盾化解", "自动计分", 20, None, "上报案件村级化解率(%)", "60:10;80:20"],
    ):
        sheet.append(row)
    bands = book.create_sheet("等次")
    for row in (["等次", "下限(含)", "上限(不含)"], ["称职", 60, None], ["不称职", 0, 60]):
        bands.append(row)
    path = tmp_path / "县里下发.xlsx"
    book.save(path)
    result = import_scheme(db, path)
    assert result.status == "created"
    scheme = result.scheme
    assert (scheme.name, scheme.roles, f"{scheme.start_month:%Y-%m}") == (
        "微网格员考核办法",
        ("微网格员",),
        "2026-04",
    )
    (section,) = scheme.sections
    assert section.name == "日常工作"  # the rows below a 大则 belong to it
    assert [(i.name, i.kind.value, i.max_points) for i in section.items] == [
        ("联户走访", "manual", 60),
        ("隐患上报", "bonus", 40),
        ("矛盾化解", "auto", 20),
    ]
    assert section.items[2].bands == ((60, 10), (80, 20))
    assert all(item.key for item in section.items)


def test_a_workbook_without_the_bands_sheet_is_refused_in_chinese(db, tmp_path):
    book = Workbook()
    book.active.title = "考核细则"
    path = tmp_path / "缺等次.xlsx"
    book.save(path)
    with pytest.raises(FengwangError, match="没有“等次”工作表"):
        import_scheme(db, path)


@pytest.mark.parametrize(
    ("text", "bands"),
    [
        ("≥60得10分；≥80得16分", ((Decimal(60), Decimal(10)), (Decimal(80), Decimal(16)))),
        ("60:10; 80:16", ((Decimal(60), Decimal(10)), (Decimal(80), Decimal(16)))),
        ("≥2件得5分", ((Decimal(2), Decimal(5)),)),
        ("高于九十", ()),
    ],
)
def test_bands_are_read_as_counties_write_them(text, bands):
    assert parse_bands(text) == bands


def test_the_items_are_found_behind_a_cover_sheet(db, tmp_path):
    path = tmp_path / "细则.xlsx"
    export_scheme(db, path)
    book = load_workbook(path)
    book.create_sheet("封面", 0)["A1"] = "某县网格员考核细则（2026年修订）"
    book.save(path)
    assert import_scheme(db, path).status == "unchanged"


def test_what_no_cases_earns_travels_in_its_own_column(db, tmp_path):
    path = tmp_path / "细则.xlsx"
    export_scheme(db, path)
    share, visits = item_row(path, "按期化解率"), item_row(path, "日常走访")
    edit(path, "考核细则", {f"H{share}": "不得分"})
    imported = {item.name: item for item in import_scheme(db, path).scheme.items}
    assert imported["按期化解率"].no_cases is NoCases.ZERO
    assert imported["小事不出村"].no_cases is NoCases.FULL
    edit(path, "考核细则", {f"H{share}": "看情况", f"H{visits}": "得满分"})
    with pytest.raises(ValidationError) as refused:
        import_scheme(db, path)
    assert f"第 {share} 行“无案件时”“看情况”：应为不得分或得满分" in refused.value.message
    assert f"第 {visits} 行“无案件时”“得满分”：只有自动计分项才填写" in refused.value.message

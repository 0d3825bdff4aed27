"""Schemes: saved and read back, refused with reasons, found by role and month, versioned once an
approved month has used them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop.errors import RefusedError, ValidationError
from desktop.models import Role
from desktop.services import assessment_months as months
from desktop.services.assessment_schemes import (
    ItemDraft,
    SectionDraft,
    create_scheme,
    default_scheme_draft,
    get_scheme,
    list_schemes,
    load_info,
    roles_in_force,
    update_scheme,
)
from desktop.services.scoring import GradeBand, ItemKind, NoCases
from tests.services import assessment_fixtures
from tests.services.assessment_fixtures import MARCH, NOW, REVIEWER, SCHEME_FROM, SCORER

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town

APRIL = date(2026, 4, 1)


def only_scheme(db):
    (scheme,) = list_schemes(db)
    return scheme


def with_item(draft, section_index: int, item: ItemDraft):
    sections = list(draft.sections)
    section = sections[section_index]
    sections[section_index] = SectionDraft(section.name, (*section.items, item))
    return replace(draft, sections=tuple(sections))


def test_the_default_scheme_is_100_points_of_every_kind():
    draft = default_scheme_draft(SCHEME_FROM)
    items = [item for section in draft.sections for item in section.items]
    scored = [i for i in items if i.kind not in (ItemKind.BONUS, ItemKind.VETO)]
    assert sum(i.max_points for i in scored) == 100
    assert {i.kind for i in items} == set(ItemKind)
    automatic = [i for i in items if i.kind is ItemKind.AUTO]
    assert {i.metric for i in automatic} == {"concluded_in_time_share", "village_closed_share"}
    # no item pays per case (DESIGN.md: no quotas of events); no case concluded is stated
    assert not any(i.per_count for i in automatic)
    assert all(
        i.no_cases is NoCases.FULL and "没有办结案件的得满分" in i.rule_text for i in automatic
    )


def test_a_scheme_reads_back_as_saved(db):
    scheme = only_scheme(db)
    assert (scheme.version, scheme.frozen, scheme.start_month) == (1, False, SCHEME_FROM)
    assert scheme.roles == ("网格长", "专职网格员")  # in the role catalogue's order
    assert scheme.label == "网格员月度考核细则（第1版，2026-01起）"
    by_name = {item.name: item for item in scheme.items}
    deduction = by_name["信息录入"]
    assert (deduction.kind, deduction.max_points, deduction.per_count) == (
        ItemKind.DEDUCTION,
        Decimal(5),
        Decimal(2),
    )
    assert by_name["按期化解率"].bands[-1] == (Decimal(90), Decimal(15))
    assert by_name["按期化解率"].no_cases is NoCases.FULL
    assert by_name["按期化解率"].section == "矛盾纠纷排查化解（40分）"
    assert [band.grade for band in scheme.bands] == ["优秀", "良好", "合格", "不合格"]
    assert get_scheme(db, scheme.id) == scheme


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda d: replace(d, name=" "), "name", "请填写细则名称"),
        (lambda d: replace(d, roles=()), "roles", "请至少选择一个适用岗位"),
        (lambda d: replace(d, roles=("专职网格员", "片警")), "roles", "岗位目录中没有：片警"),
        (
            lambda d: with_item(d, 0, ItemDraft("日常走访", ItemKind.MANUAL, Decimal(3))),
            "items",
            "小则“日常走访”重复",
        ),
        (
            lambda d: with_item(
                d, 1, ItemDraft("在线时长", ItemKind.AUTO, Decimal(5), Decimal(1), metric="online")
            ),
            "items",
            "须选择取数口径",
        ),
        (
            lambda d: with_item(d, 0, ItemDraft("走访质量", ItemKind.MANUAL, Decimal("2.25"))),
            "items",
            "最多保留一位小数",
        ),
        (
            lambda d: replace(
                d,
                bands=(
                    GradeBand("优秀", Decimal(95), None),
                    GradeBand("良好", Decimal(80), Decimal(94)),
                    GradeBand("不合格", Decimal(0), Decimal(80)),
                ),
            ),
            "bands",
            "之间有空档",
        ),
    ],
)
def test_a_faulty_scheme_is_refused_with_the_reason(db, change, field, message):
    with pytest.raises(ValidationError) as refused:
        create_scheme(db, change(default_scheme_draft(SCHEME_FROM)))
    assert message in refused.value.fields[field]
    assert len(list_schemes(db)) == 1


def in_force(db, role: str, month: date):
    """The scheme in force for the role in the month, or None."""
    with db.session() as session:
        ids = {r.name: r.id for r in session.scalars(select(Role))}
        scheme = roles_in_force(session, month).get(ids[role])
        return load_info(session, scheme.id) if scheme is not None else None


def test_the_scheme_in_force_is_the_latest_started_by_the_month(db):
    assert in_force(db, "专职网格员", date(2025, 12, 31)) is None
    assert in_force(db, "专职网格员", MARCH).version == 1
    assert in_force(db, "微网格员", MARCH) is None
    (scheme,) = list_schemes(db)
    township = months.find_township(db, "511922100")[0]
    march = months.open_month(db, township, MARCH)
    months.submit(db, march.id, actor=SCORER, allow_blank=True, now=NOW)
    months.approve(db, march.id, actor=REVIEWER, now=NOW)  # version 1 is frozen
    later = update_scheme(db, scheme.id, replace(scheme.draft(), start_month=date(2026, 4, 9)))
    assert later.new_version and later.scheme.start_month == APRIL  # any day names its month
    assert in_force(db, "专职网格员", date(2026, 3, 31)).version == 1
    assert in_force(db, "网格长", date(2026, 4, 30)).id == later.scheme.id


def test_an_unused_scheme_is_edited_in_place_and_keeps_item_keys(db):
    scheme = only_scheme(db)
    draft = scheme.draft()
    visits = draft.sections[0].items[0]
    edited = replace(
        draft,
        sections=(
            SectionDraft(
                draft.sections[0].name,
                (replace(visits, max_points=Decimal(25)), *draft.sections[0].items[1:]),
            ),
            *draft.sections[1:],
        ),
    )
    update = update_scheme(db, scheme.id, edited)
    assert not update.new_version
    assert (update.scheme.id, update.scheme.version) == (scheme.id, 1)
    assert update.scheme.items[0].max_points == 25
    assert [i.key for i in update.scheme.items] == [i.key for i in scheme.items]
    assert len(list_schemes(db)) == 1


def approve_march(db, town):
    month = months.open_month(db, town.units["示例镇"], MARCH)
    months.submit(db, month.id, actor=SCORER, allow_blank=True, now=NOW)
    return months.approve(db, month.id, actor=REVIEWER, now=NOW)


def test_a_version_used_by_an_approved_month_is_frozen_and_editing_makes_the_next(db, town):
    township = town.units["示例镇"]
    visits = only_scheme(db).items[0]
    april = months.open_month(db, township, APRIL)
    months.set_entry(db, april.id, town.people["李青山"], visits.key, "18", actor=SCORER)
    march = approve_march(db, town)
    v1 = only_scheme(db)
    assert v1.frozen and march.scheme.id == v1.id

    draft = v1.draft()
    renamed = replace(
        draft,
        sections=(
            SectionDraft(
                draft.sections[0].name,
                (
                    replace(draft.sections[0].items[0], name="入户走访"),
                    *draft.sections[0].items[1:],
                ),
            ),
            *draft.sections[1:],
        ),
    )
    update = update_scheme(db, v1.id, renamed)
    assert update.new_version
    v2 = update.scheme
    assert (v2.family_uid, v2.version, v2.frozen) == (v1.family_uid, 2, False)
    assert "已另存为第2版" in update.message
    assert get_scheme(db, v1.id).items[0].name == "日常走访"  # the frozen version is unchanged

    # the approved month keeps its version; the draft month follows the new one, entries kept
    assert months.month_sheet(db, township, MARCH).month.scheme.id == v1.id
    april_sheet = months.month_sheet(db, township, APRIL)
    assert april_sheet.month.scheme.id == v2.id
    assert april_sheet.items[0].name == "入户走访"
    li = next(row for row in april_sheet.rows if row.name == "李青山")
    assert li.entries[visits.key].value == 18
    assert li.score.points[visits.key] == 18

    with pytest.raises(RefusedError, match="已有第2版，第1版不能再修改"):
        update_scheme(db, v1.id, draft)
    again = update_scheme(db, v2.id, v2.draft())  # not used yet: edited in place
    assert not again.new_version and again.scheme.id == v2.id


def test_a_reopened_month_keeps_the_version_it_was_approved_with(db, town):
    township = town.units["示例镇"]
    march = approve_march(db, town)
    v1 = only_scheme(db)
    v2 = update_scheme(db, v1.id, replace(v1.draft(), name="网格员月度考核细则2026")).scheme
    months.reopen(db, march.id, "李青山走访分录错", actor=REVIEWER, now=NOW)
    sheet = months.month_sheet(db, township, MARCH)
    assert sheet.month.status is months.MonthStatus.DRAFT
    assert sheet.month.scheme.id == v1.id != v2.id

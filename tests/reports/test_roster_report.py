"""花名册: the people in post on the day, by village, masked, numbered pages, rare names printed."""

from __future__ import annotations

import re
from datetime import date

import pytest

from desktop.errors import NotFoundError
from desktop.reports import fonts
from desktop.reports.request import ReportRequest
from desktop.reports.roster import TITLE, render
from desktop.services import roster
from desktop.services.grid import find_unit
from desktop.services.lookups import list_units
from tests.reports.conftest import DEMO_TODAY, fonts_used, page_texts

QINGSHI = "511922100201"  # 青石村
TAOYUAN = "511922100202"  # 桃园村


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def in_post(db, unit_code: str | None, day: date = DEMO_TODAY) -> set[str]:
    """Names of the people holding a post on `day` in the unit's subtree (as the service says)."""
    units = {u.id: u for u in list_units(db)}
    root = next(u for u in units.values() if u.code == unit_code) if unit_code else None
    names = set()
    for person in roster.list_people(db, unit_code):
        for held in person.assignments:
            if held.active_on(day) and (root is None or _below(units, held.unit_id, root.id)):
                names.add(person.name)
    return names


def _below(units, unit_id, root_id) -> bool:
    while unit_id is not None:
        if unit_id == root_id:
            return True
        unit_id = units[unit_id].parent_id
    return False


def test_the_township_roster_lists_everyone_in_post_masked(demo_db, tmp_path):
    out = tmp_path / "roster.pdf"
    rendered = render(demo_db, ReportRequest(today=DEMO_TODAY, author="王芳"), out)
    pages = page_texts(out)
    text = flat("".join(pages))
    assert rendered.pages == len(pages) > 1 and rendered.missing_characters == frozenset()
    assert f"示例镇{TITLE}" in text and "填报单位：示例镇综合治理中心" in text
    assert "统计时点：2026年11月29日" in text and "制表人：王芳" in text and "（盖章）" in text
    for name in in_post(demo_db, None):
        assert name in text, name
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页共{len(pages)}页" in flat(page)
        assert "身份证号" in page and "联系电话" in page  # the header on every page
    assert not re.search(r"\d{17}[\dX]", text)  # no full ID number anywhere
    assert not re.search(r"1\d{10}", text)  # no full mobile number
    assert re.search(r"511922\*{8}\d{3}[\dX]", text) and re.search(r"1\d\d\*{4}\d{4}", text)
    assert all(fonts_used(out).values())


def test_a_village_roster_holds_its_people_only(demo_db, tmp_path):
    out = tmp_path / "qingshi.pdf"
    render(demo_db, ReportRequest(unit_code=QINGSHI, today=DEMO_TODAY), out)
    text = flat("".join(page_texts(out)))
    assert f"示例镇青石村{TITLE}" in text
    mine, theirs = in_post(demo_db, QINGSHI), in_post(demo_db, TAOYUAN)
    assert mine and all(name in text for name in mine)
    assert theirs - mine and all(name not in text for name in theirs - mine)
    assert "桃园村" not in text


def test_an_unknown_unit_is_refused_in_chinese(demo_db, tmp_path):
    out = tmp_path / "none.pdf"
    with pytest.raises(NotFoundError, match="没有编码为 999 的单位"):
        render(demo_db, ReportRequest(unit_code="999", today=DEMO_TODAY), out)
    assert not out.exists()


def test_rare_names_print_and_ended_posts_do_not(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "system_fallback_files", lambda: [])  # 𪛖 is then in no font
    monkeypatch.setattr(fonts, "_sets", {})
    village = find_unit(demo_db, QINGSHI)
    role = next(r for r in roster.list_roles(demo_db) if r.name == "网格长")
    for name, ended in (
        ("欧阳喆堃", None),
        ("张珏犇", None),
        ("李昇䶮", None),
        ("王𪛖", None),
        ("赵退任", date(2026, 1, 1)),
    ):
        person = roster.add_person(demo_db, roster.PersonDraft(name=name))
        held = roster.assign_role(demo_db, person.id, village.id, role.id, date(2025, 3, 1))
        if ended:
            roster.end_assignment(demo_db, held.id, ended)
    out = tmp_path / "rare.pdf"
    rendered = render(demo_db, ReportRequest(unit_code=QINGSHI, today=DEMO_TODAY), out)
    text = flat("".join(page_texts(out)))
    assert "欧阳喆堃" in text and "张珏犇" in text and "李昇䶮" in text
    assert rendered.missing_characters == frozenset({"𪛖"})
    assert f"王{fonts.fonts().mark}" in text
    assert "赵退任" not in text

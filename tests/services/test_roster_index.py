from datetime import date

import pytest

from desktop.services.roster_index import RosterFilter, RosterIndex, Status

PEOPLE = [
    (1, "张三丰", "zsf", "男", "110105194912310019", "13812345678"),
    (2, "曾国藩", "zgf cgf", "男", "", "0827-1234567"),
    (3, "李四", "ls", "女", "440524188001010014", ""),
    (4, "王五", "ww", "男", "", ""),
]
HELD = {
    1: [(10, 1, "2020-01-01", None)],  # active 网格长 in unit 10
    2: [(11, 2, "2019-01-01", "2023-01-01")],  # ended 辅警 in unit 11
    3: [(10, 2, "2018-01-01", "2020-01-01"), (11, 1, "2021-01-01", None)],
}


@pytest.fixture
def index():
    return RosterIndex(
        PEOPLE, HELD, {10: "青石村", 11: "桃园村"}, {1: "网格长", 2: "辅警"}, date(2025, 1, 1)
    )


def names(index, rows):
    return [index.names[i] for i in rows]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zsf", ["张三丰"]),
        ("ZSF", ["张三丰"]),
        ("张", ["张三丰"]),
        ("zgf", ["曾国藩"]),
        ("cgf", ["曾国藩"]),
        ("0014", ["李四"]),  # ID tail
        ("5678", ["张三丰"]),  # phone tail
        ("0827", ["曾国藩"]),
        ("１３８", ["张三丰"]),  # full-width digits typed by an IME
        ("nobody", []),
    ],
)
def test_search_by_name_initials_id_tail_or_phone(index, text, expected):
    assert names(index, index.filter(RosterFilter(text=text))) == expected


def test_typing_on_narrows_the_previous_result(index):
    assert len(index.filter(RosterFilter(text="s"))) == 2  # zsf, ls
    assert names(index, index.filter(RosterFilter(text="sf"))) == ["张三丰"]
    assert names(index, index.filter(RosterFilter(text="l"))) == ["李四"]  # not narrowed from "sf"


def test_status_filter_is_about_today(index):
    assert names(index, index.filter(RosterFilter(status=Status.ACTIVE))) == ["张三丰", "李四"]
    assert names(index, index.filter(RosterFilter(status=Status.ENDED))) == ["曾国藩"]
    assert names(index, index.filter(RosterFilter(status=Status.UNASSIGNED))) == ["王五"]


def test_unit_and_role_filters_look_at_matching_assignments_only(index):
    in_10 = frozenset({10})
    assert names(index, index.filter(RosterFilter(units=in_10))) == ["张三丰", "李四"]
    # 李四 left unit 10 (as 辅警) and is active elsewhere: in unit 10 she has ended.
    assert names(index, index.filter(RosterFilter(units=in_10, status=Status.ENDED))) == ["李四"]
    assert names(index, index.filter(RosterFilter(role_id=2, status=Status.ACTIVE))) == []


def test_display_shows_todays_roles_or_the_last_ones(index):
    assert (index.roles_text(2), index.units_text(2), index.since(2)) == (
        "网格长",
        "桃园村",
        "2021-01-01",
    )
    assert index.roles_text(1) == "辅警"
    assert index.status(1) is Status.ENDED
    assert index.masked_id(0) == "110105********0019"
    assert index.masked_phone(1) == "0827-***4567"


def test_names_sort_by_pinyin(index):
    rows = sorted(range(len(index)), key=index.sort_key("name"))
    assert names(index, rows) == ["李四", "王五", "曾国藩", "张三丰"]  # zgf before zsf


def test_a_first_page_reads_the_first_people_with_all_their_assignments(db):
    from desktop.services.demo import build_demo
    from desktop.services.roster_index import count_people, load_roster

    build_demo(db, seed=1)
    whole, page = load_roster(db), load_roster(db, first=20)
    assert len(page) == 20 and count_people(db) == len(whole) > 300
    assert page.person_ids == whole.person_ids[:20]
    assert page.held == whole.held[:20]

from datetime import date

import pytest

from desktop.errors import RefusedError, ValidationError
from desktop.models import Level
from desktop.services import grid, roster
from desktop.services.grid import UnitDraft
from desktop.services.roster import PersonDraft


@pytest.fixture
def village(db):
    county = grid.create_unit(db, UnitDraft(Level.COUNTY, "511922", "南江县"))
    town = grid.create_unit(db, UnitDraft(Level.TOWNSHIP, "511922100", "示例镇", county.id))
    return grid.create_unit(db, UnitDraft(Level.VILLAGE, "511922100201", "青石村", town.id))


def role_id(db, name):
    return next(r.id for r in roster.list_roles(db) if r.name == name)


def test_add_person_derives_gender_and_birth_date_from_the_id(db):
    person = roster.add_person(
        db, PersonDraft(" 张 三丰 ", citizen_id="11010519491231002x", phone="138 1234 5678")
    )
    assert person.name == "张三丰"
    assert (person.citizen_id, person.gender, person.birth_date) == (
        "11010519491231002X",
        "女",
        date(1949, 12, 31),
    )
    assert person.masked_id == "110105********002X"
    assert person.masked_phone == "138****5678"


def test_gender_contradicting_the_id_is_refused_and_nothing_saved(db):
    with pytest.raises(ValidationError) as err:
        roster.add_person(db, PersonDraft("王五", citizen_id="440524188001010014", gender="女"))
    assert "性别与身份证号码不符" in err.value.fields["gender"]
    assert roster.list_people(db) == []


def test_each_bad_field_gets_its_own_message(db):
    with pytest.raises(ValidationError) as err:
        roster.add_person(
            db,
            PersonDraft("", citizen_id="110105194912310021", phone="123", education="博士后"),
        )
    assert set(err.value.fields) == {"name", "citizen_id", "phone", "education"}
    assert "校验码" in err.value.fields["citizen_id"]


def test_the_same_id_cannot_be_registered_twice(db):
    roster.add_person(db, PersonDraft("张三", citizen_id="440524188001010014"))
    with pytest.raises(ValidationError, match="已登记为“张三”"):
        roster.add_person(db, PersonDraft("张叁", citizen_id="440524188001010014"))


def test_fifteen_digit_ids_are_stored_upgraded(db):
    person = roster.add_person(db, PersonDraft("李四", citizen_id="110105491231002"))
    assert person.citizen_id == "11010519491231002X"
    with pytest.raises(ValidationError):  # the 18-digit form is the same person
        roster.add_person(db, PersonDraft("李四", citizen_id="11010519491231002X"))


def test_edit_person_keeps_assignments(db, village):
    person = roster.add_person(db, PersonDraft("张三丰"))
    roster.assign_role(db, person.id, village.id, role_id(db, "人民调解员"), date(2024, 3, 1))
    edited = roster.update_person(db, person.id, PersonDraft("张三峰", phone="0827-1234567"))
    assert edited.name == "张三峰"
    assert [a.role for a in edited.assignments] == ["人民调解员"]


def test_ending_an_assignment_keeps_the_history(db, village):
    person = roster.add_person(db, PersonDraft("张三丰"))
    first = roster.assign_role(
        db, person.id, village.id, role_id(db, "兼职网格员"), date(2020, 1, 1)
    )
    roster.end_assignment(db, first.id, date(2023, 12, 31))
    roster.assign_role(db, person.id, village.id, role_id(db, "网格长"), date(2024, 1, 1))
    roster.assign_role(db, person.id, village.id, role_id(db, "人民调解员"), date(2024, 1, 1))
    history = roster.get_person(db, person.id).assignments
    assert [(a.role, a.end_date) for a in history] == [
        ("兼职网格员", date(2023, 12, 31)),
        ("网格长", None),
        ("人民调解员", None),
    ]
    assert [a.active_on(date(2025, 1, 1)) for a in history] == [False, True, True]


def test_the_same_open_role_in_the_same_unit_is_refused(db, village):
    person = roster.add_person(db, PersonDraft("张三丰"))
    roster.assign_role(db, person.id, village.id, role_id(db, "辅警"), date(2024, 1, 1))
    with pytest.raises(ValidationError, match="已在“青石村”担任辅警"):
        roster.assign_role(db, person.id, village.id, role_id(db, "辅警"), date(2025, 1, 1))


def test_an_assignment_cannot_start_before_1900_or_before_birth(db, village):
    person = roster.add_person(db, PersonDraft("李四", citizen_id="11010519491231002X"))
    police = role_id(db, "辅警")
    for start, reason in [
        (date(1, 1, 1), "任职日期 0001-01-01 早于 1900 年"),
        (date(1949, 12, 30), "任职日期 1949-12-30 早于出生日期 1949-12-31"),
    ]:
        with pytest.raises(ValidationError, match=reason) as refused:
            roster.assign_role(db, person.id, village.id, police, start)
        assert set(refused.value.fields) == {"start_date"}
    assert roster.get_person(db, person.id).assignments == ()
    roster.assign_role(db, person.id, village.id, police, date(1970, 1, 1))


def test_an_assignment_cannot_end_before_it_starts_or_twice(db, village):
    person = roster.add_person(db, PersonDraft("张三丰"))
    held = roster.assign_role(db, person.id, village.id, role_id(db, "辅警"), date(2024, 1, 1))
    with pytest.raises(ValidationError, match="不能早于任职日期"):
        roster.end_assignment(db, held.id, date(2023, 1, 1))
    roster.end_assignment(db, held.id, date(2024, 5, 1))
    with pytest.raises(RefusedError, match="已于 2024-05-01 结束"):
        roster.end_assignment(db, held.id, date(2024, 6, 1))


def test_admins_can_add_roles_but_not_twice(db):
    added = roster.add_role(db, "平安志愿者")
    assert not added.builtin
    assert roster.list_roles(db)[-1].name == "平安志愿者"
    with pytest.raises(ValidationError, match="已经存在"):
        roster.add_role(db, "网格长")


def test_controls_bidi_and_zero_width_characters_are_not_stored(db, village):
    role = roster.add_role(db, "X\x1b[2JY")
    assert role.name == "X[2JY"
    with pytest.raises(ValidationError, match="已经存在"):  # an invisible mark makes no new role
        roster.add_role(db, "X\u200b[2J\u202eY")
    person = roster.add_person(
        db, PersonDraft("张\u202e三\u200b丰", notes="第一行\x07\n第二行\ufeff")
    )
    assert (person.name, person.notes) == ("张三丰", "第一行\n第二行")
    held = roster.assign_role(
        db, person.id, village.id, role.id, date(2024, 1, 1), note="\u2066兼任\u2069"
    )
    assert held.note == "兼任"


def test_list_people_by_unit_subtree(db, village):
    grid_unit = grid.create_unit(db, UnitDraft(Level.GRID, "G1", "第一网格", village.id))
    inside = roster.add_person(db, PersonDraft("张三丰"))
    roster.add_person(db, PersonDraft("李四"))
    roster.assign_role(db, inside.id, grid_unit.id, role_id(db, "专职网格员"), date(2024, 1, 1))
    assert [p.name for p in roster.list_people(db, unit_code="511922100201")] == ["张三丰"]
    assert len(roster.list_people(db)) == 2

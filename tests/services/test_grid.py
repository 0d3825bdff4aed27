import pytest

from desktop.errors import RefusedError, ValidationError
from desktop.models import Level
from desktop.services import grid, roster
from desktop.services.grid import UnitDraft


@pytest.fixture
def township(db):
    county = grid.create_unit(db, UnitDraft(Level.COUNTY, "511922", "南江县"))
    return grid.create_unit(db, UnitDraft(Level.TOWNSHIP, "511922100", "示例镇", county.id))


def village(db, township, code="511922100201", name="青石村"):
    return grid.create_unit(
        db, UnitDraft(Level.VILLAGE, code, name, township.id, kind="村", stats_code=code)
    )


def test_units_form_a_tree_with_levels_in_order(db, township):
    v = village(db, township)
    g = grid.create_unit(db, UnitDraft(Level.GRID, "G1", "第一网格", v.id))
    m = grid.create_unit(
        db, UnitDraft(Level.MICRO, "M1", "1组", g.id, kind="自然村/组", households=24)
    )
    codes = [u.code for u in grid.list_units(db)]
    assert codes == ["511922", "511922100", "511922100201", "G1", "M1"]
    assert grid.subtree_ids(((u.id, u.parent_id) for u in grid.list_units(db)), v.id) == {
        v.id,
        g.id,
        m.id,
    }


def test_a_unit_must_sit_under_the_level_above(db, township):
    with pytest.raises(ValidationError) as err:
        grid.create_unit(db, UnitDraft(Level.GRID, "G1", "第一网格", township.id))
    assert "网格只能放在村(社区)之下" in err.value.fields["parent"]


def test_codes_are_unique_and_stats_codes_have_twelve_digits(db, township):
    village(db, township)
    with pytest.raises(ValidationError) as err:
        grid.create_unit(
            db, UnitDraft(Level.VILLAGE, "511922100201", "桃园村", township.id, stats_code="5119")
        )
    assert "青石村" in err.value.fields["code"]
    assert "12 位" in err.value.fields["stats_code"]


def test_empty_name_and_negative_counts_are_refused(db, township):
    with pytest.raises(ValidationError) as err:
        grid.create_unit(db, UnitDraft(Level.VILLAGE, "V9", "  ", township.id, households=-1))
    assert set(err.value.fields) == {"name", "households"}


def test_rename_keeps_the_place_in_the_tree(db, township):
    v = village(db, township)
    renamed = grid.update_unit(db, v.id, UnitDraft(Level.VILLAGE, v.code, "青石社区", None))
    assert (renamed.name, renamed.parent_id, renamed.level) == (
        "青石社区",
        township.id,
        Level.VILLAGE,
    )


def test_move_a_grid_to_another_village(db, township):
    a, b = village(db, township), village(db, township, "511922100202", "桃园村")
    g = grid.create_unit(db, UnitDraft(Level.GRID, "G1", "第一网格", a.id))
    assert grid.move_unit(db, g.id, b.id).parent_id == b.id
    with pytest.raises(RefusedError, match="只能放在村\\(社区\\)之下"):
        grid.move_unit(db, g.id, township.id)


def test_a_unit_with_people_or_children_cannot_be_deleted(db, township):
    v = village(db, township)
    with pytest.raises(RefusedError, match="下级单位"):
        grid.delete_unit(db, township.id)
    person = roster.add_person(db, roster.PersonDraft("张三丰"))
    role = roster.list_roles(db)[0]
    from datetime import date

    held = roster.assign_role(db, person.id, v.id, role.id, date(2024, 1, 1))
    roster.end_assignment(db, held.id, date(2024, 6, 1))
    with pytest.raises(RefusedError, match=r"任职记录.*历史"):
        grid.delete_unit(db, v.id)  # even ended assignments are history worth keeping


def test_an_empty_unit_can_be_deleted(db, township):
    v = village(db, township)
    grid.delete_unit(db, v.id)
    assert [u.code for u in grid.list_units(db)] == ["511922", "511922100"]


def test_a_township_with_assessment_months_cannot_be_deleted(db, township):
    from datetime import date

    from desktop.services import assessment_months, assessment_schemes

    start = date(2026, 3, 1)
    assessment_schemes.create_scheme(db, assessment_schemes.default_scheme_draft(start))
    assessment_months.open_month(db, township.id, start, today=start)
    with pytest.raises(RefusedError, match="“示例镇”有 1 个月的网格员考核记录，不能删除"):
        grid.delete_unit(db, township.id)

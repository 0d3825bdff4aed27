from collections import Counter

import pytest

from desktop.errors import RefusedError
from desktop.models import Level
from desktop.services import grid, roster
from desktop.services.demo import build_demo
from desktop.services.health import check_database
from desktop.services.identity import parse_citizen_id


@pytest.fixture(scope="module")
def demo_people(tmp_path_factory):
    from desktop.db import open_database

    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    build_demo(db, seed=7)
    yield db, grid.list_units(db), roster.list_people(db)
    db.close()


def test_demo_is_a_township_of_nanjiang_big_enough_to_learn_on(demo_people):
    db, units, people = demo_people
    levels = Counter(u.level for u in units)
    assert [u.name for u in units if u.level is Level.COUNTY] == ["南江县"]
    assert [u.name for u in units if u.level is Level.TOWNSHIP] == ["示例镇"]
    assert levels[Level.VILLAGE] >= 10
    assert levels[Level.MICRO] >= 60
    assert sum(1 for p in people if p.assignments) >= 300
    assert all(len(u.stats_code or "") == 12 for u in units if u.level is Level.VILLAGE)
    assert check_database(db).healthy


def test_every_demo_id_is_valid_and_matches_the_recorded_gender(demo_people):
    _, _, people = demo_people
    for person in people:
        parsed = parse_citizen_id(person.citizen_id)
        assert (parsed.gender, parsed.birth_date) == (person.gender, person.birth_date)


def test_demo_keeps_history_and_people_with_several_roles(demo_people):
    _, _, people = demo_people
    assert any(a.end_date for p in people for a in p.assignments)
    assert any(len(p.assignments) > 1 for p in people)


def test_same_seed_same_township_other_seed_other_people(db, tmp_path):
    from desktop.db import open_database

    build_demo(db, seed=7)
    again = open_database(f"sqlite:///{tmp_path / 'again.sqlite'}")
    build_demo(again, seed=7)
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}")
    build_demo(other, seed=8)

    def ids(database):
        return [p.citizen_id for p in roster.list_people(database)]

    assert ids(db) == ids(again)
    assert ids(db) != ids(other)
    again.close()
    other.close()


def test_demo_refuses_a_database_that_has_data(db):
    build_demo(db, seed=1)
    with pytest.raises(RefusedError, match="空数据库"):
        build_demo(db, seed=1)

"""县级下发包: the county sends its scheme, role catalogue and dispute categories; a township
imports them, keeping its own additions (issue 9)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from desktop.db import open_database
from desktop.errors import FengwangError, ValidationError
from desktop.exchange.county_package import (
    CATEGORIES_SHEET,
    export_county_package,
    import_county_package,
)
from desktop.exchange.scheme_workbook import export_scheme
from desktop.services import case_settings, roster
from desktop.services.assessment_schemes import list_schemes
from tests.services import assessment_fixtures

assessment_file = assessment_fixtures.assessment_file
county = assessment_fixtures.assessment_db  # the county's database, with its scheme


@pytest.fixture
def township(tmp_path):
    """A township's own database: the standard lists, one role of its own, no scheme yet."""
    db = open_database(f"sqlite:///{tmp_path / 'township.sqlite'}")
    roster.add_role(db, "生态护林员")
    yield db
    db.close()


def categories(db) -> dict[str, int | None]:
    return {c.name: c.due_days for c in case_settings.list_categories(db)}


def package_of(county, tmp_path):
    roster.add_role(county, "网格指导员")
    case_settings.add_category(county, "电信诈骗", 15)
    neighbours = next(c for c in case_settings.list_categories(county) if c.name == "邻里")
    case_settings.set_category_due_days(county, neighbours.id, 10)
    path = tmp_path / "县级下发包.xlsx"
    summary = export_county_package(county, path)
    assert "岗位" in summary and "纠纷类别" in summary
    return path


def test_a_township_takes_the_countys_scheme_roles_and_categories(county, township, tmp_path):
    path = package_of(county, tmp_path)

    done = import_county_package(township, path)

    assert done.scheme.status == "created"
    assert done.roles_added == ("网格指导员",)
    assert done.categories_added == ("电信诈骗",)
    assert done.deadlines_changed == ("邻里",)
    roles = [role.name for role in roster.list_roles(township)]
    assert roles[-2:] == ["生态护林员", "网格指导员"]  # its own kept, the county's after them
    assert categories(township)["电信诈骗"] == 15 and categories(township)["邻里"] == 10
    assert [s.name for s in list_schemes(township)] == [s.name for s in list_schemes(county)]
    assert "新增岗位 1 个：网格指导员" in done.message

    again = import_county_package(township, path)
    assert again.scheme.status == "unchanged"
    assert (again.roles_added, again.categories_added, again.deadlines_changed) == ((), (), ())
    assert again.message.endswith("岗位目录和纠纷类别与县里一致")


def test_a_bad_row_saves_nothing(county, township, tmp_path):
    path = package_of(county, tmp_path)
    book = load_workbook(path)
    sheet = book[CATEGORIES_SHEET]
    sheet.append(["山林权属", "十五天"])
    book.save(path)
    before = categories(township)

    with pytest.raises(ValidationError) as refused:
        import_county_package(township, path)

    assert any("办结期限应为" in message for message in refused.value.fields.values())
    assert categories(township) == before
    assert list_schemes(township) == []
    assert "网格指导员" not in [role.name for role in roster.list_roles(township)]


def test_a_scheme_workbook_alone_is_not_a_county_package(county, township, tmp_path):
    path = tmp_path / "细则.xlsx"
    export_scheme(county, path)
    with pytest.raises(FengwangError, match="不是县级下发包"):
        import_county_package(township, path)


def test_the_cli_exports_and_imports_the_package(county, township, tmp_path, capsys):
    from desktop.cli import main

    county_file = county.sqlite_path
    township_file = township.sqlite_path
    county.close()
    township.close()
    out = tmp_path / "下发.xlsx"
    assert main(["--db", str(county_file), "export", "county-package", str(out)]) == 0
    assert "已导出县级下发包" in capsys.readouterr().out
    assert main(["--db", str(township_file), "import", "county-package", str(out)]) == 0
    assert capsys.readouterr().out.startswith("已新建考核细则")
    assert main(["--db", str(township_file), "import", "county-package", str(tmp_path)]) == 2

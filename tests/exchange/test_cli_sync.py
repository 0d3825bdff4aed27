"""fengwang-cli export sync / import sync, as a township and its county use them."""

import json
import shutil
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.db import open_database
from desktop.services import roster


@pytest.fixture
def township_and_county(tmp_path, capsys):
    township = tmp_path / "township.sqlite"
    assert main(["--db", str(township), "demo", "--seed", "5"]) == 0
    county = tmp_path / "county.sqlite"
    shutil.copy(township, county)  # the county received this township's data once already
    assert main(["--db", str(township), "export", "sync", str(tmp_path / "first.xlsx")]) == 0
    assert main(["--db", str(county), "import", "sync", str(tmp_path / "first.xlsx")]) == 0
    capsys.readouterr()
    return township, county


def change_phone(path, phone):
    db = open_database(f"sqlite:///{path}")
    person = roster.list_people(db)[0]
    roster.update_person(db, person.id, replace(person.draft(), phone=phone))
    db.close()
    return person.uid


def phone_of(path, uid):
    db = open_database(f"sqlite:///{path}")
    phone = next(p.phone for p in roster.list_people(db) if p.uid == uid)
    db.close()
    return phone


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_change_at_the_township_reaches_the_county(tmp_path, capsys, township_and_county):
    township, county = township_and_county
    uid = change_phone(township, "13900001111")
    package = tmp_path / "package.xlsx"
    code, out, _ = run(capsys, "--db", str(township), "export", "sync", str(package))
    assert code == 0 and "内部资料" in out

    code, out, _ = run(
        capsys, "--db", str(county), "import", "sync", str(package), "--dry-run", "--json"
    )
    preview = json.loads(out)
    assert (code, preview["changed"], preview["conflict"]) == (0, 1, 0)
    assert phone_of(county, uid) != "13900001111"  # a dry run writes nothing

    code, out, _ = run(capsys, "--db", str(county), "import", "sync", str(package))
    assert code == 0 and "已应用" in out
    assert phone_of(county, uid) == "13900001111"


def test_a_conflict_is_listed_and_nothing_written_until_decided(
    tmp_path, capsys, township_and_county
):
    township, county = township_and_county
    uid = change_phone(township, "13900001111")
    change_phone(county, "13700002222")
    package = tmp_path / "package.xlsx"
    assert run(capsys, "--db", str(township), "export", "sync", str(package))[0] == 0

    code, out, _ = run(capsys, "--db", str(county), "import", "sync", str(package))
    assert code == 3 and "冲突" in out and uid in out
    assert "联系电话：本机 137****2222，对方 139****1111" in out
    assert phone_of(county, uid) == "13700002222"

    code, _, _ = run(
        capsys, "--db", str(county), "import", "sync", str(package), "--resolve", f"{uid}=theirs"
    )
    assert code == 0
    assert phone_of(county, uid) == "13900001111"


def test_a_bad_resolution_or_a_tampered_package_is_refused(tmp_path, capsys, township_and_county):
    township, county = township_and_county
    package = tmp_path / "package.xlsx"
    assert run(capsys, "--db", str(township), "export", "sync", str(package))[0] == 0
    code, _, err = run(
        capsys, "--db", str(county), "import", "sync", str(package), "--resolve", "abc=mine"
    )
    assert code == 2 and "UID=ours" in err

    book = load_workbook(package)
    sheet = book["人员"]
    sheet.cell(row=2, column=2).value = "改过的名字"
    book.save(package)
    code, _, err = run(capsys, "--db", str(county), "import", "sync", str(package))
    assert code == 2 and "校验失败" in err

"""fengwang-cli sync history: the county lists the packages its townships sent."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.db import open_database
from tests.exchange.county_fixtures import BEIBA, SHIJIANG, build_township


@pytest.fixture
def county(tmp_path, capsys):
    """A county database that imported 示例镇's package, then 北坝镇's."""
    county = tmp_path / "county.sqlite"
    open_database(f"sqlite:///{county}").close()  # a new, empty county database
    for spec in (SHIJIANG, BEIBA):
        path = tmp_path / f"{spec.code}.sqlite"
        township = open_database(f"sqlite:///{path}")
        try:
            build_township(township, spec)
        finally:
            township.close()
        package = tmp_path / f"{spec.name}同步包.xlsx"
        assert main(["--db", str(path), "export", "sync", str(package)]) == 0
        assert main(["--db", str(county), "import", "sync", str(package)]) == 0
    capsys.readouterr()
    return county


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_history_lists_who_sent_what_newest_first(county, capsys):
    code, out, err = run(capsys, "--db", str(county), "sync", "history")
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    assert (
        first.startswith("北坝镇（511922101）导出于 ")
        and "由 系统 导入：新增 8，修改 0，冲突 0" in first
    )
    assert first.endswith("（北坝镇同步包.xlsx）")
    assert second.startswith("示例镇（511922100）导出于 ") and "新增 9，" in second


def test_the_history_of_one_township_as_json(county, capsys):
    code, out, _ = run(
        capsys, "--db", str(county), "sync", "history", "--township", "511922100", "--json"
    )
    [record] = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert record["township_name"] == "示例镇" and record["file"] == "示例镇同步包.xlsx"
    assert (record["added"], record["changed"], record["conflicts"]) == (9, 0, 0)
    assert record["imported_by"] == "系统" and record["exported_at"] <= record["imported_at"]


def test_nothing_received_yet_is_said_so(tmp_path, capsys):
    empty = tmp_path / "empty.sqlite"
    open_database(f"sqlite:///{empty}").close()
    assert run(capsys, "--db", str(empty), "sync", "history")[:2] == (0, "还没有收到过同步包\n")
    code, out, _ = run(capsys, "--db", str(empty), "sync", "history", "--township", "511922999")
    assert (code, out) == (0, "还没有收到过该乡镇的同步包\n")

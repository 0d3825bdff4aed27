"""fengwang-cli as a script would use it: exit codes, one-line errors, JSON lines."""

import json
import sqlite3

import pytest

from desktop import __version__
from desktop.cli import main
from desktop.db import HEAD_REVISION


@pytest.fixture
def demo_file(tmp_path, capsys):
    path = tmp_path / "demo.sqlite"
    assert main(["--db", str(path), "demo", "--seed", "3"]) == 0
    assert "已生成演示乡镇" in capsys.readouterr().out
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_demo_then_check_is_healthy(capsys, demo_file):
    code, out, _ = run(capsys, "--db", str(demo_file), "check")
    assert code == 0
    assert f"结构版本：{HEAD_REVISION}" in out
    assert "检查结果：正常" in out


def test_check_reports_broken_foreign_keys_with_exit_1(capsys, demo_file):
    raw = sqlite3.connect(demo_file)
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("UPDATE assignment SET unit_id = 999999 WHERE id = 1")
    raw.commit()
    raw.close()
    code, out, _ = run(capsys, "--db", str(demo_file), "check")
    assert code == 1
    assert "外键错误" in out


def test_check_reports_an_invalid_id_smuggled_into_the_file(capsys, demo_file):
    raw = sqlite3.connect(demo_file)
    raw.execute("UPDATE person SET citizen_id = '110105194912310021' WHERE id = 1")
    raw.commit()
    raw.close()
    code, out, _ = run(capsys, "--db", str(demo_file), "check")
    assert code == 1
    assert "校验码" in out


def test_roster_list_json_is_masked_unless_asked(capsys, demo_file):
    code, out, _ = run(capsys, "--db", str(demo_file), "roster", "list", "--json")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) >= 300
    first = records[0]
    assert "*" in first["citizen_id"] and "*" in first["phone"]
    assert {"unit_code", "unit_name", "role", "start", "end"} <= set(first["assignments"][0])
    _, out, _ = run(capsys, "--db", str(demo_file), "roster", "list", "--json", "--unmasked")
    assert len(json.loads(out.splitlines()[0])["citizen_id"]) == 18


def test_roster_list_by_unit_subtree(capsys, demo_file):
    _, out, _ = run(
        capsys, "--db", str(demo_file), "roster", "list", "--json", "--unit", "511922100201"
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    assert all(
        any(a["unit_code"].startswith("511922100201") for a in r["assignments"]) for r in records
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["roster", "list", "--unit", "nope"], "没有编码为“nope”"),
        (["bogus"], "参数错误：参数 COMMAND：'bogus' 不是可选的值（可选：'demo'"),
        (["import", "roster"], "参数错误：缺少必需的参数：FILE"),
        (["roster", "list", "--bogus"], "参数错误：无法识别的参数：--bogus"),
        (["import", "roster", "x.csv", "--report"], "参数 --report：须跟一个值"),
        (["demo"], "已有网格数据"),
    ],
)
def test_errors_are_one_line_and_exit_2(capsys, demo_file, argv, message):
    code, out, err = run(capsys, "--db", str(demo_file), *argv)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：fengwang-cli")
    assert "选项" in out and "显示本帮助并退出" in out


def test_a_missing_or_foreign_file_is_refused_clearly(capsys, tmp_path):
    code, _, err = run(capsys, "--db", str(tmp_path / "none.sqlite"), "check")
    assert (code, "数据库文件不存在" in err) == (2, True)
    junk = tmp_path / "notes.sqlite"
    junk.write_text("not a database")
    code, _, err = run(capsys, "--db", str(junk), "roster", "list")
    assert (code, "不是枫网数据库" in err) == (2, True)


def test_an_empty_database_file_is_not_quietly_made_a_new_database(capsys, tmp_path, demo_file):
    """A database cut to 0 bytes (a copy or a save interrupted) is said so; only migrate builds a
    schema in it, and a backup restores over it."""
    empty = tmp_path / "cut.sqlite"
    empty.write_bytes(b"")
    for argv in (["roster", "list"], ["check"]):
        code, out, err = run(capsys, "--db", str(empty), *argv)
        assert (code, out) == (2, "") and "数据库文件是空的（0 字节）" in err
        assert "fengwang-cli restore" in err
    assert empty.stat().st_size == 0
    code, _, err = run(capsys, "--db", str(empty), "restore", str(demo_file))
    assert (code, err) == (0, "")
    code, out, _ = run(capsys, "--db", str(empty), "roster", "list")
    assert code == 0 and out.strip()
    other = tmp_path / "new.sqlite"
    other.write_bytes(b"")
    assert run(capsys, "--db", str(other), "migrate")[0] == 0


def test_fengwang_db_variable_and_default_location(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("FENGWANG_DB", str(tmp_path / "env.sqlite"))
    assert main(["demo"]) == 0
    assert (tmp_path / "env.sqlite").exists()
    monkeypatch.delenv("FENGWANG_DB")
    assert main(["demo"]) == 0  # the per-user app-data folder (redirected by conftest)
    assert "Fengwang" in capsys.readouterr().out


def test_roles_can_be_listed_and_added(capsys, demo_file):
    code, out, _ = run(capsys, "--db", str(demo_file), "roles", "add", "平安志愿者")
    assert (code, out.strip()) == (0, "已新增岗位：平安志愿者")
    code, out, _ = run(capsys, "--db", str(demo_file), "roles", "list")
    lines = out.splitlines()
    assert lines[0] == "网格长\t内置" and lines[-1] == "平安志愿者\t自定义"
    code, _, err = run(capsys, "--db", str(demo_file), "roles", "add", "网格长")
    assert code == 2 and "已经存在" in err


def test_a_role_name_cannot_carry_a_terminal_sequence_or_a_bidi_override(capsys, demo_file):
    code, out, _ = run(capsys, "--db", str(demo_file), "roles", "add", "X\x1b[2JY\u202e\u200b")
    assert (code, out.strip()) == (0, "已新增岗位：X[2JY")
    code, out, _ = run(capsys, "--db", str(demo_file), "roles", "list")
    assert out.splitlines()[-1] == "X[2JY\t自定义" and "\x1b" not in out


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://u:S3cretPw@127.0.0.1:1/x",
        "postgresql+psycopg://u:S3cret@Pw@127.0.0.1:1/x",  # an unescaped @ in the password
        "postgresql+psycopg://u@127.0.0.1:1/x?password=S3cretPw",
    ],
)
def test_a_server_password_is_never_shown(capsys, url):
    code, out, err = run(capsys, "--db", url, "roster", "list")
    assert (code, out) == (2, "")
    assert "S3cret" not in err and "Pw@" not in err
    assert "***" in err and err.count("\n") == 1
    assert "postgresql+psycopg://u" in err and "内部错误" not in err


def test_a_refused_connection_is_said_in_chinese(capsys):
    code, _, err = run(capsys, "--db", "postgresql+psycopg://u:S3cretPw@127.0.0.1:1/x", "check")
    assert code == 2
    assert "u:***@127.0.0.1:1/x：服务器拒绝连接：地址或端口不对，或数据库服务没有运行" in err


@pytest.mark.parametrize("url", ["foo://bar", "postgresql://u:S3cretPw@host:port/x", "://x"])
def test_an_unknown_kind_of_database_url_is_a_chinese_sentence(capsys, url):
    code, _, err = run(capsys, "--db", url, "roster", "list")
    assert code == 2
    assert "无法识别数据库地址" in err and "postgresql+psycopg://用户名:密码@" in err
    assert "plugin" not in err and "S3cret" not in err and "内部错误" not in err

"""fengwang-cli and accounts: --user with FENGWANG_PASSWORD on every command once a database has
users, and the users commands (list, add, role, passwd)."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.db import open_database
from desktop.services import access, grid
from desktop.services.access import Role
from desktop.services.grid import UnitDraft
from desktop.vocabulary import Level

ADMIN_PASSWORD = "guanli2026"
CLERK_PASSWORD = "jingban2026"
SENTENCE = "该数据库已设用户，请用 --user 指定用户名（密码取自 FENGWANG_PASSWORD 或提示输入）"


@pytest.fixture(autouse=True)
def _no_login_from_the_environment(monkeypatch):
    for name in ("FENGWANG_USER", "FENGWANG_PASSWORD", "FENGWANG_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def accounts(db_path) -> str:
    """A database with an administrator (管理员甲) and a clerk (张三)."""
    db = open_database(f"sqlite:///{db_path}")
    try:
        access.create_user(db, "管理员甲", Role.ADMIN, ADMIN_PASSWORD)
        access.log_in(db, "管理员甲", ADMIN_PASSWORD)
        access.create_user(db, "张三", Role.CLERK, CLERK_PASSWORD)
    finally:
        db.close()
    return str(db_path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def users(capsys, path: str, monkeypatch) -> dict[str, dict]:
    monkeypatch.setenv("FENGWANG_PASSWORD", ADMIN_PASSWORD)
    code, out, _ = run(capsys, "--db", path, "--user", "管理员甲", "users", "list", "--json")
    assert code == 0
    return {r["name"]: r for r in map(json.loads, out.splitlines())}


def test_a_database_with_accounts_refuses_a_command_without_user(capsys, accounts):
    code, out, err = run(capsys, "--db", accounts, "roles", "list")
    assert code == 2 and out == ""
    assert err.strip() == f"fengwang-cli: {SENTENCE}"


def test_user_with_the_password_from_the_environment_runs_the_command(
    capsys, accounts, monkeypatch
):
    monkeypatch.setenv("FENGWANG_PASSWORD", CLERK_PASSWORD)
    code, out, err = run(capsys, "--db", accounts, "--user", "张三", "roles", "list")
    assert code == 0 and err == ""
    assert "网格长" in out


def test_fengwang_user_names_the_user_for_scripts(capsys, accounts, monkeypatch):
    monkeypatch.setenv("FENGWANG_USER", "张三")
    monkeypatch.setenv("FENGWANG_PASSWORD", CLERK_PASSWORD)
    code, out, _ = run(capsys, "--db", accounts, "roles", "list")
    assert code == 0 and "网格长" in out


def test_a_wrong_password_is_refused_with_the_attempts_left(capsys, accounts, monkeypatch):
    monkeypatch.setenv("FENGWANG_PASSWORD", "wrong2026")
    code, out, err = run(capsys, "--db", accounts, "roles", "list", "--user", "张三")
    assert code == 2 and out == ""
    assert "用户名或密码不正确" in err and "再错 4 次" in err


def test_the_password_is_asked_without_echo_when_not_in_the_environment(
    capsys, accounts, monkeypatch
):
    import getpass

    prompts = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or CLERK_PASSWORD)
    code, out, _ = run(capsys, "--db", accounts, "--user", "张三", "roles", "list")
    assert code == 0 and "网格长" in out
    assert prompts == ["张三 的密码："]


def test_without_a_terminal_the_password_is_refused_in_chinese_not_read_echoed(
    capsys, accounts, monkeypatch
):
    """getpass without a terminal warns in English and reads standard input, echoed."""
    import getpass
    import warnings

    def no_terminal(prompt):
        warnings.warn("Can not control echo on the terminal.", getpass.GetPassWarning, stacklevel=1)
        return CLERK_PASSWORD

    monkeypatch.setattr(getpass, "getpass", no_terminal)
    code, out, err = run(capsys, "--db", accounts, "--user", "张三", "roles", "list")
    assert (code, out) == (2, "")
    assert "没有读到密码" in err and "FENGWANG_PASSWORD" in err and "Warning" not in err
    monkeypatch.setenv("FENGWANG_PASSWORD", CLERK_PASSWORD)
    code, _, err = run(capsys, "--db", accounts, "--user", "张三", "users", "passwd")
    assert code == 2 and "FENGWANG_NEW_PASSWORD 提供密码" in err


def test_a_database_in_set_up_mode_needs_no_user(capsys, db_path):
    open_database(f"sqlite:///{db_path}").close()
    code, _, err = run(capsys, "--db", str(db_path), "roles", "list")
    assert code == 0 and err == ""


def test_the_first_account_must_be_an_administrator(capsys, db_path, monkeypatch):
    open_database(f"sqlite:///{db_path}").close()
    monkeypatch.setenv("FENGWANG_NEW_PASSWORD", ADMIN_PASSWORD)
    code, _, err = run(capsys, "--db", str(db_path), "users", "add", "张三", "--role", "clerk")
    assert code == 2 and "第一个用户必须是管理员" in err
    code, out, _ = run(capsys, "--db", str(db_path), "users", "add", "李主任", "--role", "admin")
    assert code == 0 and "已新增用户“李主任”（管理员）" in out
    code, _, err = run(capsys, "--db", str(db_path), "roles", "list")
    assert code == 2 and SENTENCE in err  # set-up mode ended with the first account


def test_an_administrator_adds_and_lists_users(capsys, accounts, monkeypatch):
    monkeypatch.setenv("FENGWANG_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("FENGWANG_NEW_PASSWORD", "lingdao2026")
    code, out, _ = run(
        capsys, "--db", accounts, "--user", "管理员甲", "users", "add", "王领导", "--role", "领导"
    )
    assert code == 0 and "王领导" in out
    code, out, _ = run(capsys, "--db", accounts, "--user", "管理员甲", "users", "list")
    assert out.splitlines() == [
        "管理员甲\t管理员\t全部乡镇\t在用",
        "张三\t经办人\t全部乡镇\t在用",
        "王领导\t领导\t全部乡镇\t在用",
    ]
    assert users(capsys, accounts, monkeypatch)["王领导"] == {
        "name": "王领导",
        "role": "leader",
        "township": "",
        "state": "在用",
    }


@pytest.fixture
def county(accounts) -> str:
    """The accounts' database made a county one: 南江县 with 北坝镇 and 长赤镇."""
    db = open_database(f"sqlite:///{accounts}")
    try:
        access.log_in(db, "管理员甲", ADMIN_PASSWORD)
        county = grid.create_unit(db, UnitDraft(Level.COUNTY, "511922", "南江县"))
        for code, name in (("511922101", "北坝镇"), ("511922102", "长赤镇")):
            grid.create_unit(db, UnitDraft(Level.TOWNSHIP, code, name, parent_id=county.id))
    finally:
        db.close()
    return accounts


def test_an_account_of_one_township_in_a_county_database(capsys, county, monkeypatch):
    accounts = county
    monkeypatch.setenv("FENGWANG_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("FENGWANG_NEW_PASSWORD", "beiba20260")
    admin = ("--db", accounts, "--user", "管理员甲", "users")
    code, out, _ = run(
        capsys, *admin, "add", "北坝经办", "--role", "clerk", "--township", "511922101"
    )
    assert code == 0 and "已新增用户“北坝经办”（经办人，在北坝镇工作）" in out
    assert users(capsys, accounts, monkeypatch)["北坝经办"]["township"] == "北坝镇"
    code, _, err = run(capsys, *admin, "add", "某人", "--role", "clerk", "--township", "999")
    assert code != 0 and "没有编码为“999”的网格单位" in err
    code, _, err = run(capsys, *admin, "add", "某人", "--role", "clerk", "--township", "511922")
    assert code != 0 and "请选择一个乡镇" in err
    # The township's clerk lists only the accounts of the township.
    monkeypatch.setenv("FENGWANG_PASSWORD", "beiba20260")
    code, out, _ = run(capsys, "--db", accounts, "--user", "北坝经办", "users", "list")
    assert out.splitlines() == ["北坝经办\t经办人\t北坝镇\t在用"]


def test_a_clerk_may_not_add_users(capsys, accounts, monkeypatch):
    monkeypatch.setenv("FENGWANG_PASSWORD", CLERK_PASSWORD)
    monkeypatch.setenv("FENGWANG_NEW_PASSWORD", "xinren2026")
    code, _, err = run(
        capsys, "--db", accounts, "--user", "张三", "users", "add", "李四", "--role", "clerk"
    )
    assert code == 2 and "张三（经办人）没有“管理用户和查看操作日志”的权限" in err
    assert "李四" not in users(capsys, accounts, monkeypatch)


def test_a_weak_new_password_is_refused(capsys, accounts, monkeypatch):
    monkeypatch.setenv("FENGWANG_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("FENGWANG_NEW_PASSWORD", "12345678")
    code, _, err = run(
        capsys, "--db", accounts, "--user", "管理员甲", "users", "add", "李四", "--role", "clerk"
    )
    assert code == 2 and "字母和数字" in err


def test_role_changes_and_disabling(capsys, accounts, monkeypatch):
    monkeypatch.setenv("FENGWANG_PASSWORD", ADMIN_PASSWORD)
    admin = ("--db", accounts, "--user", "管理员甲")
    code, out, _ = run(capsys, *admin, "users", "role", "张三", "viewer", "--disable")
    assert code == 0 and out.strip() == "用户“张三”：查看，停用"
    code, _, err = run(capsys, *admin, "users", "role", "张三", "boss")
    assert code == 2 and "未知的角色“boss”" in err
    code, out, _ = run(capsys, *admin, "users", "role", "张三", "clerk")  # stays disabled
    assert out.strip() == "用户“张三”：经办人，停用"
    monkeypatch.setenv("FENGWANG_PASSWORD", CLERK_PASSWORD)
    code, _, err = run(capsys, "--db", accounts, "--user", "张三", "roles", "list")
    assert code == 2 and "已停用" in err
    monkeypatch.setenv("FENGWANG_PASSWORD", ADMIN_PASSWORD)
    code, _, err = run(capsys, *admin, "users", "role", "管理员甲", "clerk")
    assert code == 2 and "至少要保留一个在用的管理员" in err


def test_a_user_changes_their_own_password(capsys, accounts, monkeypatch):
    monkeypatch.setenv("FENGWANG_PASSWORD", CLERK_PASSWORD)
    monkeypatch.setenv("FENGWANG_NEW_PASSWORD", "xinmima2026")
    code, out, _ = run(capsys, "--db", accounts, "--user", "张三", "users", "passwd")
    assert code == 0 and "已修改用户“张三”的密码" in out
    code, _, err = run(capsys, "--db", accounts, "--user", "张三", "roles", "list")
    assert code == 2 and "用户名或密码不正确" in err
    monkeypatch.setenv("FENGWANG_PASSWORD", "xinmima2026")
    code, _, _ = run(capsys, "--db", accounts, "--user", "张三", "roles", "list")
    assert code == 0


def test_new_passwords_typed_twice_must_agree(capsys, accounts, monkeypatch):
    import getpass

    monkeypatch.setenv("FENGWANG_PASSWORD", CLERK_PASSWORD)
    answers = iter(["xinmima2026", "xinmima2027"])
    monkeypatch.setattr(getpass, "getpass", lambda _prompt: next(answers))
    code, _, err = run(capsys, "--db", accounts, "--user", "张三", "users", "passwd")
    assert code == 2 and "两次输入的新密码不一致" in err


def test_only_an_administrator_resets_another_users_password(capsys, accounts, monkeypatch):
    monkeypatch.setenv("FENGWANG_NEW_PASSWORD", "chongshe2026")
    monkeypatch.setenv("FENGWANG_PASSWORD", CLERK_PASSWORD)
    code, _, err = run(capsys, "--db", accounts, "--user", "张三", "users", "passwd", "管理员甲")
    assert code == 2 and "没有“管理用户和查看操作日志”的权限" in err
    monkeypatch.setenv("FENGWANG_PASSWORD", ADMIN_PASSWORD)
    code, _, _ = run(capsys, "--db", accounts, "--user", "管理员甲", "users", "passwd", "张三")
    assert code == 0
    monkeypatch.setenv("FENGWANG_PASSWORD", "chongshe2026")
    code, _, _ = run(capsys, "--db", accounts, "--user", "张三", "roles", "list")
    assert code == 0


def test_a_viewer_cannot_list_full_numbers_and_a_clerk_leaves_a_record(
    capsys, accounts, monkeypatch
):
    from desktop.models.trust import AuditEntry
    from desktop.services import roster
    from desktop.services.roster import PersonDraft

    db = open_database(f"sqlite:///{accounts}")
    try:
        access.log_in(db, "管理员甲", ADMIN_PASSWORD)
        access.create_user(db, "查看丁", Role.VIEWER, CLERK_PASSWORD)
        roster.add_person(db, PersonDraft("李四", citizen_id="11010519491231002X"))
    finally:
        db.close()
    monkeypatch.setenv("FENGWANG_PASSWORD", CLERK_PASSWORD)
    code, out, err = run(
        capsys, "--db", accounts, "--user", "查看丁", "roster", "list", "--unmasked"
    )
    assert code == 2 and out == ""
    assert "没有“查看完整身份证号码和电话”的权限" in err
    code, out, _err = run(
        capsys, "--db", accounts, "--user", "张三", "roster", "list", "--unmasked"
    )
    assert code == 0 and "11010519491231002X" in out
    db = open_database(f"sqlite:///{accounts}")
    try:
        with db.session() as session:
            reveals = [e.user_name for e in session.query(AuditEntry).filter_by(action="reveal")]
    finally:
        db.close()
    assert reveals == ["张三"]


def test_the_logged_in_user_is_who_acts_whatever_actor_says(accounts, monkeypatch):
    from desktop.cli import build_parser
    from desktop.cli.common import actor_of, open_db

    monkeypatch.setenv("FENGWANG_PASSWORD", CLERK_PASSWORD)
    args = build_parser().parse_args(
        [
            "--db",
            accounts,
            "--user",
            "张三",
            "assess",
            "approve",
            "--month",
            "2026-03",
            "--actor",
            "别人",
        ]
    )
    open_db(args).close()
    assert actor_of(args) == "张三"


def test_the_county_moves_an_account_to_another_township(capsys, county, monkeypatch):
    accounts = county
    monkeypatch.setenv("FENGWANG_PASSWORD", ADMIN_PASSWORD)
    admin = ("--db", accounts, "--user", "管理员甲", "users", "township")
    code, out, _ = run(capsys, *admin, "张三", "511922102")
    assert code == 0 and "用户“张三”今后在长赤镇工作" in out
    assert users(capsys, accounts, monkeypatch)["张三"]["township"] == "长赤镇"
    code, out, _ = run(capsys, *admin, "张三", "--county")
    assert code == 0 and "今后在全部乡镇工作" in out
    code, _, err = run(capsys, *admin, "张三")
    assert code == 2 and "--county" in err

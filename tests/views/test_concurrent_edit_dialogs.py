"""Two workstations on one database, as the clerk sees it: a form whose record was saved
elsewhere while it was open refuses to save, says what changed, and keeps what the clerk typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.db import Actor, Database
from desktop.errors import ConnectionLost
from desktop.services import grid, roster
from desktop.services.access import Role
from desktop.views.assignment_dialog import EndAssignmentDialog
from desktop.views.person_dialog import PersonDialog
from desktop.views.unit_dialog import UnitDialog
from tests.views.helpers import table_names, type_text

REOPEN = "请关闭此窗口，重新打开后再改。"


@pytest.fixture
def elsewhere(db):
    """Another workstation on the same database, where 李经办 works."""
    other = Database(db.engine.url.render_as_string(hide_password=False))
    other.actor = Actor("李经办", Role.CLERK.value)
    yield other
    other.close()


def open_person(page, name: str) -> PersonDialog:
    assert page.select_person(page.proxy.person_id(table_names(page).index(name)))
    page.edit_person()
    dialog = page.active_dialog
    assert isinstance(dialog, PersonDialog) and dialog.isVisible()
    return dialog


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_a_person_saved_elsewhere_while_the_form_is_open_is_not_overwritten(
    qtbot, page, db, elsewhere, township
):
    person_id = township.people["张三丰"]
    dialog = open_person(page, "张三丰")
    dialog.notes_edit.clear()
    type_text(qtbot, dialog.notes_edit, "本人在家")
    theirs = roster.get_person(elsewhere, person_id)
    roster.update_person(
        elsewhere, person_id, replace(theirs.draft(), phone="13600009999"), loaded=theirs
    )

    save(qtbot, dialog)

    assert dialog.isVisible()
    shown = dialog.form.general_error.text()
    assert shown.startswith("保存未成功：张三丰 的记录已被 李经办 于 ")
    assert shown.endswith(f"修改（联系电话）。{REOPEN}")
    assert dialog.form.general_error.isVisible()
    assert dialog.notes_edit.text() == "本人在家"  # the clerk's input stays
    now = roster.get_person(db, person_id)
    assert (now.phone, now.notes) == ("13600009999", None)


def test_a_person_form_saves_when_nobody_changed_the_person(qtbot, page, db, township):
    person_id = township.people["张三丰"]
    before = roster.get_person(db, person_id).row_version
    dialog = open_person(page, "张三丰")
    type_text(qtbot, dialog.notes_edit, "本人在家")
    with qtbot.waitSignal(dialog.finished):
        save(qtbot, dialog)
    now = roster.get_person(db, person_id)
    assert (now.notes, now.row_version) == ("本人在家", before + 1)


def test_a_unit_renamed_elsewhere_while_its_form_is_open_is_not_overwritten(
    qtbot, page, db, elsewhere, township
):
    unit_id = township.units["青山村第一网格"]
    page.select_unit(unit_id)
    page.edit_unit()
    dialog = page.active_dialog
    assert isinstance(dialog, UnitDialog)
    type_text(qtbot, dialog.households_edit, "120")
    theirs = grid.get_unit(elsewhere, unit_id)
    grid.update_unit(
        elsewhere,
        unit_id,
        grid.UnitDraft(theirs.level, theirs.code, "青山一网格"),
        loaded=theirs,
    )

    save(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.form.general_error.text().endswith(f"修改（名称）。{REOPEN}")
    assert "李经办" in dialog.form.general_error.text()
    assert (dialog.name_edit.text(), dialog.households_edit.text()) == ("青山村第一网格", "120")
    now = grid.get_unit(db, unit_id)
    assert (now.name, now.households) == ("青山一网格", None)


def test_a_unit_form_starts_from_the_unit_as_it_is_now_not_the_older_tree(
    qtbot, page, db, elsewhere, township
):
    unit_id = township.units["青山村第一网格"]
    theirs = grid.get_unit(elsewhere, unit_id)
    grid.update_unit(elsewhere, unit_id, grid.UnitDraft(theirs.level, theirs.code, "青山一网格"))
    page.select_unit(unit_id)  # the page's tree still says 青山村第一网格
    page.edit_unit()
    dialog = page.active_dialog
    assert dialog.name_edit.text() == "青山一网格"
    type_text(qtbot, dialog.households_edit, "120")
    with qtbot.waitSignal(dialog.finished):
        save(qtbot, dialog)
    now = grid.get_unit(db, unit_id)
    assert (now.name, now.households) == ("青山一网格", 120)


def test_ending_a_post_already_ended_elsewhere_says_so_and_stays_open(
    qtbot, db, elsewhere, township
):
    person = roster.get_person(db, township.people["张三丰"])
    units = grid.list_units(db)
    dialog = EndAssignmentDialog(db, person, list(person.assignments), units=units)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.end_edit.set_value(date(2025, 6, 30))
    roster.end_assignment(
        elsewhere, person.assignments[0].id, date(2025, 1, 31), loaded=person.assignments[0]
    )

    save(qtbot, dialog)

    assert dialog.isVisible()
    assert "李经办" in dialog.form.general_error.text()
    assert "结束日期" in dialog.form.general_error.text()
    ended = roster.get_person(db, person.id).assignments[0]
    assert ended.end_date == date(2025, 1, 31)


def test_a_save_that_loses_the_server_keeps_the_input_and_saving_again_retries(
    qtbot, page, db, township, monkeypatch
):
    person_id = township.people["张三丰"]
    dialog = open_person(page, "张三丰")
    type_text(qtbot, dialog.notes_edit, "本人在家")
    update = roster.update_person
    outages = [ConnectionLost("与数据库服务器的连接中断了，这一步没有完成，也没有保存任何内容。")]

    def unreachable_once(*args, **kwargs):
        if outages:
            raise outages.pop()
        return update(*args, **kwargs)

    monkeypatch.setattr(roster, "update_person", unreachable_once)

    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.form.general_error.text().startswith("与数据库服务器的连接中断了")
    assert dialog.notes_edit.text() == "本人在家"
    assert roster.get_person(db, person_id).notes is None

    with qtbot.waitSignal(dialog.finished):
        save(qtbot, dialog)  # the server answers again
    assert roster.get_person(db, person_id).notes == "本人在家"

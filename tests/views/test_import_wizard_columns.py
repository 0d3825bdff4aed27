"""The import wizard lists the columns of a file that hold something, not its whole width."""

from __future__ import annotations

from openpyxl import load_workbook

from desktop.views.import_wizard import HEADER_PAGE, MAPPING_PAGE
from tests.views import test_import_wizard as walk
from tests.views.test_import_wizard import messy_roster, pick_file, preview, shown_rows

# the wizard as the clerk's walk through it sets it up: its dialogs answered by the test
choose, opened, wizard = walk.choose, walk.opened, walk.wizard


def test_a_value_typed_far_to_the_right_adds_one_column_not_thousands(
    qtbot, wizard, choose, tmp_path
):
    """One cell typed in the sheet's last column (XFD) makes every row 16,384 cells wide: the
    header preview and the mapping built a widget for each on the UI thread, minutes of a frozen
    wizard."""
    path = messy_roster(tmp_path)
    book = load_workbook(path)
    book.active["XFD2"] = "备用"
    book.save(path)
    pick_file(qtbot, wizard, choose, path)

    assert wizard.currentId() == HEADER_PAGE
    assert wizard.header_page.selected_row() == 2
    table = wizard.header_page.table
    letters = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert letters == [*"ABCDEFGHI", "XFD"]
    assert table.item(1, 9).text() == "备用" and table.item(2, 1).text() == "名字"

    wizard.next()
    assert wizard.currentId() == MAPPING_PAGE
    mapping = wizard.mapping_page
    assert list(mapping.combos) == [*range(9), 16383]
    assert [mapping.field_of(c) for c in (1, 2, 16383)] == ["name", "citizen_id", ""]

    preview(qtbot, wizard)
    statuses = [status for _name, status, _reason in shown_rows(wizard.preview_page)]
    assert statuses == ["新增", "拒绝", "新增"]

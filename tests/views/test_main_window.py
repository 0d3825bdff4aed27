"""The main window: navigation for the whole product, status bar, settings, screen size."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from desktop.views.i18n import ENGLISH, LANGUAGE_KEY, install_translators, remove_translators
from desktop.views.main_window import MainWindow, current_user

NAVIGATION = ["网格与花名册", "矛盾纠纷", "考核", "预警派单", "报表", "数据交换", "设置"]


def navigation(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


def test_navigation_names_every_part_of_the_product(window):
    assert navigation(window) == NAVIGATION
    assert window.stack.currentWidget() is window.roster_page


def test_the_assessment_page_is_built_when_first_shown(qtbot, window):
    from desktop.views.assessment_page import AssessmentPage

    assert not isinstance(window.pages["assessment"], AssessmentPage)
    window.show_page("assessment")
    page = window.stack.currentWidget()
    assert isinstance(page, AssessmentPage) and page is window.pages["assessment"]
    assert page.tabs.tabText(0) == "月度考核"
    assert page.townships_tab is None  # one township: nothing to set side by side
    # the township has no assessment scheme yet: the sheet says so
    assert "考核细则" in page.month_panel.problem_label.text()


def test_the_exchange_page_says_what_it_holds(qtbot, window):
    window.show_page("exchange")
    sentence = window.stack.currentWidget().sentence_label.text()
    assert "花名册" in sentence and "同步" in sentence


def test_the_reports_page_is_built_when_first_shown(qtbot, window):
    from desktop.views.reports_page import ReportsPage

    assert not isinstance(window.pages["reports"], ReportsPage)
    window.show_page("reports")
    page = window.stack.currentWidget()
    assert isinstance(page, ReportsPage) and page is window.pages["reports"]
    assert page.paper().name == "monthly-assessment"
    assert page.shown_rows() == {"month", "unit"}  # the township has no scheme yet


def test_a_warning_turned_into_a_case_opens_it_on_the_disputes_page(qtbot, window, db, township):
    from desktop.services import case_settings, cases
    from desktop.services.cases import CaseDraft, PartyDraft

    category = case_settings.list_categories(db)[0].id
    draft = CaseDraft(
        date(2026, 3, 2),
        "网格上报",
        category,
        township.units["青山村"],
        (PartyDraft("张大山"), PartyDraft("李小河")),
        "纠纷",
    )
    case = cases.register_case(db, draft, actor="测试", now=datetime(2026, 3, 2, 9))
    window.show_page("warnings")
    window.page("warnings").open_case.emit(case.id)
    disputes = window.page("disputes")
    assert window.stack.currentWidget() is disputes
    assert disputes.case_page.case.number == case.number


def test_a_coverage_gap_opens_its_unit_in_the_roster(qtbot, window):
    window.show_page("warnings")
    window.page("warnings").open_unit.emit("511922100202")
    assert window.stack.currentWidget() is window.roster_page
    assert window.roster_page.selected_unit().name == "石门社区"


def test_report_font_is_a_choice_kept_per_computer(window, settings):
    window.show_page("settings")
    page = window.settings_page
    assert page.font_combo.currentText().startswith("内置字体")
    # this machine has no Windows fonts: the bundled one is the only choice, and the note says so
    assert not page.font_combo.isEnabled()
    assert "宋体" in page.font_note.text()
    assert page.tabs.indexOf(page.coverage_settings) >= 0


def test_ctrl_number_switches_pages(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.settings_page
    assert window.nav.currentItem().text() == "设置"


def test_status_bar_names_township_database_and_user(window, db):
    assert window.township_label.text() == "示例镇"
    assert window.database_label.text() == f"数据库：{db.describe()}"
    assert window.user_label.text() == f"用户：{current_user()}"
    assert window.windowTitle() == "枫网 — 示例镇"


def test_an_empty_database_says_no_township(qtbot, db, settings):
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.load()
    assert window.township_label.text() == "未设置乡镇"
    assert window.roster_page.count_label.text() == "共 0 人"


def test_fits_a_1366_by_768_screen(window):
    assert window.width() <= 1366 and window.height() <= 768
    assert window.minimumWidth() <= 1024 and window.minimumHeight() <= 700


def test_the_database_path_is_shown_whole_or_cut_in_the_middle(qtbot, window):
    window.show_page("settings")
    label = window.settings_page.database_label
    path = window.roster_page._db.describe()
    qtbot.waitUntil(lambda: label.text() == path)  # room enough: the whole path, file name too
    assert label.width() >= label.fontMetrics().horizontalAdvance(path)

    long_path = "C:\\Users\\张晓梅\\AppData\\Local\\" + "共享资料\\" * 30 + "fengwang.sqlite"
    label.set_full_text(long_path)
    shown = label.text()
    assert "…" in shown and shown.startswith("C:\\Users") and shown.endswith("fengwang.sqlite")
    assert label.fontMetrics().horizontalAdvance(shown) <= label.width()
    assert label.toolTip() == long_path


def test_language_choice_is_kept_for_the_next_start(window, settings):
    window.show_page("settings")
    page = window.settings_page
    assert page.language_combo.currentText() == "中文"
    assert "下次启动" in page.language_note.text()
    assert page.database_label.text() == window.roster_page._db.describe()
    page.language_combo.setCurrentIndex(page.language_combo.findText("English"))
    assert settings.value(LANGUAGE_KEY) == ENGLISH
    assert navigation(window) == NAVIGATION  # applied on the next start, not now


def test_english_interface_without_translator(qtbot, qapp, db, settings, chinese):
    remove_translators(qapp, chinese)
    install_translators(qapp, ENGLISH)
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.load()
    assert navigation(window)[0] == "Grid and roster"
    assert window.township_label.text() == "No township set"
    assert window.roster_page.model.headerData(0, Qt.Orientation.Horizontal) == "Name"


def test_a_role_added_in_settings_can_be_picked_in_the_roster_at_once(qtbot, window):
    window.show_page("settings")
    catalogue = window.settings_page.role_catalogue
    window.settings_page.tabs.setCurrentWidget(catalogue)
    items = [catalogue.role_list.item(row).text() for row in range(catalogue.role_list.count())]
    assert "网格长（内置）" in items
    qtbot.keyClicks(catalogue.name_edit, "ping an zhi yuan zhe")  # as typed, spaces dropped
    qtbot.keyClick(catalogue.name_edit, Qt.Key.Key_Return)
    assert catalogue.role_list.item(catalogue.role_list.count() - 1).text() == "pinganzhiyuanzhe"
    combo = window.roster_page.role_combo
    assert "pinganzhiyuanzhe" in [combo.itemText(i) for i in range(combo.count())]


def test_a_duplicate_role_is_refused_inline(qtbot, window):
    window.show_page("settings")
    catalogue = window.settings_page.role_catalogue
    window.settings_page.tabs.setCurrentWidget(catalogue)
    before = catalogue.role_list.count()
    qtbot.keyClicks(catalogue.name_edit, "abc")
    qtbot.mouseClick(catalogue.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(catalogue.name_edit, "abc")
    qtbot.mouseClick(catalogue.add_button, Qt.MouseButton.LeftButton)
    assert "已经存在" in catalogue.error_label.text()
    assert catalogue.error_label.isVisible()
    assert catalogue.role_list.count() == before + 1


def test_settings_tabs_and_the_administrators_own(qtbot, db, township, settings):
    from desktop.services import access
    from desktop.services.access import Role
    from desktop.views.settings_page import SettingsPage

    def tabs(page: SettingsPage) -> list[str]:
        return [page.tabs.tabText(i) for i in range(page.tabs.count())]

    page = SettingsPage(settings, db)  # set-up mode: everything
    qtbot.addWidget(page)
    assert tabs(page) == [
        "常规", "岗位目录", "案件规则", "预警规则", "网格覆盖", "备份", "用户", "操作日志"
    ]  # fmt: skip
    page.tabs.setCurrentWidget(page.audit_tab)
    assert page.audit_tab.content is not None  # the trail is read when the tab opens

    access.create_user(db, "管理员甲", Role.ADMIN, "guanli2026")
    access.log_in(db, "管理员甲", "guanli2026")
    access.create_user(db, "张三", Role.CLERK, "jingban2026")
    access.log_in(db, "张三", "jingban2026")
    clerk = SettingsPage(settings, db)
    qtbot.addWidget(clerk)
    assert "用户" not in tabs(clerk) and "操作日志" not in tabs(clerk)

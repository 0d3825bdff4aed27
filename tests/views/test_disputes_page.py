"""矛盾纠纷 → 案件 as a clerk uses it: filters, search, deadline colours, list ↔ case."""

from __future__ import annotations

import sys
import types
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.services import case_settings, cases, mediators
from desktop.services.cases import CaseDraft, CaseInfo, PartyDraft
from desktop.views.case_table_model import DUE, NUMBER, PARTIES
from desktop.vocabulary import HandlingLevel
from tests.views.helpers import citizen_id

TODAY = date(2026, 3, 20)
ACTOR = "王文书"


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def register(
    db,
    township,
    received: date,
    category: str,
    unit: str,
    names: tuple[str, str],
    *,
    sequence: int = 31,
) -> CaseInfo:
    """A case registered through the service; the parties get valid IDs and phones."""
    category_id = next(c.id for c in case_settings.list_categories(db) if c.name == category)
    parties = tuple(
        PartyDraft(
            name,
            citizen_id=citizen_id("511922", "19700101", sequence + 2 * i),
            phone=f"1370000{sequence:02d}{i:02d}",
        )
        for i, name in enumerate(names)
    )
    draft = CaseDraft(received, "网格上报", category_id, township.units[unit], parties, "纠纷")
    return cases.register_case(db, draft, actor=ACTOR, now=at(received))


@pytest.fixture
def story(db, township) -> dict[str, CaseInfo]:
    """Four cases on 2026-03-20: overdue, due soon, on time, and one settled and closed."""
    made = {
        "overdue": register(
            db, township, date(2026, 1, 10), "邻里", "青山一组", ("张大山", "李小河")
        ),
        "soon": register(
            db, township, date(2026, 2, 22), "合同", "青山村", ("刘一", "陈二"), sequence=41
        ),
        "fresh": register(
            db,
            township,
            date(2026, 3, 10),
            "婚姻家庭",
            "石门社区第一网格",
            ("王五", "赵六"),
            sequence=51,
        ),
        "closed": register(
            db, township, date(2026, 2, 1), "邻里", "青山村", ("孙七", "周八"), sequence=61
        ),
    }
    overdue = made["overdue"].id
    cases.assess(db, overdue, actor=ACTOR, now=at(TODAY, 8))
    cases.route(db, overdue, HandlingLevel.VILLAGE, actor=ACTOR, now=at(TODAY, 9))
    mediators.assign(db, overdue, township.people["张伟"], actor=ACTOR, now=at(TODAY, 10))
    closed = made["closed"].id
    settle(db, township, closed, date(2026, 2, 2), date(2026, 2, 10))
    cases.close(db, closed, actor=ACTOR, now=at(date(2026, 2, 11)))
    return made


def settle(db, township, case_id: int, start: date, signed: date) -> None:
    """Assessed and routed on `start`, mediated by 张伟 the next day, settled on `signed`."""
    cases.assess(db, case_id, actor=ACTOR, now=at(start))
    cases.route(db, case_id, HandlingLevel.TOWNSHIP, actor=ACTOR, now=at(start, 10))
    next_day = start + timedelta(days=1)
    mediators.assign(db, case_id, township.people["张伟"], actor=ACTOR, now=at(next_day))
    cases.start_mediation(db, case_id, actor=ACTOR, now=at(next_day, 10))
    cases.settle(
        db, case_id, cases.AgreementDraft(signed, "赔偿 500 元"), actor=ACTOR, now=at(signed)
    )


@pytest.fixture
def disputes(qtbot, db, township, story):
    from desktop.views.disputes_page import DisputesPage

    page = DisputesPage(db, ACTOR, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1196, 678)
    page.show()
    return page


def numbers(page) -> list[str]:
    proxy = page.list_panel.proxy
    return [proxy.index(row, NUMBER).data() for row in range(proxy.rowCount())]


def row_of(page, case: CaseInfo) -> int:
    return numbers(page).index(case.number)


def choose(combo, text: str) -> None:
    position = combo.findText(text)
    assert position >= 0, f"{text} is not offered"
    combo.setCurrentIndex(position)


def test_model_passes_the_model_tester(qtmodeltester, disputes):
    qtmodeltester.check(disputes.list_panel.model)
    qtmodeltester.check(disputes.list_panel.proxy)


def test_every_case_is_listed_with_counts(disputes, story):
    assert sorted(numbers(disputes)) == sorted(case.number for case in story.values())
    # the closed case's visit is overdue too: both red rows are counted, each for what it is
    assert disputes.list_panel.count_label.text() == "共 4 件，已超期 1 件，回访已超期 1 件"
    headers = [
        disputes.list_panel.proxy.headerData(c, Qt.Orientation.Horizontal)
        for c in range(disputes.list_panel.proxy.columnCount())
    ]
    assert headers == [
        "编号",
        "受理日期",
        "类别",
        "发生地",
        "当事人",
        "状态",
        "层级",
        "调解员",
        "期限",
    ]


def test_overdue_is_red_and_due_soon_amber(disputes, story):
    proxy = disputes.list_panel.proxy
    overdue = row_of(disputes, story["overdue"])
    assert proxy.index(overdue, DUE).data() == "2026-02-09 已超期"
    red = proxy.index(overdue, NUMBER).data(Qt.ItemDataRole.BackgroundRole).color()
    assert red.name() == "#f8d3cf"
    soon = row_of(disputes, story["soon"])
    assert proxy.index(soon, DUE).data() == "2026-03-24 将到期"
    amber = proxy.index(soon, NUMBER).data(Qt.ItemDataRole.BackgroundRole).color().name()
    assert amber == "#fdebc8"
    fresh = row_of(disputes, story["fresh"])
    assert proxy.index(fresh, NUMBER).data(Qt.ItemDataRole.BackgroundRole) is None
    assert proxy.index(fresh, DUE).data() == "2026-04-09"
    closed = row_of(disputes, story["closed"])  # settled 02-10: the visit was due by 02-25
    assert proxy.index(closed, DUE).data() == "回访 2026-02-25 已超期"
    assert proxy.index(closed, NUMBER).data(Qt.ItemDataRole.BackgroundRole).color() == red


def test_the_same_case_is_not_overdue_on_an_earlier_day(qtbot, db, story):
    from desktop.views.disputes_page import DisputesPage

    page = DisputesPage(db, ACTOR, today=lambda: date(2026, 2, 1))
    qtbot.addWidget(page)
    proxy = page.list_panel.proxy
    row = row_of(page, story["overdue"])
    assert proxy.index(row, DUE).data() == "2026-02-09"
    assert page.list_panel.count_label.text().endswith("已超期 0 件")


def test_filters_by_status_category_level_mediator_and_overdue(qtbot, disputes, story):
    panel = disputes.list_panel
    choose(panel.status_combo, "调解中")
    assert numbers(disputes) == []
    choose(panel.status_combo, "结案")
    assert numbers(disputes) == [story["closed"].number]
    choose(panel.status_combo, "在办（未办结）")
    assert len(numbers(disputes)) == 3
    choose(panel.status_combo, "全部状态")
    choose(panel.category_combo, "邻里")
    assert sorted(numbers(disputes)) == sorted([story["overdue"].number, story["closed"].number])
    choose(panel.level_combo, "村级")
    assert numbers(disputes) == [story["overdue"].number]
    choose(panel.category_combo, "全部类别")
    choose(panel.level_combo, "全部层级")
    choose(panel.mediator_combo, "张伟")
    # the mediator stays on a concluded case: it is listed under him too
    assert sorted(numbers(disputes)) == sorted([story["overdue"].number, story["closed"].number])
    choose(panel.status_combo, "在办（未办结）")
    assert numbers(disputes) == [story["overdue"].number]
    choose(panel.status_combo, "全部状态")
    choose(panel.mediator_combo, "全部调解员")
    qtbot.mouseClick(panel.overdue_box, Qt.MouseButton.LeftButton)
    assert numbers(disputes) == [story["overdue"].number]
    assert panel.count_label.text() == "共 1 件，已超期 1 件"
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert len(numbers(disputes)) == 4


def test_follow_up_visits_due_are_listed_and_coloured(qtbot, db, township, story):
    """待回访: settled cases not yet visited whose visit is due within the warning days (5) or
    late; the 期限 column gives the visit's date, amber or red like a conclusion deadline."""
    from desktop.views.disputes_page import DisputesPage

    recent = register(
        db, township, date(2026, 3, 1), "合同", "青山村", ("钱九", "吴十"), sequence=71
    )
    settle(db, township, recent.id, date(2026, 3, 2), date(2026, 3, 8))  # visit due 03-23
    page = DisputesPage(db, ACTOR, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1196, 678)
    page.show()
    panel, proxy = page.list_panel, page.list_panel.proxy
    soon = row_of(page, recent)
    assert proxy.index(soon, DUE).data() == "回访 2026-03-23 将到期"
    amber = proxy.index(soon, NUMBER).data(Qt.ItemDataRole.BackgroundRole).color().name()
    assert amber == "#fdebc8"
    assert proxy.index(soon, DUE).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#9a5b00"
    late = row_of(page, story["closed"])
    assert proxy.index(late, DUE).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b03a2e"

    qtbot.mouseClick(panel.overdue_box, Qt.MouseButton.LeftButton)
    assert panel.follow_up_box.text() == "待回访(&F)"
    qtbot.mouseClick(panel.follow_up_box, Qt.MouseButton.LeftButton)
    assert not panel.overdue_box.isChecked()  # the two would list nothing together
    assert numbers(page) == [recent.number, story["closed"].number]
    assert panel.count_label.text() == "共 2 件，回访已超期 1 件"

    cases.follow_up(db, story["closed"].id, TODAY, True, actor=ACTOR, now=at(TODAY))
    panel.reload()
    assert numbers(page) == [recent.number]  # visited: no longer waiting
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert not panel.follow_up_box.isChecked()
    assert len(numbers(page)) == 5
    assert proxy.index(row_of(page, story["closed"]), DUE).data() == "已办结 2026-02-10"


def test_a_follow_up_not_yet_near_is_not_listed(qtbot, db, story):
    from desktop.views.disputes_page import DisputesPage

    page = DisputesPage(db, ACTOR, today=lambda: date(2026, 2, 19))  # the visit is due 02-25
    qtbot.addWidget(page)
    proxy = page.list_panel.proxy
    closed = row_of(page, story["closed"])
    assert proxy.index(closed, DUE).data() == "已办结 2026-02-10"
    assert proxy.index(closed, NUMBER).data(Qt.ItemDataRole.BackgroundRole) is None
    page.list_panel.follow_up_box.setChecked(True)
    assert numbers(page) == []
    page = DisputesPage(db, ACTOR, today=lambda: date(2026, 2, 20))  # five days before
    qtbot.addWidget(page)
    page.list_panel.follow_up_box.setChecked(True)
    assert numbers(page) == [story["closed"].number]


def test_month_and_date_range(disputes, story):
    panel = disputes.list_panel
    choose(panel.period_combo, "2026-02")
    assert sorted(numbers(disputes)) == sorted([story["soon"].number, story["closed"].number])
    assert panel.from_edit.isHidden()
    choose(panel.period_combo, "自定义日期…")
    assert not panel.from_edit.isHidden()
    panel.from_edit.set_value(date(2026, 2, 15))
    panel.to_edit.set_value(date(2026, 3, 31))
    assert sorted(numbers(disputes)) == sorted([story["soon"].number, story["fresh"].number])


def test_search_by_number_name_initials_id_tail_and_phone(qtbot, disputes, story):
    panel = disputes.list_panel
    panel.set_search_text("〔2026〕0002")
    assert numbers(disputes) == [story["soon"].number]
    panel.set_search_text("")
    qtbot.keyClicks(panel.search_edit, "zds")  # 张大山
    assert numbers(disputes) == [story["overdue"].number]
    panel.set_search_text("王五")
    assert numbers(disputes) == [story["fresh"].number]
    panel.set_search_text(citizen_id("511922", "19700101", 63)[-4:])  # 周八
    assert numbers(disputes) == [story["closed"].number]
    panel.set_search_text("13700004101")  # 陈二's phone
    assert numbers(disputes) == [story["soon"].number]
    assert panel.count_label.text() == "共 1 件，已超期 0 件"


def test_sorting_by_due_keeps_the_selection(disputes, story):
    panel = disputes.list_panel
    panel.select_case(story["fresh"].id)
    panel.table.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)
    assert numbers(disputes) == [
        story["overdue"].number,  # due 02-09
        story["closed"].number,  # its follow-up visit due 02-25
        story["soon"].number,
        story["fresh"].number,
    ]
    assert panel.selected_case_id() == story["fresh"].id


def test_enter_opens_the_case_and_esc_returns(qtbot, disputes, story):
    panel = disputes.list_panel
    panel.activateWindow()
    qtbot.waitActive(disputes)
    qtbot.keyClicks(panel.search_edit, "zds")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    assert panel.table.hasFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert disputes.cases_stack.currentWidget() is disputes.case_page
    assert disputes.case_page.title_label.text() == story["overdue"].number
    qtbot.keyClick(disputes.case_page.focusWidget(), Qt.Key.Key_Escape)
    assert disputes.cases_stack.currentWidget() is panel
    assert panel.selected_case_id() == story["overdue"].id


def test_ctrl_n_opens_the_new_case_form(qtbot, disputes):
    from desktop.views.case_form import NewCaseDialog

    disputes.activateWindow()
    qtbot.waitActive(disputes)
    disputes.list_panel.table.setFocus()
    with qtbot.wait_signal(disputes.dialog_opened):
        qtbot.keyClick(disputes.list_panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(disputes.active_dialog, NewCaseDialog)
    disputes.active_dialog.reject()


def test_other_tabs_are_built_when_first_shown(monkeypatch, disputes):
    built: list[str] = []

    def fake(module: str, cls: str) -> None:
        class Tab(QLabel):
            def __init__(self, db, parent=None, *, today) -> None:
                super().__init__(cls, parent)
                built.append(cls)
                self.reloads = 0

            def reload(self) -> None:
                self.reloads += 1

        monkeypatch.setitem(sys.modules, module, types.SimpleNamespace(**{cls: Tab}))

    fake("desktop.views.case_dashboard", "CaseDashboard")
    fake("desktop.views.mediator_workload", "MediatorWorkload")
    assert built == []
    disputes.tabs.setCurrentIndex(1)
    assert built == ["CaseDashboard"]
    assert disputes.tabs.tabText(1) == "统计"
    disputes.tabs.setCurrentIndex(2)
    disputes.tabs.setCurrentIndex(1)
    assert built == ["CaseDashboard", "MediatorWorkload"]
    assert disputes.dashboard_tab.content.reloads == 2  # read afresh each time it is shown


def test_main_window_builds_the_disputes_page_on_first_show(window):
    from desktop.views.disputes_page import DisputesPage

    assert not isinstance(window.pages["disputes"], DisputesPage)
    window.show_page("disputes")
    assert isinstance(window.page("disputes"), DisputesPage)
    assert window.stack.currentWidget() is window.page("disputes")


def test_coming_back_to_the_page_shows_new_categories_and_cases(window, db, township, story):
    """A category added under 设置 and a case registered elsewhere appear when the clerk comes
    back to 矛盾纠纷, and the filter the clerk had chosen stays chosen."""
    window.show_page("disputes")
    page = window.page("disputes")
    choose(page.list_panel.category_combo, "邻里")
    window.show_page("settings")
    case_settings.add_category(db, "宗教纠纷")
    register(db, township, date(2026, 3, 18), "邻里", "青山村", ("马一", "牛二"), sequence=71)
    window.show_page("disputes")
    combo = page.list_panel.category_combo
    assert combo.findText("宗教纠纷") >= 0
    assert combo.currentText() == "邻里"
    proxy = page.list_panel.proxy
    assert "马一、牛二" in [proxy.index(row, PARTIES).data() for row in range(proxy.rowCount())]

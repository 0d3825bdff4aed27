"""What a clerk reads off the screen, and a small township to read it from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QTabBar,
    QWidget,
)

from desktop.db import Database
from desktop.services import grid, roster
from desktop.services.grid import UnitDraft
from desktop.services.identity import check_char
from desktop.services.roster import PersonDraft
from desktop.vocabulary import Level


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type as a clerk does: ASCII as key presses, Chinese as an input method commits it
    (QTest can only press keys that exist on a keyboard)."""
    widget.setFocus()
    for chunk in _runs(text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def _runs(text: str) -> list[str]:
    runs: list[str] = []
    for char in text:
        if runs and runs[-1][-1].isascii() == char.isascii():
            runs[-1] += char
        else:
            runs.append(char)
    return runs


def table_names(page) -> list[str]:
    """The 姓名 column as the clerk sees it, top to bottom."""
    return [page.proxy.index(row, 0).data() for row in range(page.proxy.rowCount())]


def table_row(page, name: str) -> dict[str, str]:
    """One row as {header: text}."""
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, 0).data() == name:
            return {
                page.proxy.headerData(column, Qt.Orientation.Horizontal): page.proxy.index(
                    row, column
                ).data()
                for column in range(page.proxy.columnCount())
            }
    raise AssertionError(f"{name} is not in the table: {table_names(page)}")


def citizen_id(area: str, birth: str, sequence: int) -> str:
    """A valid 18-digit number; an odd sequence is a man, an even one a woman."""
    first17 = f"{area}{birth}{sequence:03d}"
    return first17 + check_char(first17)


@dataclass
class Township:
    """Ids of what the `township` fixture made, by name."""

    units: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)


def build_township(db: Database) -> Township:
    made = Township()

    def unit(level: Level, code: str, name: str, parent: str | None = None, **extra) -> None:
        parent_id = made.units[parent] if parent else None
        draft = UnitDraft(level, code, name, parent_id=parent_id, **extra)
        made.units[name] = grid.create_unit(db, draft).id

    unit(Level.COUNTY, "511922", "南江县")
    unit(Level.TOWNSHIP, "511922100", "示例镇", "南江县")
    unit(Level.VILLAGE, "511922100201", "青山村", "示例镇", kind="村")
    unit(Level.VILLAGE, "511922100202", "石门社区", "示例镇", kind="社区")
    unit(Level.GRID, "511922100201-01", "青山村第一网格", "青山村")
    unit(Level.GRID, "511922100202-01", "石门社区第一网格", "石门社区")
    unit(Level.MICRO, "511922100201-01-01", "青山一组", "青山村第一网格", kind="自然村/组")
    unit(Level.GRID, "511922100201-02", "青山村第二网格", "青山村")

    made.roles = {role.name: role.id for role in roster.list_roles(db)}
    start = date(2023, 3, 1)

    def person(name: str, sequence: int, phone: str, posts: list[tuple[str, str]]) -> None:
        info = roster.add_person(
            db,
            PersonDraft(
                name=name, citizen_id=citizen_id("511922", "19800101", sequence), phone=phone
            ),
        )
        made.people[name] = info.id
        for role, place in posts:
            roster.assign_role(db, info.id, made.units[place], made.roles[role], start)

    person("张三丰", 11, "13812345678", [("网格长", "青山村第一网格")])
    person("李四", 13, "13912345671", [("专职网格员", "石门社区第一网格")])
    person("王秀英", 22, "13712345672", [("微网格员", "青山一组")])
    person("赵敏", 24, "", [])
    person("张伟", 15, "0827-1234567", [("人民调解员", "示例镇")])
    return made


def alt_keys(window: QWidget) -> dict[str, list[str]]:
    """Alt-key letter → the texts that use it among the visible labels, buttons, group boxes
    and tabs of `window`: two texts on one letter and Alt reaches only the first."""
    texts: list[str] = []
    for widget in [window, *window.findChildren(QWidget)]:
        if widget is not window and not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(tab) for tab in range(widget.count())]
    found: dict[str, list[str]] = {}
    for text in texts:
        for key in re.findall(r"&([^&\s])", text.replace("&&", "")):
            found.setdefault(key.upper(), []).append(text)
    return found


def repeated_alt_keys(window: QWidget) -> dict[str, list[str]]:
    return {key: texts for key, texts in alt_keys(window).items() if len(texts) > 1}

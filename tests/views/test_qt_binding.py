"""The Qt binding keeps None alive.

PySide6 6.12.0 on Python 3.11 loses a reference to None on every QVariant conversion, so a table
that returns None for unhandled roles (as Qt's model rules ask) aborts the app within minutes
("Fatal Python error: none_dealloc"). pyproject.toml excludes that release; this test fails if a
build ever runs on a binding with the fault again. (From Python 3.12 None is immortal, and the
fault is harmless there.)
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, QStringListModel
from PySide6.QtWidgets import QComboBox


def test_none_survives_qvariant_conversions(qapp):
    combo = QComboBox()
    combo.addItem("全部岗位", None)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(QStringListModel(["张三丰"]))
    index = proxy.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(100):
        combo.currentData()  # C++ invalid QVariant → None
        combo.setItemData(0, None)  # None → QVariant
        proxy.data(index, 1)  # an unhandled role
        proxy.data(QModelIndex(), 0)
    assert sys.getrefcount(None) >= before - 10

"""The township's warning deadlines and type list."""

from __future__ import annotations

import pytest

from desktop.errors import ValidationError
from desktop.services.warning_settings import (
    WarningDeadlines,
    add_warning_type,
    list_warning_types,
    load_warning_deadlines,
    save_warning_deadlines,
)
from desktop.vocabulary import BUILTIN_WARNING_TYPES


def test_deadlines_default_to_two_hours_and_a_day_for_urgent_a_day_and_a_week_otherwise(db):
    got = load_warning_deadlines(db)
    assert got == WarningDeadlines(2, 24, 24, 168)
    assert [h.total_seconds() / 3600 for h in got.for_urgency("紧急")] == [2, 24]
    assert [h.total_seconds() / 3600 for h in got.for_urgency("一般")] == [24, 168]


def test_deadlines_are_saved_and_checked(db):
    save_warning_deadlines(db, WarningDeadlines(1, 12, 12, 72))
    assert load_warning_deadlines(db) == WarningDeadlines(1, 12, 12, 72)
    with pytest.raises(ValidationError) as refused:
        save_warning_deadlines(db, WarningDeadlines(0, 12, True, 100000))
    assert set(refused.value.fields) == {
        "urgent_response_hours",
        "normal_response_hours",
        "normal_completion_hours",
    }
    assert load_warning_deadlines(db) == WarningDeadlines(1, 12, 12, 72)


def test_the_type_list_can_grow_but_not_twice(db):
    assert [t.name for t in list_warning_types(db)] == list(BUILTIN_WARNING_TYPES)
    added = add_warning_type(db, " 特种设备 ")
    assert (added.name, added.builtin) == ("特种设备", False)
    assert list_warning_types(db)[-1] == added
    for name, message in (("特种设备", "已经存在"), ("", "请填写"), ("长" * 31, "30")):
        with pytest.raises(ValidationError, match=message):
            add_warning_type(db, name)

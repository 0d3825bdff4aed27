"""A township's case rules: deadline settings, the deadline state of a day, the categories."""

from datetime import date

import pytest

from desktop.errors import NotFoundError, ValidationError
from desktop.services import case_settings
from desktop.services.case_settings import DeadlineSettings, DeadlineState, deadline_state
from desktop.vocabulary import BUILTIN_CASE_CATEGORIES, CaseStatus


def test_defaults_until_saved_then_what_was_saved(db):
    assert case_settings.load_deadlines(db) == DeadlineSettings(30, 5, 30, 15)
    mine = DeadlineSettings(due_days=20, warn_days=0, confirmation_days=30, follow_up_days=7)
    case_settings.save_deadlines(db, mine)
    assert case_settings.load_deadlines(db) == mine
    case_settings.save_deadlines(db, DeadlineSettings(due_days=45))
    assert case_settings.load_deadlines(db) == DeadlineSettings(due_days=45)


@pytest.mark.parametrize(
    ("settings", "field", "message"),
    [
        (DeadlineSettings(due_days=0), "due_days", "办结期限应为 1～365 天"),
        (DeadlineSettings(due_days=366), "due_days", "办结期限应为 1～365 天"),
        (DeadlineSettings(warn_days=-1), "warn_days", "到期提醒应为 0～60 天"),
        (DeadlineSettings(warn_days=61), "warn_days", "到期提醒应为 0～60 天"),
        (DeadlineSettings(confirmation_days=0), "confirmation_days", "司法确认期限应为 1～365 天"),
        (DeadlineSettings(follow_up_days=400), "follow_up_days", "回访期限应为 1～365 天"),
        (DeadlineSettings(due_days=True), "due_days", "办结期限应为 1～365 天"),
        (DeadlineSettings(due_days="30"), "due_days", "办结期限应为 1～365 天"),
    ],
)
def test_settings_out_of_bounds_are_refused_and_not_saved(db, settings, field, message):
    with pytest.raises(ValidationError) as err:
        case_settings.save_deadlines(db, settings)
    assert err.value.fields == {field: message}
    assert case_settings.load_deadlines(db) == DeadlineSettings()


def test_every_wrong_setting_is_reported_at_once(db):
    with pytest.raises(ValidationError) as err:
        case_settings.save_deadlines(db, DeadlineSettings(due_days=0, warn_days=99))
    assert set(err.value.fields) == {"due_days", "warn_days"}


@pytest.mark.parametrize(
    ("today", "warn_days", "state"),
    [
        (date(2026, 3, 20), 5, DeadlineState.ON_TIME),  # 12 days left
        (date(2026, 3, 26), 5, DeadlineState.ON_TIME),  # 6 days
        (date(2026, 3, 27), 5, DeadlineState.DUE_SOON),  # 5 days
        (date(2026, 4, 1), 5, DeadlineState.DUE_SOON),  # the due day
        (date(2026, 4, 2), 5, DeadlineState.OVERDUE),
        (date(2026, 3, 31), 0, DeadlineState.ON_TIME),  # no warning window at all
        (date(2026, 4, 1), 0, DeadlineState.DUE_SOON),
    ],
)
def test_deadline_state_of_a_day(today, warn_days, state):
    assert deadline_state(CaseStatus.MEDIATING, date(2026, 4, 1), today, warn_days) is state


@pytest.mark.parametrize("status", [CaseStatus.SETTLED, CaseStatus.CLOSED, CaseStatus.FOLLOWED_UP])
def test_a_concluded_case_has_no_deadline_state(status):
    assert deadline_state(status, date(2026, 4, 1), date(2027, 1, 1), 5) is DeadlineState.NONE


def test_deadline_labels_in_chinese():
    labels = [state.label for state in DeadlineState]
    assert labels == ["", "正常", "将到期", "已超期"]


# ------------------------------------------------------------------------------------ categories


def test_the_builtin_categories_come_first_in_order(db):
    categories = case_settings.list_categories(db)
    assert [c.name for c in categories] == list(BUILTIN_CASE_CATEGORIES)
    assert all(c.builtin and c.due_days is None for c in categories)


def test_a_new_category_goes_last_with_its_own_deadline(db):
    added = case_settings.add_category(db, " 电信 网络 ", due_days=20)
    assert (added.name, added.builtin, added.due_days) == ("电信网络", False, 20)
    assert case_settings.list_categories(db)[-1] == added


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("邻里", "类别“邻里”已经存在"),
        (" 邻 里 ", "类别“邻里”已经存在"),
        ("  ", "请填写类别名称"),
        ("纠" * 31, "类别名称不能超过 30 个字"),
    ],
)
def test_a_category_name_must_be_new_and_short(db, name, message):
    with pytest.raises(ValidationError) as err:
        case_settings.add_category(db, name)
    assert err.value.fields == {"name": message}
    assert len(case_settings.list_categories(db)) == len(BUILTIN_CASE_CATEGORIES)


def test_a_category_deadline_is_set_checked_and_reset(db):
    neighbours = next(c for c in case_settings.list_categories(db) if c.name == "邻里")
    assert case_settings.set_category_due_days(db, neighbours.id, 15).due_days == 15
    with pytest.raises(ValidationError) as err:
        case_settings.set_category_due_days(db, neighbours.id, 0)
    assert err.value.fields == {"due_days": "办结期限应为 1～365 天"}
    with pytest.raises(ValidationError):
        case_settings.add_category(db, "电信网络", due_days=400)
    assert case_settings.set_category_due_days(db, neighbours.id, None).due_days is None
    saved = next(c for c in case_settings.list_categories(db) if c.id == neighbours.id)
    assert saved.due_days is None
    with pytest.raises(NotFoundError, match="该纠纷类别不存在"):
        case_settings.set_category_due_days(db, 9999, 10)


def test_warning_days_must_be_fewer_than_the_days_to_conclude(db):
    with pytest.raises(ValidationError) as err:
        case_settings.save_deadlines(db, DeadlineSettings(due_days=10, warn_days=10))
    assert err.value.fields == {
        "warn_days": "到期提醒天数应少于办结期限，否则所有案件一登记就是“将到期”"
    }
    assert case_settings.load_deadlines(db) == DeadlineSettings()

"""Migration 0005 (warnings) on a database at 0004 that already holds a township's data."""

from __future__ import annotations

from datetime import date, datetime

from alembic import command
from sqlalchemy import text

from desktop.db import alembic_config, make_engine, open_database
from desktop.services import warnings
from desktop.services.warning_settings import list_warning_types
from desktop.services.warnings import WarningDraft
from desktop.vocabulary import BUILTIN_WARNING_TYPES


def test_a_0004_database_with_data_upgrades_and_takes_warnings(tmp_path):
    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), "0004")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO grid_unit (id, parent_id, level, code, name, uid, created_at,"
                " updated_at) VALUES (1, NULL, 'township', '511922100', '示例镇', 'u1', :t, :t),"
                " (2, 1, 'village', '511922100201', '青山村', 'u2', :t, :t)"
            ),
            {"t": datetime(2026, 1, 1)},
        )
        conn.execute(
            text(
                "INSERT INTO person (id, name, name_initials, uid, created_at, updated_at)"
                " VALUES (1, '王秀英', 'wxy', 'p1', :t, :t)"
            ),
            {"t": datetime(2026, 1, 1)},
        )
        conn.execute(
            text(
                "INSERT INTO assignment (person_id, unit_id, role_id, start_date, uid,"
                " created_at, updated_at) VALUES (1, 2, 1, :d, 'a1', :t, :t)"
            ),
            {"d": date(2025, 1, 1), "t": datetime(2026, 1, 1)},
        )
    engine.dispose()

    db = open_database(f"sqlite:///{path}")
    try:
        assert [t.name for t in list_warning_types(db)] == list(BUILTIN_WARNING_TYPES)
        assert db.read_rows("SELECT name FROM person") == [("王秀英",)]
        got = warnings.report_warning(
            db,
            WarningDraft(2, list_warning_types(db)[1].id, "紧急", "后山裂缝", 1),
            actor="经办人",
            now=datetime(2026, 6, 1, 9),
        )
        assert (got.type, got.level.value, got.number) == (
            "地质灾害",
            "village",
            "示例镇预警〔2026〕0001号",
        )
    finally:
        db.close()
    backups = list(tmp_path.glob("old.before-upgrade-*.sqlite"))
    assert len(backups) == 1  # the 0004 file was kept before the upgrade

"""A server database that cannot be reached, or drops the connection: a clear message, nothing
half-written, and the next attempt works once the server answers (issue 9)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from desktop.db import Database, open_database
from desktop.errors import ConnectionLost
from desktop.services import grid, lookups
from desktop.vocabulary import Level

UNREACHABLE = "postgresql+psycopg://fengwang:secret@127.0.0.1:1/fengwang"


def test_an_unreachable_server_is_named_without_its_password():
    db = Database(UNREACHABLE)
    try:
        with pytest.raises(ConnectionLost) as lost:
            lookups.list_units(db)  # a plain read
        assert "fengwang:***@127.0.0.1:1" in lost.value.message
        assert "secret" not in lost.value.message
        assert "没有保存任何内容" in lost.value.message
        with pytest.raises(ConnectionLost):
            grid.create_unit(db, grid.UnitDraft(Level.COUNTY, "511922", "南江县"))  # a write
    finally:
        db.close()


@pytest.mark.postgresql_only
def test_a_connection_cut_mid_change_writes_nothing_and_the_next_attempt_works(engine, request):
    url = engine.new_url()
    db = open_database(url)
    admin = create_engine(request.config.getoption("--pg-url"), isolation_level="AUTOCOMMIT")
    try:
        grid.create_unit(db, grid.UnitDraft(Level.COUNTY, "511922", "南江县"))
        database = db.engine.url.database

        def cut() -> None:  # as a network failure or a server restart would
            with admin.connect() as conn:
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"
                    ),
                    {"d": database},
                )

        with pytest.raises(ConnectionLost, match="这一步没有完成"), db.session() as session:
            session.execute(text("UPDATE grid_unit SET name = '改名' WHERE code = '511922'"))
            cut()
            session.execute(text("SELECT 1"))

        cut()  # the pooled connections are dead too: the next call reconnects by itself
        assert [u.name for u in lookups.list_units(db)] == ["南江县"]
    finally:
        db.close()
        admin.dispose()

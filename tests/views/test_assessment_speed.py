"""A 300-worker sheet stays smooth: it loads, and every entry is saved and rescored, quickly."""

from __future__ import annotations

import time
from datetime import date

from desktop.models import Assignment, Person, Role
from desktop.services import grid
from desktop.services.grid import UnitDraft
from desktop.views.assessment_page import AssessmentPage
from desktop.vocabulary import Level
from tests.services import assessment_fixtures

assessment_file = assessment_fixtures.assessment_file
db = assessment_fixtures.assessment_db
town = assessment_fixtures.assessment_town

WORKERS, VILLAGES = 300, 15


def add_workers(db, township_id: int) -> None:
    """300 grid workers in 15 villages, written at once (the roster service would take longer
    than the test)."""
    villages = [
        grid.create_unit(
            db,
            UnitDraft(Level.VILLAGE, f"511922100{300 + v}", f"第{v + 1}村", parent_id=township_id),
        ).id
        for v in range(VILLAGES)
    ]
    with db.session() as session:
        role = session.query(Role).filter_by(name="专职网格员").one()
        people = [Person(name=f"网格员{i:03d}", name_initials="wgy") for i in range(WORKERS)]
        session.add_all(people)
        session.flush()
        session.add_all(
            Assignment(
                person_id=person.id,
                unit_id=villages[i % VILLAGES],
                role_id=role.id,
                start_date=date(2024, 1, 1),
            )
            for i, person in enumerate(people)
        )


def test_a_300_worker_sheet_loads_and_takes_entries_quickly(qtbot, db, town):
    add_workers(db, town.units["示例镇"])
    page = AssessmentPage(db, "考核员", today=lambda: date(2026, 3, 20))
    qtbot.addWidget(page)
    page.show()
    panel = page.month_panel
    model = panel.model
    assert model.rowCount() == WORKERS + 4
    assert panel.last_load_seconds < 2.0
    daily = model.column_of(model.sheet.items[0].key)
    total = model.score_column("total")
    started = time.perf_counter()
    for row in range(30):
        assert model.setData(model.index(row, daily), str(row % 21))
    per_entry = (time.perf_counter() - started) / 30
    assert per_entry < 0.15, f"{per_entry:.3f} s per entry"
    assert model.index(20, total).data() == "50"  # 20 + 30 untouched
    assert model.row(20).score.rank == 1  # ranked first already, shown once its items are in
    assert model.index(20, model.score_column("rank")).data() == "—"

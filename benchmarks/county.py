"""A county of 40 townships × 400 people with 10 years of cases and scores, on SQLite and on
PostgreSQL: the county's dispute figures for a month (every township ranked, and the county
total) and the county monthly paper, timed (issue 9; target: each ≤ 1 s on PostgreSQL).

Prints, per engine, the median of --runs runs of each, next to a baseline measured in the same
run on the same database: one township's figures for the month (what a township clerk asks
for), so that the county's cost shows as a multiple of a township's.

Usage: python benchmarks/county.py [--townships 40] [--people 400] [--years 10] [--runs 5]
       [--pg-url postgresql+psycopg://fengwang:fengwang@localhost/postgres] [--sqlite-only]
The data are built once per engine (benchmarks/out/county-….sqlite; on the server a database
named fengwang_bench_county_…) and reused while the sizes are the same.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from common import OUT
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from desktop.db import Actor, open_database
from desktop.models import (
    AssessmentMonth,
    CaseCategory,
    CaseStep,
    DisputeCase,
    GridUnit,
    Person,
    ScoreResult,
)
from desktop.reports import catalog
from desktop.reports.request import ReportRequest
from desktop.services import assessment_schemes
from desktop.services.case_stats import county_figures, figures, month_bounds
from desktop.services.demo import PersonFactory
from desktop.services.roster_index import load_roster

TODAY = date(2026, 11, 29)
MONTH = date(2026, 10, 1)  # the month the county asks about: the last full one
CASES_PER_TOWNSHIP_MONTH = 8
WORKERS_PER_TOWNSHIP = 60  # of the township's people, those scored every month
GRADES = ((900, "优秀"), (800, "良好"), (600, "合格"), (0, "不合格"))


def build(url: str, townships: int, people: int, years: int, seed: int = 1) -> None:
    """Fill an empty database: the county, its townships with five villages each, the people,
    `years` of cases (each with its steps) and of approved assessment months."""
    rng = random.Random(seed)
    started = time.perf_counter()
    db = open_database(url)
    first_month = date(TODAY.year - years, TODAY.month, 1)
    scheme = assessment_schemes.create_scheme(
        db, assessment_schemes.default_scheme_draft(first_month)
    )
    stamp = datetime(2026, 11, 29, 9)
    with db.session() as session:
        categories = session.scalars(select(CaseCategory.id)).all()
        county = session.execute(
            insert(GridUnit).returning(GridUnit.id),
            [{"level": "county", "code": "511900", "name": "示范县"}],
        ).scalar_one()
        factory = PersonFactory(rng)
        for t in range(townships):
            code = f"511900{101 + t:03d}"
            name = f"第{t + 1}镇"
            township = session.execute(
                insert(GridUnit).returning(GridUnit.id),
                [{"level": "township", "code": code, "name": name, "parent_id": county}],
            ).scalar_one()
            villages = (
                session.execute(
                    insert(GridUnit).returning(GridUnit.id),
                    [
                        {
                            "level": "village",
                            "code": f"{code}{201 + v:03d}",
                            "name": f"{name}{v + 1}村",
                            "parent_id": township,
                            "kind": "村",
                        }
                        for v in range(5)
                    ],
                )
                .scalars()
                .all()
            )
            person_ids = (
                session.execute(
                    insert(Person).returning(Person.id),
                    [factory.make(1960, 2000).row(stamp) for _ in range(people)],
                )
                .scalars()
                .all()
            )
            workers = person_ids[:WORKERS_PER_TOWNSHIP]
            cases, steps = [], []
            seq_of: dict[int, int] = {}
            month = first_month
            while month < TODAY.replace(day=1):
                for _ in range(CASES_PER_TOWNSHIP_MONTH):
                    received = month + timedelta(days=rng.randrange(28))
                    seq_of[received.year] = seq_of.get(received.year, 0) + 1
                    outcome = rng.choices(["settled", "not_settled", "transferred"], [8, 1, 1])[0]
                    level = rng.choices(["village", "township", "county"], [6, 3, 1])[0]
                    concluded = received + timedelta(days=rng.randrange(3, 40))
                    open_case = concluded >= TODAY
                    cases.append(
                        {
                            "township_id": township,
                            "year": received.year,
                            "seq": seq_of[received.year],
                            "number": f"{name}〔{received.year}〕{seq_of[received.year]:05d}号",
                            "received_on": received,
                            "source": "主动排查",
                            "category_id": rng.choice(categories),
                            "unit_id": rng.choice(villages),
                            "people_involved": rng.randrange(2, 30),
                            "criminal_risk": rng.random() < 0.05,
                            "group_risk": rng.random() < 0.03,
                            "status": "mediating" if open_case else "closed",
                            "level": level,
                            "original_due_on": received + timedelta(days=30),
                            "due_on": received + timedelta(days=30),
                            "outcome": None if open_case else outcome,
                            "concluded_on": None if open_case else concluded,
                        }
                    )
                month = (month + timedelta(days=32)).replace(day=1)
            case_ids = (
                session.execute(insert(DisputeCase).returning(DisputeCase.id), cases)
                .scalars()
                .all()
            )
            for case_id, case in zip(case_ids, cases, strict=True):
                at = datetime.combine(case["received_on"], datetime.min.time()) + timedelta(hours=9)
                steps.append(_step(case_id, at, "register", None, "registered"))
                steps.append(_step(case_id, at + timedelta(hours=2), "route", "assessed", "routed"))
                if case["level"] == "county":
                    step = _step(case_id, at + timedelta(days=2), "escalate", "mediating", "routed")
                    steps.append({**step, "level_to": "county"})
            session.execute(insert(CaseStep), steps)
            months = []
            month = first_month
            while month < TODAY.replace(day=1):
                months.append(
                    {
                        "township_id": township,
                        "month": month,
                        "family_uid": scheme.family_uid,
                        "scheme_id": scheme.id,
                        "status": "approved",
                    }
                )
                month = (month + timedelta(days=32)).replace(day=1)
            month_ids = (
                session.execute(insert(AssessmentMonth).returning(AssessmentMonth.id), months)
                .scalars()
                .all()
            )
            results = []
            for month_id in month_ids:
                totals = sorted((rng.randrange(550, 1000) for _ in workers), reverse=True)
                for rank, (person_id, total) in enumerate(zip(workers, totals, strict=True), 1):
                    grade = next(name for floor, name in GRADES if total >= floor)
                    results.append(
                        {
                            "month_id": month_id,
                            "person_id": person_id,
                            "name": "网格员",
                            "village": f"{name}1村",
                            "total_tenths": total,
                            "grade": grade,
                            "rank": rank,
                            "village_rank": rank,
                            "points": json.dumps({}),
                        }
                    )
            session.execute(insert(ScoreResult), results)
            print(f"  {name}: {len(cases)} cases, {len(results)} results", file=sys.stderr)
    db.close()
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _step(case_id: int, at: datetime, action: str, status_from, status_to) -> dict:
    return {
        "case_id": case_id,
        "at": at,
        "actor": "文书",
        "action": action,
        "status_from": status_from,
        "status_to": status_to,
    }


def timed(call, runs: int) -> float:
    call()  # warm the caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure(label: str, url: str, runs: int) -> None:
    db = open_database(url, upgrade_server=True)  # a database built by an older version
    start, end = month_bounds(MONTH.year, MONTH.month)
    one = db.read_rows("SELECT id FROM grid_unit WHERE level = 'township' ORDER BY code")[0][0]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "county.pdf"
        request = ReportRequest(month=MONTH, today=TODAY)
        township = timed(lambda: figures(db, start, end, today=TODAY, township_id=one), runs)
        county = timed(lambda: county_figures(db, start, end, today=TODAY), runs)
        paper = timed(lambda: catalog.render(db, "county-monthly", request, out), runs)
        # The same township's figures and roster as an account of that township reads them,
        # every query narrowed to it (desktop/services/jurisdiction.py).
        db.actor = Actor("乡镇经办", "clerk", township_id=one)
        own = timed(lambda: figures(db, start, end, today=TODAY), runs)
        roster = timed(lambda: load_roster(db, today=TODAY), runs)
        db.actor = None
    db.close()
    print(f"{label}:")
    print(f"  one township's figures (baseline): {township * 1000:7.0f} ms")
    print(
        f"  county figures, ranked:            {county * 1000:7.0f} ms  ({county / township:.1f}× the baseline; target ≤ 1 s)"
    )
    print(
        f"  county monthly paper:              {paper * 1000:7.0f} ms  ({paper / township:.1f}× the baseline; target ≤ 1 s)"
    )
    print(
        f"  as the township's own account:     {own * 1000:7.0f} ms  ({own / township:.1f}× the baseline)"
    )
    print(f"  its roster, as that account:       {roster * 1000:7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--townships", type=int, default=40)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--pg-url", default="postgresql+psycopg://fengwang:fengwang@localhost/postgres"
    )
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    size = f"{args.townships}x{args.people}x{args.years}"

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"county-{size}.sqlite"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        build(f"sqlite:///{partial}", args.townships, args.people, args.years)
        partial.rename(path)
    print(
        f"a county of {args.townships} townships × {args.people} people, {args.years} years; month {MONTH:%Y-%m}"
    )
    measure("SQLite", f"sqlite:///{path}", args.runs)
    if args.sqlite_only:
        return

    server = make_url(args.pg_url)
    name = f"fengwang_bench_county_{size}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            fresh = True
        else:
            fresh = False
    admin.dispose()
    url = server.set(database=name).render_as_string(hide_password=False)
    if fresh:
        try:
            build(url, args.townships, args.people, args.years)
        except BaseException:
            admin = create_engine(server, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
            raise
    measure("PostgreSQL", url, args.runs)


if __name__ == "__main__":
    main()

"""Shared by the benchmarks: a large, realistic township database, built once and cached."""

from __future__ import annotations

import compileall
import functools
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from desktop.db import open_database  # noqa: E402
from desktop.models import Assignment, GridUnit, Person, Role  # noqa: E402
from desktop.models.base import new_uid, now  # noqa: E402
from desktop.services.demo import PersonFactory, build_demo  # noqa: E402

OUT = ROOT / "benchmarks" / "out"


def big_roster_db(people: int = 100_000, seed: int = 1) -> Path:
    """The demo township plus `people` more, each with 1–3 assignments over the last ten years
    (about a third already ended). Cached in benchmarks/out/ between runs."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"roster-{people}-{seed}.sqlite"
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    for leftover in OUT.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    db = open_database(f"sqlite:///{partial}")
    today = date.today()
    build_demo(db, seed=seed, today=today)
    rng = random.Random(seed)
    factory = PersonFactory(rng)
    with db.session() as session:
        factory.used_ids.update(session.scalars(select(Person.citizen_id)))
        units = session.scalars(select(GridUnit.id).where(GridUnit.level != "county")).all()
        roles = session.scalars(select(Role.id)).all()
        stamp = now()
        first_id = (session.scalar(select(Person.id).order_by(Person.id.desc())) or 0) + 1
        people_rows, assignment_rows = [], []
        for offset in range(people):
            fake = factory.make(1950, 2004)
            people_rows.append({**fake.row(stamp), "id": first_id + offset})
            start = today - timedelta(days=rng.randrange(30, 3650))
            for _ in range(rng.choice((1, 1, 2, 3))):
                end = None
                if rng.random() < 0.35:
                    end = start + timedelta(days=rng.randrange(30, 900))
                    if end >= today:
                        end = None
                assignment_rows.append(
                    {
                        "uid": new_uid(),
                        "person_id": first_id + offset,
                        "unit_id": rng.choice(units),
                        "role_id": rng.choice(roles),
                        "start_date": start,
                        "end_date": end,
                        "created_at": stamp,
                        "updated_at": stamp,
                    }
                )
                if end is None:
                    break
                start = end + timedelta(days=1)
        session.execute(insert(Person), people_rows)
        session.execute(insert(Assignment), assignment_rows)
    db.close()
    partial.rename(path)
    print(
        f"built {path.name}: {people:,} people, {len(assignment_rows):,} assignments "
        f"in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return path


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def run_python(code: str, *args: str, timeout: float) -> subprocess.CompletedProcess:
    """`python -c code args` in a fresh process from the repo root, as a clerk's start would be:
    with the package's bytecode compiled, as pip and the installer leave it (a machine that sets
    PYTHONDONTWRITEBYTECODE would otherwise recompile every module on every start)."""
    compile_package()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=False,
    )


@functools.cache
def compile_package() -> None:
    compileall.compile_dir(ROOT / "desktop", quiet=1)

"""Start-up speed is a feature: opening a current database and reading what the first screen
shows must not load SQLAlchemy (a fifth of a second on a clerk's PC)."""

import subprocess
import sys

from desktop.services.demo import build_demo

READ_FIRST_SCREEN = """
import sys
from desktop.db import open_database
from desktop.services.lookups import list_roles, list_units
from desktop.services.roster_index import load_roster
db = open_database(sys.argv[1])
assert len(list_units(db)) > 100 and len(list_roles(db)) == 14 and len(load_roster(db)) > 300
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("sqlalchemy", "alembic"))
print(",".join(loaded) or "none")
"""


def test_a_current_database_opens_and_reads_without_the_orm(db):
    build_demo(db, seed=1)
    done = subprocess.run(
        [sys.executable, "-c", READ_FIRST_SCREEN, db.url],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "none"

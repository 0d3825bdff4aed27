"""accounts that work in one township, and the township each person is registered in

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Levels below a township, at most: village → grid → micro-grid.
DEPTH = 3


def upgrade() -> None:
    for table in ("app_user", "person"):
        name = op.f(f"fk_{table}_township_id_grid_unit")
        if op.get_bind().dialect.name == "sqlite":
            # SQLite adds a foreign key only inline, with the column (Alembic would copy the
            # table, which the foreign keys pointing at person refuse). No ON DELETE: SQLite's
            # reflection does not read it back from an inline key; the default refuses too.
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN township_id INTEGER "
                f"CONSTRAINT {name} REFERENCES grid_unit (id)"
            )
        else:
            op.add_column(table, sa.Column("township_id", sa.Integer(), nullable=True))
            op.create_foreign_key(name, table, "grid_unit", ["township_id"], ["id"])
    op.create_index(op.f("ix_person_township_id"), "person", ["township_id"])
    _register_people()


def _register_people() -> None:
    """Every person gets the township of the lowest-id unit they hold (or held) a post in; a
    person without any post, the only township when the database has one."""
    bind = op.get_bind()
    units = dict(bind.execute(sa.text("SELECT id, parent_id FROM grid_unit")).all())
    levels = dict(bind.execute(sa.text("SELECT id, level FROM grid_unit")).all())

    def township_of(unit_id):
        for _ in range(DEPTH + 1):
            if unit_id is None or levels.get(unit_id) == "township":
                return unit_id
            unit_id = units.get(unit_id)
        return None

    held = bind.execute(
        sa.text("SELECT person_id, MIN(unit_id) FROM assignment GROUP BY person_id")
    ).all()
    update = sa.text("UPDATE person SET township_id = :township WHERE id = :person")
    values = [
        {"township": township, "person": person}
        for person, unit in held
        if (township := township_of(unit)) is not None
    ]
    if values:
        bind.execute(update, values)
    townships = [unit for unit, level in levels.items() if level == "township"]
    if len(townships) == 1:
        bind.execute(
            sa.text("UPDATE person SET township_id = :township WHERE township_id IS NULL"),
            {"township": townships[0]},
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_person_township_id"), table_name="person")
    for table in ("person", "app_user"):
        if op.get_bind().dialect.name != "sqlite":  # SQLite drops the column's own key with it
            op.drop_constraint(op.f(f"fk_{table}_township_id_grid_unit"), table, type_="foreignkey")
        op.drop_column(table, "township_id")

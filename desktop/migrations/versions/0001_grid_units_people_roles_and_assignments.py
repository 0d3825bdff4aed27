"""grid units, people, roles and assignments

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

BUILTIN_ROLES = (
    "网格长",
    "专职网格员",
    "兼职网格员",
    "微网格员",
    "楼栋长",
    "联户长",
    "护林员",
    "护路员",
    "地质灾害监测员",
    "人民调解员",
    "辅警",
    "法律顾问",
    "驻村第一书记",
    "党员中心户",
)


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grid_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("stats_code", sa.String(length=12), nullable=True),
        sa.Column("households", sa.Integer(), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "level IN ('county', 'township', 'village', 'grid', 'micro')",
            name=op.f("ck_grid_unit_level"),
        ),
        sa.CheckConstraint(
            "households IS NULL OR households >= 0", name=op.f("ck_grid_unit_households")
        ),
        sa.CheckConstraint(
            "population IS NULL OR population >= 0", name=op.f("ck_grid_unit_population")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["grid_unit.id"],
            name=op.f("fk_grid_unit_parent_id_grid_unit"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_unit")),
        sa.UniqueConstraint("code", name=op.f("uq_grid_unit_code")),
        sa.UniqueConstraint("uid", name=op.f("uq_grid_unit_uid")),
    )
    with op.batch_alter_table("grid_unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grid_unit_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("name_initials", sa.String(length=100), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=True),
        sa.Column("citizen_id", sa.String(length=18), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("political_status", sa.String(length=20), nullable=True),
        sa.Column("education", sa.String(length=20), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "gender IS NULL OR gender IN ('男', '女')", name=op.f("ck_person_gender")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("citizen_id", name=op.f("uq_person_citizen_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_person_uid")),
    )
    role = op.create_table(
        "role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role")),
        sa.UniqueConstraint("name", name=op.f("uq_role_name")),
    )
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_assignment_period")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_assignment_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["role.id"], name=op.f("fk_assignment_role_id_role"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["grid_unit.id"],
            name=op.f("fk_assignment_unit_id_grid_unit"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
        sa.UniqueConstraint("uid", name=op.f("uq_assignment_uid")),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignment_role_id"), ["role_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignment_unit_id"), ["unit_id"], unique=False)

    # The seed practice's role catalogue; a copy, so that later edits to the code change nothing here.
    op.bulk_insert(
        role,
        [
            {"name": name, "builtin": True, "sort_order": index}
            for index, name in enumerate(BUILTIN_ROLES, start=1)
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_unit_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_role_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_person_id"))

    op.drop_table("assignment")
    op.drop_table("role")
    op.drop_table("person")
    with op.batch_alter_table("grid_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grid_unit_parent_id"))

    op.drop_table("grid_unit")

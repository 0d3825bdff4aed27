"""grid warnings, their dispatches, timeline and party-member duty reports

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

# The warning types of the practice; a copy, so that later edits to the code change nothing here.
BUILTIN_WARNING_TYPES = (
    "安全隐患",
    "地质灾害",
    "森林防火",
    "道路交通",
    "治安",
    "矛盾苗头",
    "民生诉求",
    "其他",
)

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    warning_type = op.create_table(
        "warning_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_type")),
        sa.UniqueConstraint("name", name=op.f("uq_warning_type_name")),
    )
    op.create_table(
        "grid_warning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("township_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("urgency", sa.String(length=4), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("people_affected", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("urgency IN ('一般', '紧急')", name=op.f("ck_grid_warning_urgency")),
        sa.CheckConstraint("people_affected >= 0", name=op.f("ck_grid_warning_people")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dispute_case.id"],
            name=op.f("fk_grid_warning_case_id_dispute_case"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["person.id"],
            name=op.f("fk_grid_warning_reporter_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["township_id"],
            ["grid_unit.id"],
            name=op.f("fk_grid_warning_township_id_grid_unit"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["warning_type.id"],
            name=op.f("fk_grid_warning_type_id_warning_type"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["grid_unit.id"],
            name=op.f("fk_grid_warning_unit_id_grid_unit"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_warning")),
        sa.UniqueConstraint("case_id", name=op.f("uq_grid_warning_case_id")),
        sa.UniqueConstraint("number", name=op.f("uq_grid_warning_number")),
        sa.UniqueConstraint("township_id", "year", "seq", name=op.f("uq_grid_warning_township_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_grid_warning_uid")),
    )
    with op.batch_alter_table("grid_warning", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grid_warning_closed_at"), ["closed_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_grid_warning_reported_at"), ["reported_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_grid_warning_reporter_id"), ["reporter_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_grid_warning_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_grid_warning_type_id"), ["type_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_grid_warning_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "party_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("warning_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("work", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_party_report_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["warning_id"],
            ["grid_warning.id"],
            name=op.f("fk_party_report_warning_id_grid_warning"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_report")),
    )
    with op.batch_alter_table("party_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_report_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_report_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_party_report_warning_id"), ["warning_id"], unique=False
        )

    op.create_table(
        "warning_dispatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("warning_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=60), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("dispatched_at", sa.DateTime(), nullable=False),
        sa.Column("response_due", sa.DateTime(), nullable=False),
        sa.Column("complete_due", sa.DateTime(), nullable=False),
        sa.Column("responded_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "complete_due >= response_due", name=op.f("ck_warning_dispatch_complete_due")
        ),
        sa.CheckConstraint(
            "response_due >= dispatched_at", name=op.f("ck_warning_dispatch_response_due")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_warning_dispatch_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["warning_id"],
            ["grid_warning.id"],
            name=op.f("fk_warning_dispatch_warning_id_grid_warning"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_dispatch")),
    )
    with op.batch_alter_table("warning_dispatch", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_warning_dispatch_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_warning_dispatch_warning_id"), ["warning_id"], unique=False
        )

    op.create_table(
        "warning_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("warning_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("status_from", sa.String(length=12), nullable=True),
        sa.Column("status_to", sa.String(length=12), nullable=False),
        sa.Column("level_from", sa.String(length=10), nullable=True),
        sa.Column("level_to", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["warning_id"],
            ["grid_warning.id"],
            name=op.f("fk_warning_step_warning_id_grid_warning"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_step")),
    )
    with op.batch_alter_table("warning_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_warning_step_warning_id"), ["warning_id"], unique=False
        )

    # No explicit ids, as in 0003: PostgreSQL's sequence must count the seeded rows.
    op.bulk_insert(
        warning_type,
        [
            {"name": name, "builtin": True, "sort_order": i}
            for i, name in enumerate(BUILTIN_WARNING_TYPES, start=1)
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("warning_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_warning_step_warning_id"))

    op.drop_table("warning_step")
    with op.batch_alter_table("warning_dispatch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_warning_dispatch_warning_id"))
        batch_op.drop_index(batch_op.f("ix_warning_dispatch_person_id"))

    op.drop_table("warning_dispatch")
    with op.batch_alter_table("party_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_report_warning_id"))
        batch_op.drop_index(batch_op.f("ix_party_report_person_id"))
        batch_op.drop_index(batch_op.f("ix_party_report_at"))

    op.drop_table("party_report")
    with op.batch_alter_table("grid_warning", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grid_warning_unit_id"))
        batch_op.drop_index(batch_op.f("ix_grid_warning_type_id"))
        batch_op.drop_index(batch_op.f("ix_grid_warning_status"))
        batch_op.drop_index(batch_op.f("ix_grid_warning_reporter_id"))
        batch_op.drop_index(batch_op.f("ix_grid_warning_reported_at"))
        batch_op.drop_index(batch_op.f("ix_grid_warning_closed_at"))

    op.drop_table("grid_warning")
    op.drop_table("warning_type")

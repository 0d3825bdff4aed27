"""monthly assessment schemes, months, entries and results

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_scheme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("start_month", sa.Date(), nullable=False),
        sa.Column("top_quota_percent", sa.Integer(), nullable=True),
        sa.Column("bonus_cap_tenths", sa.Integer(), nullable=True),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "bonus_cap_tenths IS NULL OR bonus_cap_tenths >= 0",
            name=op.f("ck_assessment_scheme_bonus_cap"),
        ),
        sa.CheckConstraint(
            "top_quota_percent IS NULL OR (top_quota_percent > 0 AND top_quota_percent <= 100)",
            name=op.f("ck_assessment_scheme_quota"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_assessment_scheme_version")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_scheme")),
        sa.UniqueConstraint("family_uid", "version", name=op.f("uq_assessment_scheme_family_uid")),
        sa.UniqueConstraint("uid", name=op.f("uq_assessment_scheme_uid")),
    )
    with op.batch_alter_table("assessment_scheme", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_scheme_family_uid"), ["family_uid"], unique=False
        )

    op.create_table(
        "assessment_month",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("township_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("family_uid", sa.String(length=36), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reopen_count", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'approved')", name=op.f("ck_assessment_month_status")
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["assessment_scheme.id"],
            name=op.f("fk_assessment_month_scheme_id_assessment_scheme"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["township_id"],
            ["grid_unit.id"],
            name=op.f("fk_assessment_month_township_id_grid_unit"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_month")),
        sa.UniqueConstraint(
            "township_id", "month", "family_uid", name=op.f("uq_assessment_month_township_id")
        ),
        sa.UniqueConstraint("uid", name=op.f("uq_assessment_month_uid")),
    )
    with op.batch_alter_table("assessment_month", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_month_month"), ["month"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_assessment_month_scheme_id"), ["scheme_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_month_township_id"), ["township_id"], unique=False
        )

    op.create_table(
        "grade_band",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=10), nullable=False),
        sa.Column("lower_tenths", sa.Integer(), nullable=False),
        sa.Column("upper_tenths", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["assessment_scheme.id"],
            name=op.f("fk_grade_band_scheme_id_assessment_scheme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grade_band")),
        sa.UniqueConstraint("scheme_id", "position", name=op.f("uq_grade_band_scheme_id")),
    )
    with op.batch_alter_table("grade_band", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grade_band_scheme_id"), ["scheme_id"], unique=False)

    op.create_table(
        "scheme_role",
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"], ["role.id"], name=op.f("fk_scheme_role_role_id_role"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["assessment_scheme.id"],
            name=op.f("fk_scheme_role_scheme_id_assessment_scheme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scheme_id", "role_id", name=op.f("pk_scheme_role")),
    )
    with op.batch_alter_table("scheme_role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scheme_role_role_id"), ["role_id"], unique=False)

    op.create_table(
        "scheme_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["assessment_scheme.id"],
            name=op.f("fk_scheme_section_scheme_id_assessment_scheme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheme_section")),
    )
    with op.batch_alter_table("scheme_section", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scheme_section_scheme_id"), ["scheme_id"], unique=False
        )

    op.create_table(
        "assessment_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("status_from", sa.String(length=10), nullable=False),
        sa.Column("status_to", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "action IN ('submit', 'approve', 'reopen')", name=op.f("ck_assessment_event_action")
        ),
        sa.ForeignKeyConstraint(
            ["month_id"],
            ["assessment_month.id"],
            name=op.f("fk_assessment_event_month_id_assessment_month"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_event")),
        sa.UniqueConstraint("uid", name=op.f("uq_assessment_event_uid")),
    )
    with op.batch_alter_table("assessment_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_event_month_id"), ["month_id"], unique=False
        )

    op.create_table(
        "scheme_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("max_tenths", sa.Integer(), nullable=False),
        sa.Column("per_count_tenths", sa.Integer(), nullable=False),
        sa.Column("bands", sa.Text(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("rule_text", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('manual', 'deduction', 'bonus', 'auto', 'veto')",
            name=op.f("ck_scheme_item_kind"),
        ),
        sa.CheckConstraint(
            "max_tenths >= 0 AND per_count_tenths >= 0", name=op.f("ck_scheme_item_points")
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["assessment_scheme.id"],
            name=op.f("fk_scheme_item_scheme_id_assessment_scheme"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["scheme_section.id"],
            name=op.f("fk_scheme_item_section_id_scheme_section"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheme_item")),
        sa.UniqueConstraint("scheme_id", "key", name=op.f("uq_scheme_item_scheme_id")),
    )
    with op.batch_alter_table("scheme_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scheme_item_scheme_id"), ["scheme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scheme_item_section_id"), ["section_id"], unique=False)

    op.create_table(
        "score_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=36), nullable=False),
        sa.Column("points_tenths", sa.Integer(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=40), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("count IS NULL OR count >= 0", name=op.f("ck_score_entry_count")),
        sa.CheckConstraint(
            "points_tenths IS NULL OR points_tenths >= 0", name=op.f("ck_score_entry_points")
        ),
        sa.ForeignKeyConstraint(
            ["month_id"],
            ["assessment_month.id"],
            name=op.f("fk_score_entry_month_id_assessment_month"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_score_entry_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_entry")),
        sa.UniqueConstraint(
            "month_id", "person_id", "item_key", name=op.f("uq_score_entry_month_id")
        ),
        sa.UniqueConstraint("uid", name=op.f("uq_score_entry_uid")),
    )
    with op.batch_alter_table("score_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_entry_month_id"), ["month_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_score_entry_person_id"), ["person_id"], unique=False)

    op.create_table(
        "score_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("village", sa.String(length=60), nullable=False),
        sa.Column("total_tenths", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=10), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("village_rank", sa.Integer(), nullable=False),
        sa.Column("veto", sa.Boolean(), nullable=False),
        sa.Column("held_back_by_quota", sa.Boolean(), nullable=False),
        sa.Column("points", sa.Text(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["month_id"],
            ["assessment_month.id"],
            name=op.f("fk_score_result_month_id_assessment_month"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_score_result_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_result")),
        sa.UniqueConstraint("month_id", "person_id", name=op.f("uq_score_result_month_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_score_result_uid")),
    )
    with op.batch_alter_table("score_result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_result_month_id"), ["month_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_score_result_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("score_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_result_person_id"))
        batch_op.drop_index(batch_op.f("ix_score_result_month_id"))

    op.drop_table("score_result")
    with op.batch_alter_table("score_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_entry_person_id"))
        batch_op.drop_index(batch_op.f("ix_score_entry_month_id"))

    op.drop_table("score_entry")
    with op.batch_alter_table("scheme_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheme_item_section_id"))
        batch_op.drop_index(batch_op.f("ix_scheme_item_scheme_id"))

    op.drop_table("scheme_item")
    with op.batch_alter_table("assessment_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_event_month_id"))

    op.drop_table("assessment_event")
    with op.batch_alter_table("scheme_section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheme_section_scheme_id"))

    op.drop_table("scheme_section")
    with op.batch_alter_table("scheme_role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheme_role_role_id"))

    op.drop_table("scheme_role")
    with op.batch_alter_table("grade_band", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grade_band_scheme_id"))

    op.drop_table("grade_band")
    with op.batch_alter_table("assessment_month", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_month_township_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_month_scheme_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_month_month"))

    op.drop_table("assessment_month")
    with op.batch_alter_table("assessment_scheme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_scheme_family_uid"))

    op.drop_table("assessment_scheme")

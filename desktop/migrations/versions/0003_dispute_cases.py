"""dispute cases, mediators, agreements and settings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

# The standard category list of DESIGN.md; a copy, so that later edits to the code change nothing
# here.
BUILTIN_CASE_CATEGORIES = (
    "婚姻家庭",
    "邻里",
    "房屋宅基地",
    "山林土地(承包经营)",
    "合同",
    "生产经营",
    "损害赔偿",
    "征地拆迁",
    "环境污染",
    "劳动争议(欠薪)",
    "消费",
    "医疗",
    "道路交通事故",
    "物业",
    "村务管理",
    "其他",
)


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    category = op.create_table(
        "case_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("due_days", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_category")),
        sa.UniqueConstraint("name", name=op.f("uq_case_category_name")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "dispute_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("township_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("people_involved", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("risk", sa.String(length=4), nullable=False),
        sa.Column("criminal_risk", sa.Boolean(), nullable=False),
        sa.Column("group_risk", sa.Boolean(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=True),
        sa.Column("transferred_to", sa.String(length=40), nullable=True),
        sa.Column("original_due_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=True),
        sa.Column("concluded_on", sa.Date(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "amount_fen IS NULL OR amount_fen >= 0", name=op.f("ck_dispute_case_amount")
        ),
        sa.CheckConstraint("due_on >= received_on", name=op.f("ck_dispute_case_due")),
        sa.CheckConstraint("people_involved >= 0", name=op.f("ck_dispute_case_people")),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["case_category.id"],
            name=op.f("fk_dispute_case_category_id_case_category"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["person.id"],
            name=op.f("fk_dispute_case_reporter_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["township_id"],
            ["grid_unit.id"],
            name=op.f("fk_dispute_case_township_id_grid_unit"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["grid_unit.id"],
            name=op.f("fk_dispute_case_unit_id_grid_unit"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispute_case")),
        sa.UniqueConstraint("number", name=op.f("uq_dispute_case_number")),
        sa.UniqueConstraint("township_id", "year", "seq", name=op.f("uq_dispute_case_township_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_dispute_case_uid")),
    )
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dispute_case_category_id"), ["category_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dispute_case_concluded_on"), ["concluded_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dispute_case_received_on"), ["received_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dispute_case_reporter_id"), ["reporter_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dispute_case_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispute_case_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "mediator_specialty",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["case_category.id"],
            name=op.f("fk_mediator_specialty_category_id_case_category"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_mediator_specialty_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "category_id", name=op.f("pk_mediator_specialty")),
    )
    op.create_table(
        "agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("obligations", sa.Text(), nullable=False),
        sa.Column("performance", sa.Text(), nullable=False),
        sa.Column("perform_by", sa.Date(), nullable=True),
        sa.Column("confirmation_due_on", sa.Date(), nullable=False),
        sa.Column("follow_up_due_on", sa.Date(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dispute_case.id"],
            name=op.f("fk_agreement_case_id_dispute_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement")),
        sa.UniqueConstraint("case_id", name=op.f("uq_agreement_case_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_agreement_uid")),
    )
    op.create_table(
        "case_mediator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("lead", sa.Boolean(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=200), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dispute_case.id"],
            name=op.f("fk_case_mediator_case_id_dispute_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_case_mediator_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_mediator")),
        sa.UniqueConstraint("uid", name=op.f("uq_case_mediator_uid")),
    )
    with op.batch_alter_table("case_mediator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_mediator_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_mediator_person_id"), ["person_id"], unique=False)

    op.create_table(
        "case_party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("citizen_id", sa.String(length=18), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('person', 'organisation')", name=op.f("ck_case_party_kind")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dispute_case.id"],
            name=op.f("fk_case_party_case_id_dispute_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["grid_unit.id"],
            name=op.f("fk_case_party_unit_id_grid_unit"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_party")),
        sa.UniqueConstraint("uid", name=op.f("uq_case_party_uid")),
    )
    with op.batch_alter_table("case_party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_party_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_party_citizen_id"), ["citizen_id"], unique=False)

    op.create_table(
        "case_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("status_from", sa.String(length=12), nullable=True),
        sa.Column("status_to", sa.String(length=12), nullable=False),
        sa.Column("level_from", sa.String(length=12), nullable=True),
        sa.Column("level_to", sa.String(length=12), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dispute_case.id"],
            name=op.f("fk_case_step_case_id_dispute_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_step")),
        sa.UniqueConstraint("uid", name=op.f("uq_case_step_uid")),
    )
    with op.batch_alter_table("case_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_step_case_id"), ["case_id"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("performed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dispute_case.id"],
            name=op.f("fk_follow_up_case_id_dispute_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
        sa.UniqueConstraint("uid", name=op.f("uq_follow_up_uid")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_case_id"), ["case_id"], unique=False)

    op.create_table(
        "mediation_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("mediators_present", sa.String(length=200), nullable=False),
        sa.Column("parties_present", sa.String(length=200), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dispute_case.id"],
            name=op.f("fk_mediation_session_case_id_dispute_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_session")),
        sa.UniqueConstraint("uid", name=op.f("uq_mediation_session_uid")),
    )
    with op.batch_alter_table("mediation_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mediation_session_case_id"), ["case_id"], unique=False)

    # No explicit ids: PostgreSQL's sequence would not know of them, and the first category a
    # clerk adds would collide with id 1. Numbered in this order all the same.
    op.bulk_insert(
        category,
        [
            {"name": name, "builtin": True, "sort_order": i, "due_days": None}
            for i, name in enumerate(BUILTIN_CASE_CATEGORIES, start=1)
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("mediation_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_session_case_id"))

    op.drop_table("mediation_session")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_case_id"))

    op.drop_table("follow_up")
    with op.batch_alter_table("case_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_step_case_id"))

    op.drop_table("case_step")
    with op.batch_alter_table("case_party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_party_citizen_id"))
        batch_op.drop_index(batch_op.f("ix_case_party_case_id"))

    op.drop_table("case_party")
    with op.batch_alter_table("case_mediator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_mediator_person_id"))
        batch_op.drop_index(batch_op.f("ix_case_mediator_case_id"))

    op.drop_table("case_mediator")
    op.drop_table("agreement")
    op.drop_table("mediator_specialty")
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispute_case_unit_id"))
        batch_op.drop_index(batch_op.f("ix_dispute_case_status"))
        batch_op.drop_index(batch_op.f("ix_dispute_case_reporter_id"))
        batch_op.drop_index(batch_op.f("ix_dispute_case_received_on"))
        batch_op.drop_index(batch_op.f("ix_dispute_case_concluded_on"))
        batch_op.drop_index(batch_op.f("ix_dispute_case_category_id"))

    op.drop_table("dispute_case")
    op.drop_table("setting")
    op.drop_table("case_category")

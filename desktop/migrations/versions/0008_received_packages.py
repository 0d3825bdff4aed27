"""received sync packages: which township sent what, exported and imported when, by whom

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "received_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("township_code", sa.String(length=32), nullable=False),
        sa.Column("township_name", sa.String(length=60), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=40), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_received_package")),
    )
    op.create_index(
        op.f("ix_received_package_township_code"), "received_package", ["township_code"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_received_package_township_code"), table_name="received_package")
    op.drop_table("received_package")

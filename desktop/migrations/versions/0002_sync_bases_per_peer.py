"""sync bases: per peer and record, the digest at the last exchange

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_base",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("peer", sa.String(length=32), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("exchanged_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_base")),
        sa.UniqueConstraint("peer", "uid", name=op.f("uq_sync_base_peer")),
    )


def downgrade() -> None:
    op.drop_table("sync_base")

"""a row version on every synchronised record, for optimistic locking

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The tables of desktop.models.base.SyncedMixin at this revision (a migration must not follow
# the models as they change later).
VERSIONED_TABLES = (
    "grid_unit",
    "person",
    "assignment",
    "dispute_case",
    "case_party",
    "case_step",
    "case_mediator",
    "mediation_session",
    "agreement",
    "follow_up",
    "assessment_scheme",
    "assessment_month",
    "score_entry",
    "assessment_event",
    "score_result",
    "grid_warning",
)


def upgrade() -> None:
    # The server default gives every existing row version 1; it stays, so that plain INSERTs
    # (and other programs) need not name the column.
    # Plain ALTER TABLE on both engines (SQLite adds and, since 3.35, drops a column in place):
    # batch mode would copy and drop each table, which foreign keys pointing at it refuse.
    for table in VERSIONED_TABLES:
        op.add_column(
            table, sa.Column("row_version", sa.Integer(), server_default="1", nullable=False)
        )


def downgrade() -> None:
    for table in reversed(VERSIONED_TABLES):
        op.drop_column(table, "row_version")

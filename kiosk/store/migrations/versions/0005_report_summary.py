"""the manager's report: closed business days' tickets summarized once

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_days",
        sa.Column("day_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("summarized_at", sa.DateTime(), nullable=False),
        sa.Column("tickets", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["day_id"], ["business_days.id"]),
        sa.PrimaryKeyConstraint("day_id"),
    )
    op.create_table(
        "report_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=32), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=True),
        sa.Column("staff", sa.String(length=64), nullable=True),
        sa.Column("end_served", sa.Integer(), nullable=False),
        sa.Column("end_no_show", sa.Integer(), nullable=False),
        sa.Column("end_cancelled_visitor", sa.Integer(), nullable=False),
        sa.Column("end_cancelled_staff", sa.Integer(), nullable=False),
        sa.Column("end_cancelled_day_end", sa.Integer(), nullable=False),
        sa.Column("end_open", sa.Integer(), nullable=False),
        sa.Column("called", sa.Integer(), nullable=False),
        sa.Column("within_target", sa.Integer(), nullable=False),
        sa.Column("missed", sa.Integer(), nullable=False),
        sa.Column("care", sa.Integer(), nullable=False),
        sa.Column("care_excess_s", sa.BigInteger(), nullable=False),
        sa.Column("rated_1", sa.Integer(), nullable=False),
        sa.Column("rated_2", sa.Integer(), nullable=False),
        sa.Column("rated_3", sa.Integer(), nullable=False),
        sa.Column("rated_4", sa.Integer(), nullable=False),
        sa.Column("print_failures", sa.Integer(), nullable=False),
        sa.Column("quoted", sa.Integer(), nullable=False),
        sa.Column("kept", sa.Integer(), nullable=False),
        sa.Column("quote_low_sum_s", sa.BigInteger(), nullable=False),
        sa.Column("quote_high_sum_s", sa.BigInteger(), nullable=False),
        sa.Column("quoted_wait_sum_s", sa.BigInteger(), nullable=False),
        sa.Column("waits", sa.LargeBinary(), nullable=False),
        sa.Column("service_times", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["day_id"], ["business_days.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("report_groups", schema=None) as batch_op:
        batch_op.create_index("ix_report_groups_date", ["date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_groups", schema=None) as batch_op:
        batch_op.drop_index("ix_report_groups_date")
    op.drop_table("report_groups")
    op.drop_table("report_days")

"""the manager's report: closed business days' tickets summarized once

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
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
        "report_tickets",
        sa.Column("ticket_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=32), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=True),
        sa.Column("staff", sa.String(length=64), nullable=True),
        sa.Column("end", sa.String(length=20), nullable=False),
        sa.Column("called", sa.Boolean(), nullable=False),
        sa.Column("waited_s", sa.Integer(), nullable=False),
        sa.Column("target_s", sa.Integer(), nullable=False),
        sa.Column("service_s", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("quote_low_s", sa.Integer(), nullable=True),
        sa.Column("quote_high_s", sa.Integer(), nullable=True),
        sa.Column("print_failures", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["day_id"], ["business_days.id"]),
        sa.PrimaryKeyConstraint("ticket_id"),
    )
    with op.batch_alter_table("report_tickets", schema=None) as batch_op:
        batch_op.create_index("ix_report_tickets_date", ["date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_report_tickets_date")
    op.drop_table("report_tickets")
    op.drop_table("report_days")

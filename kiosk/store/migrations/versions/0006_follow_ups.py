"""complaint follow-ups: a case number per follow-up, its promised date, its closing

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follow_ups",
        sa.Column("case_number", sa.String(length=20), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("ticket_uid", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("service", sa.String(length=32), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.Column("staff", sa.String(length=64), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("promised_by", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("case_number"),
        sa.UniqueConstraint("date", "seq", name="uq_follow_up_case"),
    )
    op.create_index("ix_follow_ups_open", "follow_ups", ["closed_at"])


def downgrade() -> None:
    op.drop_index("ix_follow_ups_open", table_name="follow_ups")
    op.drop_table("follow_ups")

"""login failures counted in the database

Revision ID: 0006_sec
Revises: 0005_cohorts
Create Date: 2026-12-01 21:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006_sec"
down_revision = "0005_cohorts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_failures",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "scope IN ('account', 'address', 'pair')",
            name=op.f("ck_login_failures_scope_valid"),
        ),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_failures_last_failed_at"), ["last_failed_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failures_last_failed_at"))
    op.drop_table("login_failures")

"""content version: one number bumped by every change to course content

Revision ID: 0007_content_version
Revises: 0006_sec
Create Date: 2026-12-02 01:10:00

"""

import time

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007_content_version"
down_revision = "0006_sec"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "content_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_version")),
    )
    # The one row, started from the clock (see studyguide/models/content_version.py).
    op.bulk_insert(table, [{"id": 1, "version": int(time.time() * 1000)}])


def downgrade():
    op.drop_table("content_version")

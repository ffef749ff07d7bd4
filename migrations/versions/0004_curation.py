"""curation: question review state, generator notes, edit versions

Revision ID: 0004_curation
Revises: 0003_review
Create Date: 2026-12-01 18:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_curation"
down_revision = "0003_review"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "review_state", sa.String(length=20), nullable=False, server_default="approved"
            )
        )
        batch_op.add_column(sa.Column("reviewed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("source", sa.String(length=20), nullable=False, server_default="package")
        )
        batch_op.add_column(
            sa.Column("edited", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("generator_score", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("generator_reason", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("row_version", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_questions_reviewed_by_id_users"), "users", ["reviewed_by_id"], ["id"]
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_questions_review_state_valid"),
            "review_state IN ('pending', 'approved', 'rejected')",
        )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        for name in ("review_state", "source", "edited", "generator_reason", "row_version"):
            batch_op.alter_column(name, server_default=None)
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("row_version", sa.Integer(), nullable=False, server_default="1")
        )
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.alter_column("row_version", server_default=None)


def downgrade():
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.drop_column("row_version")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_questions_review_state_valid"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_questions_reviewed_by_id_users"), type_="foreignkey"
        )
        for name in ("row_version", "generator_reason", "generator_score", "edited", "source",
                     "reviewed_at", "reviewed_by_id", "review_state"):  # fmt: skip
            batch_op.drop_column(name)

"""workspace: course editors, import jobs, course origin and edit/load times

Revision ID: 0003_workspace
Revises: 8696b5f68bf5
Create Date: 2026-12-01 17:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003_workspace"
down_revision = "8696b5f68bf5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=20), nullable=False, server_default="data")
        )
        batch_op.add_column(sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.alter_column("origin", server_default=None)

    op.create_table(
        "course_editors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["users.id"], name=op.f("fk_course_editors_added_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_course_editors_course_id_courses")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_course_editors_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_editors")),
        sa.UniqueConstraint(
            "course_id", "user_id", name=op.f("uq_course_editors_course_id_user_id")
        ),
    )
    with op.batch_alter_table("course_editors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_editors_course_id"), ["course_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_course_editors_user_id"), ["user_id"], unique=False)

    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=80), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("source_name", sa.String(length=200), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'failed', 'done')",
            name=op.f("ck_import_jobs_state_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_import_jobs_course_id_courses")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_import_jobs_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_jobs")),
    )
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_jobs_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_jobs_user_id"))
    op.drop_table("import_jobs")
    with op.batch_alter_table("course_editors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_editors_user_id"))
        batch_op.drop_index(batch_op.f("ix_course_editors_course_id"))
    op.drop_table("course_editors")
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_column("edited_at")
        batch_op.drop_column("loaded_at")
        batch_op.drop_column("origin")

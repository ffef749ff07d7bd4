"""Migrations build the schema the models describe, on an empty database, both ways."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from studyguide import create_app
from studyguide.extensions import db
from tests.conftest import TEST_DATABASE_URL


@pytest.fixture
def empty_app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'mig.db'}",
        }
    )
    with app.app_context():
        _drop_everything()
        yield app
        _drop_everything()
        db.engine.dispose()


def _drop_everything():
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def _drift() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


pytestmark = pytest.mark.db


def test_upgrade_empty_database_to_head_has_no_drift(empty_app):
    upgrade()
    assert _drift() == []
    tables = set(sa.inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables


def test_downgrade_to_base_and_up_again(empty_app):
    upgrade()
    downgrade(revision="base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert _drift() == []


def _insert(connection, table: sa.Table, **values):
    """Insert a row, filling every other required column with a value of its type."""
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        kind = column.type
        if isinstance(kind, sa.JSON):
            row[column.name] = {}
        elif isinstance(kind, sa.DateTime):
            row[column.name] = sa.func.current_timestamp()
        elif isinstance(kind, sa.Boolean):
            row[column.name] = False
        elif isinstance(kind, sa.Integer):
            row[column.name] = 0
        else:
            row[column.name] = "x"
    return connection.execute(table.insert().values(**row)).inserted_primary_key[0]


def test_upgrade_a_database_holding_a_course_keeps_it(empty_app):
    """Batch mode rebuilds tables that others reference: yesterday's data must survive it."""
    upgrade(revision="8696b5f68bf5")  # the schema the first release shipped
    metadata = sa.MetaData()
    metadata.reflect(db.engine)
    with db.engine.begin() as connection:
        course_id = _insert(connection, metadata.tables["courses"], slug="kept", status="published")
        _insert(connection, metadata.tables["lessons"], course_id=course_id, slug="one")
    upgrade()
    assert _drift() == []
    with db.engine.connect() as connection:
        lessons = connection.execute(sa.text("SELECT slug, course_id FROM lessons")).all()
        courses = connection.execute(sa.text("SELECT id, slug FROM courses")).all()
    assert courses == [(course_id, "kept")] and lessons == [("one", course_id)]


def test_login_failures_table_comes_and_goes_with_users_kept(empty_app):
    upgrade(revision="0005_cohorts")
    metadata = sa.MetaData()
    metadata.reflect(db.engine)
    with db.engine.begin() as connection:
        user_id = _insert(
            connection, metadata.tables["users"], email="kept@example.org", role="student"
        )
    upgrade()
    assert _drift() == []
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO login_failures (scope, key, failures, last_failed_at)"
                " VALUES ('account', 'kept@example.org', 3, CURRENT_TIMESTAMP)"
            )
        )
    downgrade(revision="0005_cohorts")
    assert "login_failures" not in sa.inspect(db.engine).get_table_names()
    with db.engine.connect() as connection:
        users = connection.execute(sa.text("SELECT id, email FROM users")).all()
    assert users == [(user_id, "kept@example.org")]


def test_content_version_comes_with_one_row_and_goes_with_courses_kept(empty_app):
    upgrade(revision="0006_sec")
    metadata = sa.MetaData()
    metadata.reflect(db.engine)
    with db.engine.begin() as connection:
        course_id = _insert(connection, metadata.tables["courses"], slug="kept", status="published")
    upgrade()
    assert _drift() == []
    with db.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT id, version FROM content_version")).all()
    assert len(rows) == 1 and rows[0][0] == 1 and rows[0][1] > 0
    downgrade(revision="0006_sec")
    assert "content_version" not in sa.inspect(db.engine).get_table_names()
    with db.engine.connect() as connection:
        courses = connection.execute(sa.text("SELECT id, slug FROM courses")).all()
    assert courses == [(course_id, "kept")]

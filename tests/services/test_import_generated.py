"""A generated draft imports with load-course, stays hidden from students, and is idempotent."""

import sqlalchemy as sa
from click.testing import CliRunner

from studyguide.cli.generate import generate_command
from studyguide.models import Course, QuestionVersion
from studyguide.services.importer import load_package
from tests.generator.conftest import DATA


def test_generated_draft_loads_and_stays_a_hidden_draft(db, client, auth, tmp_path):
    package = tmp_path / "draft"
    result = CliRunner().invoke(
        generate_command, [str(DATA / "retrofit-podcast.txt"), "-o", str(package)]
    )
    assert result.exit_code == 0, result.output

    first = load_package(package)
    second = load_package(package)

    course = db.session.scalars(sa.select(Course)).one()
    assert course.status == "draft"
    questions = db.session.scalar(sa.select(sa.func.count()).select_from(QuestionVersion))
    assert questions == len(first.questions_added) > 0
    assert not second.changed
    title, slug = course.title, course.slug
    # End this read transaction: on SQLite it holds the write lock (BEGIN IMMEDIATE).
    db.session.rollback()

    auth.login_as_student()
    assert title not in client.get("/lessons").get_data(as_text=True)
    assert client.get(f"/courses/{slug}/transcript").status_code == 404

"""Hostile files through the real upload forms (issue 15): every malformed transcript posted to
/teach/new and every malformed package posted to /teach/upload gets a 4xx page that shows why,
never a 500, and leaves every table with the rows it had (tests/web/hostile_uploads.py holds
the corpus; tests/web/test_packages.py and tests/services/test_import_jobs.py a few more)."""

from __future__ import annotations

import html
import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from studyguide.extensions import db
from studyguide.models import ImportJob
from tests.web.hostile_uploads import PACKAGES, TALK, TRANSCRIPTS, WELL_DECODED


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "QUEUE_FILE": str(tmp_path / "queue.sqlite3")}


def _row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def _post_form(client, url: str, fields: dict[str, str], name: str, file: tuple[str, bytes]):
    # Encoded in memory: the test client would spool a large body to a temporary file it
    # never closes (a ResourceWarning, which the suite turns into an error).
    values = MultiDict(fields)
    values.add(name, FileStorage(io.BytesIO(file[1]), filename=file[0]))
    boundary, body = encode_multipart(values)
    content_type = f"multipart/form-data; boundary={boundary}"
    return client.post(url, data=body, content_type=content_type)


def _upload_transcript(client, name: str, data: bytes):
    return _post_form(client, "/teach/new", {"title": "A hostile talk"}, "transcript", (name, data))


def _upload_package(client, data: bytes):
    return _post_form(client, "/teach/upload", {}, "package", ("course.zip", data))


def _refusal_problem(case: str, response, message: str) -> str | None:
    """Why `response` is not a clear refusal showing `message`, or None if it is one."""
    if not 400 <= response.status_code < 500:
        return f"{case}: status {response.status_code}"
    shown = html.unescape(response.get_data(as_text=True))
    response.close()
    if message not in shown:
        return f"{case}: {response.status_code} without {message!r}"
    return None


def test_malformed_transcripts_are_refused_with_their_reason_and_write_nothing(app, client, auth):
    auth.login_as_instructor()
    before = _row_counts(app)
    problems = []
    for case, (name, data, message) in TRANSCRIPTS.items():
        problems.append(_refusal_problem(case, _upload_transcript(client, name, data), message))
        if _row_counts(app) != before:
            problems.append(f"{case}: rows changed")
            break
    assert not [p for p in problems if p], "\n".join(p for p in problems if p)
    assert len(TRANSCRIPTS) >= 15


@pytest.mark.parametrize("case", list(WELL_DECODED))
def test_transcripts_in_other_encodings_are_read_as_the_text_they_hold(app, client, auth, case):
    auth.login_as_instructor()
    response = _upload_transcript(client, "talk.txt", WELL_DECODED[case])
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        job = db.session.scalars(sa.select(ImportJob)).one()
        assert job.source_text.replace("\r\n", "\n").startswith(TALK)


def test_malformed_packages_are_refused_with_their_reason_and_write_nothing(app, client, auth):
    auth.login_as_instructor()
    before = _row_counts(app)
    problems = []
    for case, (data, message) in PACKAGES.items():
        problems.append(_refusal_problem(case, _upload_package(client, data), message))
        if _row_counts(app) != before:
            problems.append(f"{case}: rows changed")
            break
    assert not [p for p in problems if p], "\n".join(p for p in problems if p)
    assert len(PACKAGES) >= 40


def test_the_valid_package_itself_is_accepted(app, client, auth):
    """The corpus breaks a package that loads: each refusal is about what was broken."""
    from tests.web.hostile_uploads import package

    auth.login_as_instructor()
    response = _upload_package(client, package())
    assert response.status_code == 302, response.get_data(as_text=True)

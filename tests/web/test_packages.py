"""Packages in and out of the browser: download, upload, zip safety, and data/ vs browser edits."""

import io
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Course, CourseEditor, QuestionVersion, User
from studyguide.services import teaching
from studyguide.services.importer import load_package

MADRY = Path(__file__).resolve().parents[2] / "data" / "courses" / "madry-research-careers"
VALID = Path(__file__).resolve().parents[1] / "coursepack" / "fixtures" / "valid"


def _zip(files: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _folder_zip(folder: Path, prefix: str = "") -> bytes:
    files = {
        prefix + str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    return _zip(files)


def _upload(client, data: bytes, name="course.zip"):
    return client.post(
        "/teach/upload",
        data={"package": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _unzipped(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        courses = db.session.scalar(sa.select(sa.func.count()).select_from(Course))
        versions = db.session.scalar(sa.select(sa.func.count()).select_from(QuestionVersion))
        return courses, versions


def test_round_trip_download_upload_is_identical(app, client, auth):
    with app.app_context():
        load_package(MADRY)
    auth.login_as_instructor()
    first = client.get("/teach/courses/madry-research-careers/package.zip")
    assert first.status_code == 200 and first.mimetype == "application/zip"
    before = _counts(app)
    uploaded = _upload(client, first.data)
    assert uploaded.status_code == 302
    assert "unchanged" in client.get(uploaded.headers["Location"]).get_data(as_text=True)
    assert _counts(app) == before
    second = client.get("/teach/courses/madry-research-careers/package.zip")
    assert _unzipped(second.data) == _unzipped(first.data)
    # The package passes load-course's checks as it stands on disk, transcript included.
    files = _unzipped(first.data)
    assert files["madry-research-careers/transcript.txt"] == (MADRY / "transcript.txt").read_bytes()


def test_upload_of_a_new_package_makes_a_course_its_uploader_edits(app, client, auth):
    user_id = auth.login_as_instructor()
    response = _upload(client, _folder_zip(VALID))  # files at the zip's top, no folder
    assert response.status_code == 302
    with app.app_context():
        course = db.session.scalars(sa.select(Course)).one()
        editor = db.session.scalars(sa.select(CourseEditor)).one()
        assert (course.origin, editor.user_id) == ("browser", user_id)
    auth.logout()
    auth.login_as_instructor("other@example.org")
    assert client.get(f"/teach/courses/{course.slug}").status_code == 404
    refused = _upload(client, _folder_zip(VALID, prefix="pkg/"))
    assert refused.status_code == 400
    assert "belongs to a course you cannot edit" in refused.get_data(as_text=True)


def test_upload_updates_a_course_like_load_course(app, client, auth, tmp_path):
    package = shutil.copytree(VALID, tmp_path / "pkg")
    auth.login_as_instructor()
    _upload(client, _folder_zip(package))
    lesson = next((package / "lessons").glob("*.md"))
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("title:", "title: Renamed —", 1), encoding="utf-8")
    response = _upload(client, _folder_zip(package))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 updated" in page
    with app.app_context():
        course = db.session.scalars(sa.select(Course)).one()
        assert course.edited_at is not None


def _bomb() -> bytes:
    return _zip({"course.yaml": b"a" * 5_000_000})


def _link() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("course.yaml")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "not a zip archive"),
        (lambda: _zip({"../evil.txt": b"x"}), "path outside the package"),
        (lambda: _zip({"/etc/evil.txt": b"x"}), "path outside the package"),
        (_link, "holds a link"),
        (lambda: _zip({f"f{n}.txt": b"x" for n in range(501)}), "a package may hold 500"),
        (_bomb, "zip bomb"),
        (lambda: _zip({"readme.txt": b"hello"}), "no course.yaml"),
        (lambda: _zip({"course.yaml": b"slug: [unclosed"}), "The package has problems"),
    ],
)
def test_unsafe_or_broken_zips_are_refused_and_write_nothing(app, client, auth, data, message):
    auth.login_as_instructor()
    response = _upload(client, data() if callable(data) else data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _counts(app) == (0, 0)


def test_load_courses_skips_a_course_edited_in_the_browser(app, runner, auth, client):
    courses_dir = Path(app.config["COURSES_DIR"])
    shutil.copytree(VALID, courses_dir / "valid")
    first = runner.invoke(args=["load-courses"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        slug = db.session.scalars(sa.select(Course.slug)).one()
    auth.login_as_instructor()
    client.post(f"/teach/courses/{slug}/unpublish")  # a browser edit
    lesson = next((courses_dir / "valid" / "lessons").glob("*.md"))
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("title:", "title: X", 1), "utf-8")

    skipped = runner.invoke(args=["load-courses"])
    assert skipped.exit_code == 0
    assert f"{slug}: skipped, edited in the browser since its last load" in skipped.output
    with app.app_context():
        assert db.session.scalars(sa.select(Course)).one().status == "draft"

    forced = runner.invoke(args=["load-courses", "--force"])
    assert "course updated" in forced.output
    with app.app_context():
        course = db.session.scalars(sa.select(Course)).one()
        assert course.status != "draft" and not _edited(course)
    assert "unchanged" in runner.invoke(args=["load-courses"]).output


def _edited(course: Course) -> bool:
    from studyguide.services.importer import edited_in_browser

    return edited_in_browser(course)


def test_load_courses_never_overwrites_a_browser_course(app, runner):
    courses_dir = Path(app.config["COURSES_DIR"])
    shutil.copytree(VALID, courses_dir / "valid")
    with app.app_context():
        owner = User(email="o@example.org", display_name="O", password_hash="x", role="instructor")
        db.session.add(owner)
        runner.invoke(args=["load-courses"])
        course = db.session.scalars(sa.select(Course)).one()
        teaching.make_creator_editor(course, owner)  # as if made in the browser
        db.session.commit()
    assert "skipped" in runner.invoke(args=["load-courses"]).output

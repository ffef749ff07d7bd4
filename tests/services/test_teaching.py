"""Who may edit which course: data/ courses every instructor, browser courses their editors."""

import pytest

from studyguide.errors import NotFound, Refused
from studyguide.models import CourseEditor
from studyguide.services import teaching
from tests.factories import make_course, make_user


def _browser_course(db, owner):
    course = make_course()
    teaching.make_creator_editor(course, owner)
    db.session.commit()
    return course


def test_data_course_is_editable_by_every_instructor_not_students(db):
    course = make_course()  # origin "data", as load-courses makes them
    teacher = make_user(role="instructor")
    student = make_user()
    assert teaching.editable_course(teacher, course.slug) is course
    assert teaching.editable_courses(teacher) == [course]
    with pytest.raises(NotFound):
        teaching.editable_course(student, course.slug)
    assert teaching.editable_courses(student) == []


def test_browser_course_is_editable_by_its_editors_only(db):
    owner, other = make_user(role="instructor"), make_user(role="instructor")
    course = _browser_course(db, owner)
    assert teaching.editable_course(owner, course.slug) is course
    with pytest.raises(NotFound) as someone_elses:
        teaching.editable_course(other, course.slug)
    with pytest.raises(NotFound) as missing:
        teaching.editable_course(other, "no-such-course")
    assert str(someone_elses.value) == str(missing.value)
    assert teaching.editable_courses(other) == []


def test_co_editor_added_by_an_editor_can_edit(db):
    owner, other = make_user(role="instructor"), make_user(role="instructor")
    course = _browser_course(db, owner)
    editor = teaching.add_editor(owner, course.slug, other.email.upper())
    assert (editor.user_id, editor.added_by_id) == (other.id, owner.id)
    assert teaching.editable_course(other, course.slug) is course
    with pytest.raises(Refused, match="already edits"):
        teaching.add_editor(owner, course.slug, other.email)
    assert db.session.query(CourseEditor).count() == 2


def test_co_editor_must_be_an_instructor_and_actor_must_edit(db):
    owner, outsider = make_user(role="instructor"), make_user(role="instructor")
    student = make_user()
    course = _browser_course(db, owner)
    with pytest.raises(Refused, match="No instructor"):
        teaching.add_editor(owner, course.slug, student.email)
    with pytest.raises(NotFound):
        teaching.add_editor(outsider, course.slug, outsider.email)
    assert db.session.query(CourseEditor).count() == 1


def test_promote_to_instructor(db):
    teacher, student = make_user(role="instructor"), make_user()
    with pytest.raises(NotFound):
        teaching.promote_to_instructor(student, teacher.email)
    assert teaching.promote_to_instructor(teacher, student.email).is_instructor
    with pytest.raises(Refused, match="already"):
        teaching.promote_to_instructor(teacher, student.email)
    with pytest.raises(Refused, match="No account"):
        teaching.promote_to_instructor(teacher, "nobody@example.org")

"""Curating lessons: text edits (grounded, sanitised preview, conflicts) and, in drafts only,
reorder, merge, split at a segment boundary and delete."""

import pytest
import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Course, Lesson, Question
from tests.web.curation_helpers import TALK, generated_draft

pytestmark = pytest.mark.db


@pytest.fixture
def slug(app, auth):
    slug = generated_draft(app)
    auth.login("owner@example.org")
    return slug


def _lessons(app, slug, retired=False):
    with app.app_context():
        query = (
            sa.select(Lesson)
            .join(Course)
            .where(Course.slug == slug)
            .order_by(Lesson.position, Lesson.id)
        )
        if not retired:
            query = query.where(Lesson.retired_at.is_(None))
        lessons = db.session.scalars(query).all()
        db.session.expunge_all()
        return lessons


def _question_lessons(app, slug):
    with app.app_context():
        return dict(
            db.session.execute(
                sa.select(Question.key, Question.lesson_id)
                .join(Course)
                .where(Course.slug == slug, Question.retired_at.is_(None))
            ).all()
        )


def _edit_data(client, slug, lesson):
    """The lesson form as the page fills it."""
    from studyguide.services.curation_lessons import lesson_values

    values = lesson_values(lesson)
    return {
        "row_version": lesson.row_version, "title": values["title"],
        "summary": values["summary"], "objectives": "\n".join(values["objectives"]),
        "takeaways": "\n".join(values["takeaways"]), "quotes": "\n".join(values["quotes"]),
        "reflection_prompts": "\n".join(values["reflection_prompts"]),
    }  # fmt: skip


def _post(client, slug, lesson, action, **data):
    url = f"/teach/courses/{slug}/lessons/{lesson.slug}/{action}"
    return client.post(url, data={"row_version": lesson.row_version, **data})


def test_rename_and_edit_text_fields(app, client, slug):
    lesson = _lessons(app, slug)[0]
    data = _edit_data(client, slug, lesson)
    data.update(
        title="How Ingrid started",
        objectives="Tell how Ingrid started\nName the boat",
        reflection_prompts="What taught you patience?",
        quotes="That winter taught me patience more than anything else.",
        takeaways="Patience comes first :: That winter taught me patience more than anything else.",
        summary="Ingrid *started* at nineteen.",
    )
    response = client.post(f"/teach/courses/{slug}/lessons/{lesson.slug}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    stored = _lessons(app, slug)[0]
    assert stored.title == "How Ingrid started"
    assert stored.objectives == ["Tell how Ingrid started", "Name the boat"]
    assert stored.reflection_prompts == ["What taught you patience?"]
    passage = "That winter taught me patience more than anything else."
    start = TALK.index(passage)
    assert stored.quotes == [
        {"text": passage, "start_char": start, "end_char": start + len(passage)}
    ]
    assert stored.takeaways[0]["evidence"]["start_char"] == start
    assert stored.summary_html == "<p>Ingrid <em>started</em> at nineteen.</p>"
    assert stored.row_version == lesson.row_version + 1


def test_summary_preview_is_sanitised_and_saves_nothing(app, client, slug):
    lesson = _lessons(app, slug)[0]
    data = {**_edit_data(client, slug, lesson), "preview": "Preview summary"}
    data["summary"] = "**Bold** <script>alert(1)</script> [x](javascript:alert(2))"
    response = client.post(f"/teach/courses/{slug}/lessons/{lesson.slug}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    preview = page.split('<div class="lesson-summary">', 1)[1].split("</div>", 1)[0]
    assert "<strong>Bold</strong>" in preview
    assert "script" not in preview and "javascript" not in preview
    assert "<script>alert" not in page  # the form echoes the text escaped
    assert _lessons(app, slug)[0].summary_markdown == lesson.summary_markdown


def test_a_quote_not_in_the_transcript_is_refused_with_the_reason(app, client, slug):
    lesson = _lessons(app, slug)[0]
    data = {**_edit_data(client, slug, lesson), "quotes": "Ingrid sailed to the moon."}
    response = client.post(f"/teach/courses/{slug}/lessons/{lesson.slug}", data=data)
    assert response.status_code == 400
    assert "quote not found in transcript" in response.get_data(as_text=True)
    stored = _lessons(app, slug)[0]
    assert stored.quotes == lesson.quotes and stored.row_version == lesson.row_version


def test_a_lesson_without_takeaways_is_refused_like_check_course(app, client, slug):
    lesson = _lessons(app, slug)[0]
    data = {**_edit_data(client, slug, lesson), "takeaways": ""}
    response = client.post(f"/teach/courses/{slug}/lessons/{lesson.slug}", data=data)
    assert response.status_code == 400
    assert "takeaways" in response.get_data(as_text=True)


def test_two_saves_of_a_lesson_conflict(app, client, slug):
    lesson = _lessons(app, slug)[0]
    first = {**_edit_data(client, slug, lesson), "title": "First title"}
    second = {**_edit_data(client, slug, lesson), "title": "Second title"}
    url = f"/teach/courses/{slug}/lessons/{lesson.slug}"
    assert client.post(url, data=first).status_code == 302
    response = client.post(url, data=second)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "First title" in page and "Second title" in page
    assert _lessons(app, slug)[0].title == "First title"


def test_reorder(app, client, slug):
    first, second = _lessons(app, slug)[:2]
    assert _post(client, slug, first, "down").status_code == 302
    assert [x.slug for x in _lessons(app, slug)[:2]] == [second.slug, first.slug]
    moved = _lessons(app, slug)[1]
    assert _post(client, slug, moved, "up").status_code == 302
    assert [x.slug for x in _lessons(app, slug)[:2]] == [first.slug, second.slug]
    top = _lessons(app, slug)[0]
    response = _post(client, slug, top, "up")
    assert response.status_code == 302
    assert "already at that end" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_merge_then_split_at_the_segment_boundary(app, client, slug):
    first, second = _lessons(app, slug)[:2]
    count = len(_lessons(app, slug))
    before = _question_lessons(app, slug)
    second_keys = {key for key, lesson_id in before.items() if lesson_id == second.id}
    response = _post(client, slug, first, "merge", next_version=second.row_version)
    assert response.status_code == 302
    merged = _lessons(app, slug)[0]
    assert len(_lessons(app, slug)) == count - 1
    assert len(merged.segments) == len(first.segments) + len(second.segments)
    assert len(merged.takeaways) == len(first.takeaways) + len(second.takeaways)
    after = _question_lessons(app, slug)
    assert all(after[key] == first.id for key in second_keys)
    retired = [x for x in _lessons(app, slug, retired=True) if x.id == second.id]
    assert retired[0].retired_at is not None  # kept, not deleted

    response = _post(client, slug, merged, "split", at=len(first.segments))
    assert response.status_code == 302
    lessons = _lessons(app, slug)
    assert len(lessons) == count
    part = lessons[1]
    assert part.segments == second.segments and lessons[0].segments == first.segments
    split = _question_lessons(app, slug)
    assert {key for key, lesson_id in split.items() if lesson_id == part.id} == second_keys


def test_split_outside_a_boundary_is_refused(app, client, slug):
    lesson = _lessons(app, slug)[0]
    response = _post(client, slug, lesson, "split", at=1)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Split at a boundary between segments" in page
    assert len(_lessons(app, slug)) == len(_lessons(app, slug))


def test_delete_retires_the_lesson_and_its_questions(app, client, slug):
    lesson = _lessons(app, slug)[0]
    keys = {k for k, lesson_id in _question_lessons(app, slug).items() if lesson_id == lesson.id}
    assert _post(client, slug, lesson, "delete").status_code == 302
    assert lesson.slug not in {x.slug for x in _lessons(app, slug)}
    assert not keys & set(_question_lessons(app, slug))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Question.key.in_(keys))) == len(
            keys
        )


def test_structural_changes_are_for_drafts_only(app, client, slug):
    with app.app_context():
        db.session.scalar(sa.select(Course).where(Course.slug == slug)).status = "published"
        db.session.commit()
    lesson = _lessons(app, slug)[0]
    response = _post(client, slug, lesson, "delete")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "drafts only" in page
    assert lesson.slug in {x.slug for x in _lessons(app, slug)}


def test_a_stale_structural_action_is_a_conflict(app, client, slug):
    first = _lessons(app, slug)[0]
    assert _post(client, slug, first, "down").status_code == 302
    response = _post(client, slug, first, "delete")  # the version seen before the move
    assert response.status_code == 409
    assert first.slug in {x.slug for x in _lessons(app, slug)}

"""Curating questions: review, edit (versioning, grounding, conflicts), write from a passage,
what students see, and the generator's acceptance figures."""

import csv
import io

import pytest
import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Course, Lesson, Question, QuestionVersion, User
from studyguide.questiontypes import QUESTION_TYPES
from studyguide.services import attempts, curation
from tests.web.curation_helpers import TALK, generated_draft, questions

pytestmark = pytest.mark.db


@pytest.fixture
def slug(app, auth):
    slug = generated_draft(app)
    auth.login("owner@example.org")
    return slug


def _url(slug, key, tail=""):
    return f"/teach/courses/{slug}/questions/{key}{tail}"


def _form(question, version, **changes):
    with_item = curation.QuestionItem(question, version, None)  # type: ignore[arg-type]
    return {**curation.form_values(with_item), **changes}


def _question(app, key):
    with app.app_context():
        question = db.session.scalar(sa.select(Question).where(Question.key == key))
        versions = db.session.scalars(
            sa.select(QuestionVersion)
            .where(QuestionVersion.question_id == question.id)
            .order_by(QuestionVersion.version)
        ).all()
        db.session.expunge_all()
        return question, versions


def test_generated_questions_start_pending_with_the_generators_note(app, slug):
    rows = questions(app, slug)
    assert rows and {q.review_state for q, _v in rows} == {"pending"}
    assert all(q.source == "generator" and q.generator_score is not None for q, _v in rows)
    assert all(q.generator_reason for q, _v in rows)


def test_question_page_shows_content_evidence_link_and_note(client, app, slug):
    question, version = questions(app, slug)[0]
    page = client.get(_url(slug, question.key)).get_data(as_text=True)
    assert version.prompt in page or version.prompt.replace("'", "&#39;") in page
    start, end = version.evidence["start_char"], version.evidence["end_char"]
    assert f"/teach/courses/{slug}/transcript?start={start}&amp;end={end}" in page
    assert f"Generator score {question.generator_score:.2f}" in page
    highlighted = client.get(f"/teach/courses/{slug}/transcript?start={start}&end={end}")
    assert f'<mark id="hl" tabindex="-1">{TALK[start:end]}' in highlighted.get_data(
        as_text=True
    ).replace("&#39;", "'")


@pytest.mark.parametrize("decision,state", [("approve", "approved"), ("reject", "rejected")])
def test_approve_and_reject_keep_who_and_when(client, app, slug, decision, state):
    question, _v = questions(app, slug)[0]
    data = {"row_version": question.row_version, decision: decision.capitalize()}
    response = client.post(_url(slug, question.key, "/review"), data=data)
    assert response.status_code == 302
    stored, _versions = _question(app, question.key)
    with app.app_context():
        owner = db.session.scalar(sa.select(User).where(User.email == "owner@example.org"))
        assert stored.reviewed_by_id == owner.id
    assert stored.review_state == state and stored.reviewed_at is not None
    assert stored.row_version == question.row_version + 1


def test_editing_the_explanation_changes_the_version_in_place(client, app, slug):
    question, version = questions(app, slug)[0]
    data = _form(question, version, explanation="A clearer explanation.")
    assert client.post(_url(slug, question.key), data=data).status_code == 302
    stored, versions = _question(app, question.key)
    assert [v.version for v in versions] == [1]
    assert versions[0].explanation == "A clearer explanation."
    assert stored.edited and stored.review_state == "approved"


def test_editing_the_prompt_makes_a_new_version_and_old_answers_keep_theirs(client, app, slug):
    question, version = next((q, v) for q, v in questions(app, slug) if v.type == "true_false")
    with app.app_context():
        course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
        course.status = "published"
        db.session.execute(sa.update(Question).values(review_state="approved"))
        db.session.commit()
        student = User(email="s@example.org", display_name="S", role="student")
        student.password_hash = "x"
        db.session.add(student)
        db.session.commit()
        attempt = attempts.start_attempt(student.id, question.lesson_id)
        answer = next(a for a in attempt.answers if a.question_version_id == version.id)
        answer_id = answer.id
    data = _form(question, version, prompt=version.prompt + " (reworded)")
    assert client.post(_url(slug, question.key), data=data).status_code == 302
    _stored, versions = _question(app, question.key)
    assert [(v.version, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert versions[1].prompt.endswith("(reworded)")
    with app.app_context():
        from studyguide.models import AttemptAnswer

        assert db.session.get(AttemptAnswer, answer_id).question_version_id == version.id


def test_evidence_no_longer_in_the_transcript_is_refused_with_the_reason(client, app, slug):
    question, version = questions(app, slug)[0]
    data = _form(question, version, quote="Ingrid builds rockets on the moon.", start_char="")
    response = client.post(_url(slug, question.key), data=data)
    assert response.status_code == 400
    assert "quote not found in transcript" in response.get_data(as_text=True)
    stored, versions = _question(app, question.key)
    assert versions[-1].evidence == version.evidence and not stored.edited
    assert stored.row_version == question.row_version


def test_a_type_check_failure_is_refused_with_the_reason(client, app, slug):
    question, version = next((q, v) for q, v in questions(app, slug) if v.choices)
    data = _form(question, version, answer="Not one of them")
    response = client.post(_url(slug, question.key), data=data)
    assert response.status_code == 400
    assert "is not one of the choices" in response.get_data(as_text=True)
    assert _question(app, question.key)[1][-1].answer == version.answer


def test_a_pasted_quote_at_another_place_is_located(client, app, slug):
    question, version = questions(app, slug)[0]
    passage = "a sharp chisel is safer than a dull one"
    data = _form(question, version, quote=passage, start_char="")
    assert client.post(_url(slug, question.key), data=data).status_code == 302
    evidence = _question(app, question.key)[1][-1].evidence
    assert TALK[evidence["start_char"] : evidence["end_char"]] == passage


def test_the_later_of_two_saves_gets_a_conflict_page_with_both_versions(app, client, slug):
    question, version = questions(app, slug)[0]
    first = _form(question, version, explanation="First instructor's explanation.")
    second = _form(question, version, explanation="Second instructor's explanation.")
    assert client.post(_url(slug, question.key), data=first).status_code == 302
    response = client.post(_url(slug, question.key), data=second)
    assert response.status_code == 409
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert "First instructor's explanation." in page
    assert "Second instructor's explanation." in page
    assert "Nothing of yours was saved" in page
    assert _question(app, question.key)[1][-1].explanation == "First instructor's explanation."
    # A review on the stale version is refused the same way.
    stale = {"row_version": question.row_version, "reject": "Reject"}
    assert client.post(_url(slug, question.key, "/review"), data=stale).status_code == 409
    assert _question(app, question.key)[0].review_state == "approved"


_SAMPLES = {
    "multiple_choice": {"choices": "Scots pine\nOak\nBirch", "answer": "Scots pine"},
    "multiple_select": {"choices": "Scots pine\nOak\nBirch", "answer": "Scots pine\nOak"},
    "true_false": {"answer": "true"},
    "cloze": {"prompt": "For the planks I use ____ pine", "answer": "Scots"},
    "short_answer": {"answer": "Scots pine", "accepted": "pine"},
}


@pytest.mark.parametrize("kind", sorted(QUESTION_TYPES))
def test_write_a_question_of_any_type_from_a_selected_passage(client, app, slug, kind):
    assert set(_SAMPLES) == set(QUESTION_TYPES)  # a new type needs a sample here
    passage = "For the planks I use Scots pine"
    start = TALK.index(passage)
    with app.app_context():
        lesson = db.session.scalars(sa.select(Lesson).order_by(Lesson.position)).first().slug
    data = {
        "lesson": lesson, "type": kind, "prompt": "Which wood goes into the planks?",
        "explanation": "Ingrid says so.", "quote": passage, "start_char": str(start),
        "difficulty": "easy", **_SAMPLES[kind],
    }  # fmt: skip
    response = client.post(f"/teach/courses/{slug}/questions/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    key = response.headers["Location"].rsplit("/", 1)[-1]
    stored, versions = _question(app, key)
    assert stored.source == "instructor" and stored.review_state == "approved"
    assert versions[0].type == kind
    assert versions[0].evidence["start_char"] == start
    assert versions[0].evidence["end_char"] == start + len(passage)


def test_write_a_question_without_js_locates_the_pasted_passage(client, app, slug):
    passage = "Steel rusts in salt water"
    with app.app_context():
        lesson = db.session.scalars(sa.select(Lesson).order_by(Lesson.position)).first().slug
    data = {"lesson": lesson, "type": "true_false", "prompt": "Steel rusts in salt water.",
            "answer": "true", "explanation": "She says so.", "quote": passage,
            "difficulty": "easy"}  # fmt: skip
    response = client.post(f"/teach/courses/{slug}/questions/new", data=data)
    assert response.status_code == 302
    _stored, versions = _question(app, response.headers["Location"].rsplit("/", 1)[-1])
    assert versions[0].evidence["start_char"] == TALK.index(passage)
    refused = client.post(
        f"/teach/courses/{slug}/questions/new", data={**data, "quote": "Steel never rusts"}
    )
    assert refused.status_code == 400
    assert "quote not found in transcript" in refused.get_data(as_text=True)


def test_students_see_only_approved_questions(app, client, slug):
    rows = questions(app, slug)
    # the lesson with the most items (a draft keeps few, good items per lesson: issue 12)
    lesson_id = max(
        {q.lesson_id for q, _v in rows}, key=lambda i: sum(q.lesson_id == i for q, _v in rows)
    )
    in_lesson = [(q, v) for q, v in rows if q.lesson_id == lesson_id]
    assert len(in_lesson) >= 2
    approve, other = in_lesson[0][0], in_lesson[1][0]

    def review(question, button):
        data = {"row_version": question.row_version, button: button}
        assert client.post(_url(slug, question.key, "/review"), data=data).status_code == 302

    def shown_to_a_new_student(email):
        with app.app_context():
            db.session.scalar(sa.select(Course).where(Course.slug == slug)).status = "published"
            student = User(email=email, display_name="S", role="student")
            student.password_hash = "x"
            db.session.add(student)
            db.session.commit()
            attempt = attempts.start_attempt(student.id, lesson_id)
            return {a.question_version.question_id for a in attempt.answers}

    review(approve, "approve")
    assert shown_to_a_new_student("pending@example.org") == {approve.id}  # the other is pending
    review(other, "reject")
    assert shown_to_a_new_student("rejected@example.org") == {approve.id}


def test_acceptance_figures_and_csv(app, client, slug):
    rows = questions(app, slug)
    (q1, _v1), (q2, v2), (q3, _v3) = rows[0], rows[1], rows[2]
    client.post(_url(slug, q1.key, "/review"), data={"row_version": 1, "approve": "Approve"})
    client.post(_url(slug, q2.key), data=_form(q2, v2, explanation="Better."))
    client.post(_url(slug, q3.key, "/review"), data={"row_version": 1, "reject": "Reject"})
    expected: dict[str, list[int]] = {}
    outcomes = ["kept", "edited", "rejected"] + [None] * (len(rows) - 3)
    for (_question, version), outcome in zip(rows, outcomes, strict=True):
        counts = expected.setdefault(version.type, [0, 0, 0, 0, 0])
        counts[0] += 1
        counts[{"kept": 1, "edited": 2, "rejected": 3, None: 4}[outcome]] += 1
    response = client.get(f"/teach/courses/{slug}/acceptance.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0] == ["type", "generated", "kept_as_is", "edited", "rejected", "pending"]
    assert {row[0]: [int(x) for x in row[1:]] for row in table[1:-1]} == expected
    assert table[-1] == ["all", str(len(rows)), "1", "1", "1", str(len(rows) - 3)]
    for url in (f"/teach/courses/{slug}", f"/teach/courses/{slug}/curate"):
        page = client.get(url).get_data(as_text=True)
        assert "Generator acceptance" in page and "acceptance.csv" in page
        assert f"<td>{len(rows)}</td>" in page or len(expected) > 1


def test_question_page_shows_item_analysis_once_students_answer(app, client, slug):
    from tests.cohorts.conftest import take_quiz

    question, version = questions(app, slug)[0]
    page = client.get(_url(slug, question.key)).get_data(as_text=True)
    assert "Item analysis appears here once the course is published" in page
    with app.app_context():
        db.session.scalar(sa.select(Course).where(Course.slug == slug)).status = "published"
        student = User(email="s@example.org", display_name="S", role="student")
        student.password_hash = "x"
        db.session.add(student)
        db.session.flush()
        lesson = db.session.get(Lesson, question.lesson_id)
        take_quiz(student, lesson, {db.session.get(QuestionVersion, version.id): ("x", False)})
        db.session.commit()
    page = client.get(_url(slug, question.key)).get_data(as_text=True)
    assert "Item analysis</h2>" in page
    assert "<dt>Attempts</dt><dd>1</dd>" in page
    assert "(0 correct)" in page

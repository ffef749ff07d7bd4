"""Curate a course's questions in the browser: review (approve, reject), edit, write new ones.

Rules:
- Every save is checked like check-course (services/curation_checks.py): a question whose
  evidence is not verbatim in the transcript, or that its type refuses, is not saved.
- Every save carries the `row_version` the editor saw; the save is a compare-and-set
  (`UPDATE … WHERE row_version = :seen`), and a stale one raises `EditConflict` holding both
  versions, so nothing is overwritten silently.
- Editing follows the importer's versioning rule: a change of what students are graded on
  (type, prompt, choices, answer, accepted) makes a new QuestionVersion, so old answers keep
  theirs; explanation, evidence and difficulty change the current version in place.
- An edit is a decision too: the question becomes approved and `edited`; who and when are
  kept on every decision, so generated questions measure the generator (acceptance.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from studyguide import coursepack
from studyguide.coursepack.serialize import from_dict
from studyguide.errors import Conflict, NotFound, Refused
from studyguide.extensions import db
from studyguide.models import (
    Course,
    CurationState,
    Lesson,
    Question,
    QuestionSource,
    QuestionVersion,
    User,
    utcnow,
)
from studyguide.questiontypes import QUESTION_TYPES
from studyguide.services import teaching, transcript
from studyguide.services._tx import transaction
from studyguide.services.content import skip_ranges
from studyguide.services.curation_checks import check_lesson, lesson_front, locate, question_front
from studyguide.services.importer import content_hash
from studyguide.services.transcript import TranscriptView


class EditConflict(Conflict):
    """Someone saved this item after the editor loaded it; `theirs` is what is stored now."""

    def __init__(self, theirs: dict[str, Any], yours: dict[str, Any], version: int) -> None:
        super().__init__("Someone else saved this in the meantime. Nothing of yours was saved.")
        self.theirs, self.yours, self.version = theirs, yours, version


@dataclass(frozen=True)
class QuestionEdit:
    """What the question editor sent, as text; the type decides what the answer means."""

    type: str
    prompt: str
    answer: str
    explanation: str
    quote: str
    start_char: int | None = None
    choices: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    difficulty: str = "medium"


@dataclass(frozen=True)
class QuestionItem:
    question: Question
    version: QuestionVersion
    lesson: Lesson

    @property
    def answer_text(self) -> str:
        """The right answer as the student's result page words it."""
        return QUESTION_TYPES[self.version.type].correct_answer(self.version)


def claim(model: type[Question] | type[Lesson], row_id: int, seen: int, theirs: Any) -> None:
    """Bump the row's version if it is still `seen`, else raise EditConflict (in a transaction)."""
    result = db.session.execute(
        sa.update(model)
        .where(model.id == row_id, model.row_version == seen)
        .values(row_version=seen + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        stored = db.session.scalar(sa.select(model.row_version).where(model.id == row_id))
        raise EditConflict(theirs(), {}, stored or 0)


def _stored(question_id: int, key: str) -> Any:
    """Return a callable reading the question's current version afresh, for a conflict page."""

    def read() -> dict[str, Any]:
        version = db.session.scalar(
            sa.select(QuestionVersion).where(
                QuestionVersion.question_id == question_id, QuestionVersion.is_current.is_(True)
            )
        )
        return question_front(key, version) if version is not None else {}

    return read


def _current(where: sa.ColumnElement[bool]) -> sa.Select[Question, QuestionVersion]:
    """Select the current questions matching `where` with their current versions, in order."""
    return (
        sa.select(Question, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.question_id == Question.id)
        .where(where, Question.retired_at.is_(None), QuestionVersion.is_current.is_(True))
        .order_by(Question.position, Question.id)
    )


def lesson_fronts(lesson_id: int) -> list[dict[str, Any]]:
    """Return the lesson's current questions as its package file's front matter lists them."""
    rows = db.session.execute(_current(Question.lesson_id == lesson_id))
    return [question_front(question.key, version) for question, version in rows]


def current_lessons(course: Course) -> list[Lesson]:
    """Return the course's lessons that are not retired, in order."""
    return list(
        db.session.scalars(
            sa.select(Lesson)
            .where(Lesson.course_id == course.id, Lesson.retired_at.is_(None))
            .order_by(Lesson.position, Lesson.id)
        )
    )


def question_item(user: User, slug: str, key: str) -> QuestionItem:
    """Return the question `key` of the course `slug` with its current version and lesson.

    Raises:
        NotFound: no such course or question, or `user` may not edit the course.
    """
    wanted = sa.and_(
        Question.course_id == Course.id, Question.key == key, Question.retired_at.is_(None)
    )
    current = sa.and_(QuestionVersion.question_id == Question.id, QuestionVersion.is_current)
    course, question, version, lesson = teaching.editable_course_with(
        user, slug, (Question, wanted), (QuestionVersion, current),
        (Lesson, Lesson.id == Question.lesson_id),
    )  # fmt: skip
    if question is None or version is None:
        raise NotFound("No such question.")
    # The page reads lesson.course: give it the course loaded here, not a second query.
    set_committed_value(lesson, "course", course)
    return QuestionItem(question, version, lesson)


def decide(user: User, slug: str, key: str, seen: int, decision: str) -> Question:
    """Approve or reject the question `key`, keeping who decided and when.

    Raises:
        NotFound: see `question_item`.
        Refused: `decision` is neither "approve" nor "reject".
        EditConflict: the question changed since version `seen`.
    """
    states = {"approve": CurationState.APPROVED, "reject": CurationState.REJECTED}
    if decision not in states:
        raise Refused("Approve or reject the question.")
    item = question_item(user, slug, key)
    question = item.question
    with transaction():
        claim(Question, question.id, seen, _stored(question.id, key))
        question.review_state = states[decision].value
        question.reviewed_by_id = user.id
        question.reviewed_at = utcnow()
        teaching.note_browser_edit(item.lesson.course)
    return question


def edit_question(user: User, slug: str, key: str, seen: int, edit: QuestionEdit) -> Question:
    """Save an edited question after the check-course checks; approve it as edited.

    Raises:
        NotFound: see `question_item`.
        NotGrounded: the evidence is not verbatim, or the question fails its type's checks.
        EditConflict: the question changed since version `seen` (`yours` holds the edit).
    """
    item = question_item(user, slug, key)
    question, lesson = item.question, item.lesson
    transcript = lesson.course.transcript_text
    yours = question_front(key, _values(edit, transcript, strict=False))
    with transaction():
        try:
            claim(Question, question.id, seen, _stored(question.id, key))
        except EditConflict as conflict:
            raise EditConflict(conflict.theirs, yours, conflict.version) from None
        values = _values(edit, transcript)
        _check_with(lesson, key, values, transcript)
        _store_version(question, item.version, values)
        question.edited = True
        question.review_state = CurationState.APPROVED.value
        question.reviewed_by_id, question.reviewed_at = user.id, utcnow()
        teaching.note_browser_edit(lesson.course)
    return question


def new_question(user: User, slug: str, lesson_slug: str, edit: QuestionEdit) -> Question:
    """Write a new question in lesson `lesson_slug` from a transcript passage; approved.

    Raises:
        NotFound: no such course or lesson, or `user` may not edit the course.
        NotGrounded: the passage is not verbatim in the transcript, or a check fails.
    """
    course = teaching.editable_course(user, slug)
    lesson = _lesson(course, lesson_slug)
    with transaction():
        values = _values(edit, course.transcript_text)
        key = _free_key(course, lesson)
        _check_with(lesson, key, values, course.transcript_text)
        position = 1 + (
            db.session.scalar(
                sa.select(sa.func.max(Question.position)).where(Question.lesson_id == lesson.id)
            )
            or 0
        )
        question = Question(
            course_id=course.id,
            lesson_id=lesson.id,
            key=key,
            position=position,
            review_state=CurationState.APPROVED.value,
            reviewed_by_id=user.id,
            reviewed_at=utcnow(),
            source=QuestionSource.INSTRUCTOR.value,
        )
        db.session.add(question)
        db.session.add(_version(question, values, number=1))
        teaching.note_browser_edit(course)
    return question


def mark_generated(course: Course, notes: dict[str, tuple[float, str]]) -> None:
    """Stage the questions of a just-generated draft as pending, with the generator's score
    and reason per question id; the caller (the import job) commits."""
    db.session.flush()
    for question in db.session.scalars(sa.select(Question).where(Question.course_id == course.id)):
        question.source = QuestionSource.GENERATOR.value
        question.review_state = CurationState.PENDING.value
        score, reason = notes.get(question.key, (None, ""))
        question.generator_score, question.generator_reason = score, reason


def _lesson(course: Course, lesson_slug: str) -> Lesson:
    lesson = db.session.scalar(
        sa.select(Lesson).where(
            Lesson.course_id == course.id, Lesson.slug == lesson_slug, Lesson.retired_at.is_(None)
        )
    )
    if lesson is None:
        raise NotFound("No such lesson.")
    return lesson


def _values(edit: QuestionEdit, transcript: str, *, strict: bool = True) -> dict[str, Any]:
    kind = QUESTION_TYPES.get(edit.type)
    if kind is None:
        raise Refused(f"{edit.type!r} is not a question type.")
    if strict:
        start, end = locate(transcript, edit.quote, edit.start_char)
    else:
        start = edit.start_char or 0
        end = start + len(edit.quote)
    return {
        "type": edit.type,
        "prompt": edit.prompt.strip(),
        "choices": list(edit.choices) if kind.takes("choices") else [],
        "answer": kind.answer_from_text(edit.answer),
        "accepted": list(edit.accepted) if kind.takes("accepted") else [],
        "explanation": edit.explanation.strip(),
        "evidence": {"quote": edit.quote, "start_char": start, "end_char": end},
        "difficulty": edit.difficulty,
    }


def _check_with(lesson: Lesson, key: str, values: dict[str, Any], transcript: str) -> None:
    """Check the lesson as it would be with question `key` set to `values`."""
    fronts = lesson_fronts(lesson.id)
    mine = question_front(key, values)
    fronts = [mine if front["id"] == key else front for front in fronts]
    if mine not in fronts:
        fronts.append(mine)
    check_lesson(lesson_front(lesson, fronts), transcript)


def _hash(key: str, values: dict[str, Any]) -> str:
    return content_hash(from_dict(coursepack.Question, question_front(key, values)))


def _store_version(question: Question, current: QuestionVersion, values: dict[str, Any]) -> None:
    digest = _hash(question.key, values)
    if digest == current.content_hash:
        for name in ("explanation", "evidence", "difficulty"):
            setattr(current, name, values[name])
        return
    current.is_current = False
    latest = db.session.scalar(
        sa.select(sa.func.max(QuestionVersion.version)).where(
            QuestionVersion.question_id == question.id
        )
    )
    db.session.add(_version(question, values, number=(latest or 0) + 1))


def _version(question: Question, values: dict[str, Any], number: int) -> QuestionVersion:
    return QuestionVersion(
        question=question,
        version=number,
        is_current=True,
        content_hash=_hash(question.key, values),
        **values,
    )


def _free_key(course: Course, lesson: Lesson) -> str:
    taken = set(db.session.scalars(sa.select(Question.key).where(Question.course_id == course.id)))
    return first_free(taken, lambda n: f"{lesson.slug[:100]}-mine-{n}", 1)


def first_free(taken: set[str], name: Callable[[int], str], n: int) -> str:
    """Return the first of name(n), name(n + 1), … that is not `taken`."""
    while name(n) in taken:
        n += 1
    return name(n)


def form_values(item: QuestionItem) -> dict[str, Any]:
    """Return the question editor's field values for `item`, as text (the type says how)."""
    version = item.version
    kind = QUESTION_TYPES[version.type]
    return {
        "row_version": item.question.row_version,
        "type": version.type,
        "prompt": version.prompt,
        "choices": "\n".join(version.choices),
        "answer": kind.answer_to_text(version.answer),
        "accepted": "\n".join(version.accepted),
        "explanation": version.explanation,
        "quote": version.evidence.get("quote", ""),
        "start_char": str(version.evidence.get("start_char", "")),
        "difficulty": version.difficulty,
    }


@dataclass(frozen=True)
class TranscriptPage:
    course: Course
    view: TranscriptView
    lessons: list[Lesson]

    @property
    def highlight(self) -> tuple[int, int] | None:
        return self.view.highlight


def transcript_page(user: User, slug: str, start: str | None, end: str | None) -> TranscriptPage:
    """Return the transcript of a course `user` edits (drafts too), `start`–`end` marked.

    Raises:
        NotFound: no such course, or `user` may not edit it.
    """
    course = teaching.editable_course(user, slug)
    view = transcript.transcript_view(
        course.transcript_text, skip_ranges(course.transcript_meta or {}), start, end
    )
    return TranscriptPage(course, view, current_lessons(course))

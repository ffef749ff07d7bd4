"""Factories: `make_*(**overrides)` builds a valid object, committed, with sensible defaults."""

import itertools

from werkzeug.security import generate_password_hash

from studyguide.extensions import db
from studyguide.models import Course, Lesson, Question, QuestionVersion, User

DEFAULT_PASSWORD = "a long enough passphrase"
_counter = itertools.count(1)


def make_user(**overrides) -> User:
    n = next(_counter)
    password = overrides.pop("password", DEFAULT_PASSWORD)
    values = {"email": f"user{n}@example.org", "display_name": f"User {n}", "role": "student"}
    values.update(overrides)
    values["email"] = User.normalize_email(values["email"])
    user = User(**values)
    # Cheap scrypt parameters: a test logs in often; the real cost is tested through the forms.
    user.password_hash = generate_password_hash(password, method="scrypt:1024:8:1")
    db.session.add(user)
    db.session.commit()
    return user


def make_course(**overrides) -> Course:
    n = next(_counter)
    text = overrides.pop(
        "transcript_text",
        "Why did you go abroad? I went abroad because my mentor supported it. "
        "Is a PhD worth it? A PhD teaches you to do research independently.",
    )
    values = {
        "slug": f"course-{n}",
        "title": f"Course {n}",
        "description": "A test course.",
        "transcript_file": "transcript.txt",
        "transcript_title": "A test interview",
        "transcript_text": text,
        "transcript_meta": {},
    }
    values.update(overrides)
    course = Course(**values)
    db.session.add(course)
    db.session.commit()
    return course


def make_lesson(course: Course | None = None, **overrides) -> Lesson:
    course = course or make_course()
    n = next(_counter)
    values = {
        "course_id": course.id,
        "slug": f"lesson-{n}",
        "position": n,
        "title": f"Lesson {n}",
        "objectives": ["Explain the point of the lesson."],
        "segments": [{"start_char": 0, "end_char": len(course.transcript_text), "title": "All"}],
        "takeaways": [],
        "quotes": [],
        "reflection_prompts": [],
        "summary_markdown": "A summary.",
        "summary_html": "<p>A summary.</p>",
    }
    values.update(overrides)
    lesson = Lesson(**values)
    db.session.add(lesson)
    db.session.commit()
    return lesson


def make_question(lesson: Lesson | None = None, **overrides) -> QuestionVersion:
    """Create a question with one current version and return that version."""
    lesson = lesson or make_lesson()
    n = next(_counter)
    question = Question(
        course_id=lesson.course_id,
        lesson_id=lesson.id,
        key=overrides.pop("key", f"q-{n}"),
        position=overrides.pop("position", n),
    )
    db.session.add(question)
    db.session.flush()
    values = {
        "question_id": question.id,
        "version": 1,
        "is_current": True,
        "type": "multiple_choice",
        "prompt": f"Question {n}?",
        "choices": ["Right", "Wrong", "Also wrong"],
        "answer": "Right",
        "accepted": [],
        "explanation": "Because the transcript says so.",
        "evidence": {
            "quote": "I went abroad",
            "start_char": 23,
            "end_char": 36,
            "start_time": None,
        },
        "difficulty": "easy",
        "content_hash": f"hash-{n}",
    }
    values.update(overrides)
    version = QuestionVersion(**values)
    db.session.add(version)
    db.session.commit()
    return version


def make_read(user: User, lesson: Lesson, **overrides):
    """Record that `user` read `lesson` (read_at defaults to now)."""
    from studyguide.models import LessonRead

    read = LessonRead(user_id=user.id, lesson_id=lesson.id, **overrides)
    db.session.add(read)
    db.session.commit()
    return read


def make_graded_attempt(
    user: User, lesson: Lesson, score: float = 1.0, graded_at=None, total: int = 10
):
    """Create a submitted attempt at `lesson`'s quiz, graded `score` (at `graded_at`, or now)."""
    # Imported here: factories are appended by several people, the imports above stay as they are.
    from studyguide.models import Attempt, AttemptGrade, utcnow

    graded_at = graded_at or utcnow()
    attempt = Attempt(
        user_id=user.id,
        lesson_id=lesson.id,
        state="submitted",
        started_at=graded_at,
        submitted_at=graded_at,
    )
    db.session.add(attempt)
    db.session.flush()
    db.session.add(
        AttemptGrade(
            attempt_id=attempt.id,
            user_id=user.id,
            lesson_id=lesson.id,
            correct=round(score * total),
            total=total,
            score=score,
            graded_at=graded_at,
        )
    )
    db.session.commit()
    return attempt


# One question of every type, as the quiz tests use them: (type, extra fields).
QUIZ_QUESTIONS = (
    ("multiple_choice", {"choices": ["Right", "Wrong", "Also wrong"], "answer": "Right"}),
    (
        "multiple_select",
        {"choices": ["Mentor", "Funding", "Weather", "Luck"], "answer": ["Mentor", "Funding"]},
    ),
    ("true_false", {"choices": [], "answer": True}),
    ("cloze", {"prompt": "I went ____ because", "choices": [], "answer": "abroad"}),
    (
        "short_answer",
        {"choices": [], "answer": "independent research", "accepted": ["research"]},
    ),
)


def make_quiz(lesson: Lesson | None = None) -> list[QuestionVersion]:
    """Create one question of every type in `lesson` (a new one by default), in that order."""
    lesson = lesson or make_lesson()
    return [
        make_question(lesson, type=kind, position=position, **fields)
        for position, (kind, fields) in enumerate(QUIZ_QUESTIONS, start=1)
    ]

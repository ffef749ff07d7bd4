"""Importing course packages: create, reload idempotently, version, retire, refuse."""

import dataclasses
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from studyguide import coursepack
from studyguide.coursepack import Evidence, Problem
from studyguide.coursepack.writer import write_documents
from studyguide.extensions import db as _db
from studyguide.models import (
    Attempt,
    AttemptAnswer,
    Course,
    Lesson,
    Question,
    QuestionVersion,
)
from studyguide.services.importer import (
    ImportRefused,
    LoadReport,
    content_hash,
    load_all,
    load_package,
)
from tests.factories import make_user

REPO_ROOT = Path(__file__).resolve().parents[2]

TRANSCRIPT = (
    "Interviewer: Why did you go abroad?\n"
    "Ada: I went abroad because my mentor supported it. I moved to Boston in 1999.\n"
    "Interviewer: Is a PhD worth it?\n"
    "Ada: A PhD teaches you to do research independently.\n"
    "Interviewer: Any advice?\n"
    "Ada: Go abroad, learn, and then come back.\n"
)
CONTENT_TABLES = ("courses", "lessons", "questions", "question_versions")
PROGRESS_TABLES = ("attempts", "attempt_answers", "attempt_grades", "lesson_reads")


def evidence(quote: str) -> dict[str, Any]:
    start = TRANSCRIPT.index(quote)
    return {"quote": quote, "start_char": start, "end_char": start + len(quote)}


def lesson(slug: str, title: str, quote: str, questions: list[dict[str, Any]]) -> dict[str, Any]:
    start = TRANSCRIPT.index(quote)
    return {
        "slug": slug,
        "title": title,
        "objectives": [f"Explain {title.lower()}"],
        "segments": [{"start_char": start, "end_char": start + len(quote), "title": title}],
        "takeaways": [{"text": f"About {title.lower()}.", "evidence": evidence(quote)}],
        "quotes": [{"text": quote, "start_char": start, "end_char": start + len(quote)}],
        "questions": questions,
        "body": f"Ada talks about **{title.lower()}**.",
    }


def question(qid: str, qtype: str, prompt: str, answer: Any, quote: str, **extra) -> dict:
    return {
        "id": qid,
        "type": qtype,
        "prompt": prompt,
        **extra,
        "answer": answer,
        "explanation": f"Ada says: {quote}",
        "evidence": evidence(quote),
        "difficulty": "easy",
    }


ABROAD = "I went abroad because my mentor supported it."
BOSTON = "I moved to Boston in 1999."
PHD = "A PhD teaches you to do research independently."
ADVICE = "Go abroad, learn, and then come back."


def course_doc() -> dict[str, Any]:
    return {
        "slug": "careers",
        "title": "Careers",
        "description": "A small course for the importer tests.",
        "transcript": {"file": "transcript.txt", "title": "Ada", "speakers": ["Ada"]},
    }


def lesson_docs() -> list[dict[str, Any]]:
    return [
        lesson(
            "abroad",
            "Going abroad",
            ABROAD,
            [
                question(
                    "abroad-why",
                    "multiple_choice",
                    "Why did Ada go abroad?",
                    "Her mentor supported it",
                    ABROAD,
                    choices=["Her mentor supported it", "Money", "Weather"],
                ),
                question("abroad-year", "short_answer", "When?", "1999", BOSTON, accepted=[]),
            ],
        ),
        lesson(
            "phd",
            "The PhD",
            PHD,
            [
                question(
                    "phd-cloze",
                    "cloze",
                    "A PhD teaches you to do ____ independently.",
                    "research",
                    PHD,
                    accepted=["science"],
                ),
                question("phd-tf", "true_false", "A PhD teaches independence.", True, PHD),
            ],
        ),
        lesson(
            "advice",
            "Advice",
            ADVICE,
            [
                question(
                    "advice-steps",
                    "multiple_select",
                    "Which steps does Ada advise?",
                    ["Go abroad", "Learn", "Come back"],
                    ADVICE,
                    choices=["Go abroad", "Learn", "Come back", "Stay away"],
                ),
            ],
        ),
    ]


class Package:
    """A course package on disk, built from dicts that a test edits and writes again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.course = course_doc()
        self.lessons = lesson_docs()
        self.write()

    def write(self) -> Path:
        course = {**self.course, "lessons": [doc["slug"] for doc in self.lessons]}
        write_documents(self.path, course, self.lessons, TRANSCRIPT.encode("utf-8"))
        return self.path

    def question(self, qid: str) -> dict[str, Any]:
        return next(q for doc in self.lessons for q in doc["questions"] if q["id"] == qid)

    def lesson(self, slug: str) -> dict[str, Any]:
        return next(doc for doc in self.lessons if doc["slug"] == slug)


@pytest.fixture
def package(tmp_path: Path) -> Package:
    return Package(tmp_path / "careers")


def rows(table: str) -> list[tuple]:
    """Every row of a table, as the database has it now."""
    columns = _db.metadata.tables[table]
    return [tuple(r) for r in _db.session.execute(sa.select(columns).order_by(columns.c.id))]


def row(table: str, row_id: int) -> dict[str, Any]:
    columns = _db.metadata.tables[table]
    found = _db.session.execute(sa.select(columns).where(columns.c.id == row_id)).one()
    return dict(found._mapping)


def snapshot(tables=CONTENT_TABLES + PROGRESS_TABLES) -> dict[str, list[tuple]]:
    _db.session.expire_all()
    return {table: rows(table) for table in tables}


@contextmanager
def writes() -> Iterator[list[str]]:
    """Collect every INSERT, UPDATE or DELETE sent to the database inside the block."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if re.match(r"\s*(INSERT|UPDATE|DELETE)\b", statement, re.IGNORECASE):
            seen.append(statement)

    sa.event.listen(_db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(_db.engine, "before_cursor_execute", record)


def versions(key: str) -> list[QuestionVersion]:
    return list(
        _db.session.scalars(
            sa.select(QuestionVersion)
            .join(Question)
            .where(Question.key == key)
            .order_by(QuestionVersion.version)
        )
    )


def get_question(key: str) -> Question:
    return _db.session.scalars(sa.select(Question).where(Question.key == key)).one()


def get_lesson(slug: str) -> Lesson:
    return _db.session.scalars(sa.select(Lesson).where(Lesson.slug == slug)).one()


def reload(package: Package) -> LoadReport:
    report = load_package(package.write())
    _db.session.expire_all()
    return report


# --- first load -------------------------------------------------------------------------


def test_load_creates_course_lessons_and_questions(db, package):
    report = load_package(package.path)

    assert report.course == "created"
    assert report.lessons_added == ("abroad", "phd", "advice")
    assert report.questions_added == (
        "abroad-why",
        "abroad-year",
        "phd-cloze",
        "phd-tf",
        "advice-steps",
    )
    assert report.changed
    assert not report.questions_versioned + report.questions_retired + report.lessons_retired

    course = db.session.scalars(sa.select(Course)).one()
    assert (course.slug, course.title, course.status) == ("careers", "Careers", "published")
    assert course.transcript_text == TRANSCRIPT
    assert course.transcript_meta["speakers"] == ["Ada"]
    assert [(lsn.slug, lsn.position) for lsn in course.lessons] == [
        ("abroad", 1),
        ("phd", 2),
        ("advice", 3),
    ]
    abroad = course.lessons[0]
    assert abroad.summary_markdown == "Ada talks about **going abroad**."
    assert abroad.summary_html == "<p>Ada talks about <strong>going abroad</strong>.</p>"
    assert abroad.takeaways[0]["evidence"]["quote"] == ABROAD
    assert abroad.retired_at is None

    [steps] = versions("advice-steps")
    assert (steps.version, steps.is_current, steps.type) == (1, True, "multiple_select")
    assert steps.answer == ["Go abroad", "Learn", "Come back"]
    assert re.fullmatch(r"[0-9a-f]{64}", steps.content_hash)
    assert versions("phd-tf")[0].answer is True
    assert versions("phd-cloze")[0].accepted == ["science"]
    assert get_question("phd-tf").lesson_id == get_lesson("phd").id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuestionVersion)) == 5


def test_loading_the_same_package_twice_writes_nothing(db, package):
    with writes() as first_load:
        load_package(package.path)
    assert first_load  # the probe does see writes
    before = snapshot()
    updated_at = db.session.scalars(sa.select(Course.updated_at)).one()

    with writes() as statements:
        report = load_package(package.path)

    assert statements == []
    assert snapshot() == before
    assert db.session.scalars(sa.select(Course.updated_at)).one() == updated_at
    assert not report.changed
    assert report.course == "unchanged"
    assert report.lessons_unchanged == ("abroad", "phd", "advice")
    assert len(report.questions_unchanged) == 5
    assert report.summary() == "careers: unchanged (3 lessons, 5 questions)"


def test_loading_the_fixture_package_twice_is_idempotent(db, tmp_path):
    path = tmp_path / "valid"
    shutil.copytree(REPO_ROOT / "tests" / "coursepack" / "fixtures" / "valid", path)
    first = load_package(path)
    before = snapshot()
    with writes() as statements:
        second = load_package(path)
    assert first.course == "created" and first.questions_added
    assert statements == [] and snapshot() == before and not second.changed


def test_content_hash_is_stable_and_ignores_explanation_evidence_and_difficulty():
    doc = coursepack.Question(
        id="q",
        type="multiple_select",
        prompt="Pick \u2013 two",
        choices=("a", "b", "c"),
        answer=("a", "b"),
        accepted=(),
        explanation="Because.",
        evidence=Evidence("a", 0, 1),
        difficulty="easy",
    )
    # Pinned: a change in how the hash is computed would give every question a new version.
    expected = "4de474467ee96d28cb2d36abd081bccd3e10e6cf4e15b8d5e1b9050f0fd6eb07"
    assert content_hash(doc) == expected
    edited = dataclasses.replace(
        doc, explanation="Other.", evidence=Evidence("b", 1, 2), difficulty="hard", version=3
    )
    assert content_hash(edited) == expected
    assert content_hash(dataclasses.replace(doc, answer=("b", "a"))) != expected


# --- reloading an edited package --------------------------------------------------------


def _set(key: str, value: Any, qid: str = "abroad-why") -> Callable[[Package], None]:
    def edit(package: Package) -> None:
        package.question(qid)[key] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "qid", "outcome"),
    [
        pytest.param(_set("prompt", "Why did Ada leave?"), "abroad-why", "versioned", id="prompt"),
        pytest.param(_set("answer", "Money"), "abroad-why", "versioned", id="answer"),
        pytest.param(
            _set("choices", ["Her mentor supported it", "Money", "Snow"]),
            "abroad-why",
            "versioned",
            id="choices",
        ),
        pytest.param(
            _set("accepted", ["sciences"], qid="phd-cloze"), "phd-cloze", "versioned", id="accepted"
        ),
        pytest.param(_set("answer", False, qid="phd-tf"), "phd-tf", "versioned", id="true-false"),
        pytest.param(
            _set("answer", ["Go abroad", "Learn"], qid="advice-steps"),
            "advice-steps",
            "versioned",
            id="select-answers",
        ),
        pytest.param(_set("explanation", "Clearer."), "abroad-why", "updated", id="explanation"),
        pytest.param(_set("difficulty", "hard"), "abroad-why", "updated", id="difficulty"),
        pytest.param(
            _set("evidence", evidence("my mentor supported it")),
            "abroad-why",
            "updated",
            id="evidence",
        ),
        # `version` in the file is informational; the database versions questions itself.
        pytest.param(_set("version", 7), "abroad-why", "unchanged", id="version-field"),
    ],
)
def test_reload_versions_exactly_when_graded_content_changes(db, package, edit, qid, outcome):
    load_package(package.path)
    [original] = versions(qid)
    original_id, original_hash = original.id, original.content_hash
    original_row = row("question_versions", original_id)
    edit(package)

    report = reload(package)

    assert report.course == "unchanged"
    assert report.lessons_unchanged == ("abroad", "phd", "advice")
    assert report.questions_versioned == ((qid,) if outcome == "versioned" else ())
    assert report.questions_updated == ((qid,) if outcome == "updated" else ())
    all_ids = {q["id"] for doc in package.lessons for q in doc["questions"]}
    assert set(report.questions_unchanged) == all_ids - ({qid} if outcome != "unchanged" else set())
    after = versions(qid)
    if outcome == "versioned":
        assert [(v.id, v.version, v.is_current) for v in after] == [
            (original_id, 1, False),
            (after[1].id, 2, True),
        ]
        assert after[1].content_hash != original_hash
        # The old version keeps exactly what students answered; only is_current flipped.
        old_row = row("question_versions", original_id)
        changed = {key for key in original_row if original_row[key] != old_row[key]}
        assert changed == {"is_current"}
    else:
        assert [(v.id, v.version, v.is_current) for v in after] == [(original_id, 1, True)]
        assert after[0].content_hash == original_hash


def test_edit_in_place_updates_the_current_version(db, package):
    load_package(package.path)
    package.question("abroad-why")["explanation"] = "A clearer explanation."
    package.question("abroad-why")["difficulty"] = "medium"

    reload(package)

    [current] = versions("abroad-why")
    assert (current.explanation, current.difficulty) == ("A clearer explanation.", "medium")


def test_second_change_makes_a_third_version(db, package):
    load_package(package.path)
    package.question("abroad-why")["prompt"] = "Why did Ada leave?"
    reload(package)
    package.question("abroad-why")["prompt"] = "Why did Ada go abroad?"  # back to the old one

    report = reload(package)

    assert report.questions_versioned == ("abroad-why",)
    assert [(v.version, v.is_current, v.prompt) for v in versions("abroad-why")] == [
        (1, False, "Why did Ada go abroad?"),
        (2, False, "Why did Ada leave?"),
        (3, True, "Why did Ada go abroad?"),
    ]


def test_removed_question_is_retired_and_comes_back(db, package):
    load_package(package.path)
    removed = package.lesson("abroad")["questions"].pop()  # abroad-year

    report = reload(package)

    assert report.questions_retired == ("abroad-year",)
    assert get_question("abroad-year").retired_at is not None
    assert len(versions("abroad-year")) == 1  # kept, not deleted

    package.lesson("abroad")["questions"].append(removed)
    report = reload(package)

    assert report.questions_updated == ("abroad-year",)
    assert get_question("abroad-year").retired_at is None
    assert len(versions("abroad-year")) == 1


def test_retired_stays_retired_without_rewriting(db, package):
    load_package(package.path)
    package.lesson("abroad")["questions"].pop()
    reload(package)
    retired_at = get_question("abroad-year").retired_at
    before = snapshot()

    with writes() as statements:
        report = reload(package)

    assert statements == [] and snapshot() == before and not report.changed
    assert get_question("abroad-year").retired_at == retired_at


def test_removed_lesson_is_retired_with_its_questions_and_comes_back(db, package):
    load_package(package.path)
    removed = package.lessons.pop(1)  # phd

    report = reload(package)

    assert report.lessons_retired == ("phd",)
    assert set(report.questions_retired) == {"phd-cloze", "phd-tf"}
    assert get_lesson("phd").retired_at is not None
    assert get_lesson("advice").position == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Lesson)) == 3

    package.lessons.insert(1, removed)
    report = reload(package)

    assert set(report.lessons_updated) == {"phd", "advice"}  # restored; moved back to 3
    assert get_lesson("phd").retired_at is None
    assert get_question("phd-tf").retired_at is None


def test_moved_question_changes_lesson_without_a_new_version(db, package):
    load_package(package.path)
    moved = package.lesson("abroad")["questions"].pop(0)  # abroad-why
    package.lesson("advice")["questions"].insert(0, moved)

    report = reload(package)

    assert "abroad-why" in report.questions_updated
    assert report.questions_versioned == ()
    question_row = get_question("abroad-why")
    assert (question_row.lesson_id, question_row.position) == (get_lesson("advice").id, 1)
    assert get_question("advice-steps").position == 2
    assert len(versions("abroad-why")) == 1


def test_reordered_lessons_get_new_positions(db, package):
    load_package(package.path)
    package.lessons.reverse()

    report = reload(package)

    assert set(report.lessons_updated) == {"abroad", "advice"}
    order = db.session.scalars(sa.select(Lesson.slug).order_by(Lesson.position)).all()
    assert order == ["advice", "phd", "abroad"]


def test_course_and_lesson_edits_update_in_place(db, package):
    load_package(package.path)
    course = db.session.scalars(sa.select(Course)).one()
    course_id, updated_at = course.id, course.updated_at
    package.course["title"] = "Careers, revised"
    package.lesson("phd")["body"] = "New <script>alert(1)</script>summary."

    report = reload(package)

    assert report.course == "updated" and report.lessons_updated == ("phd",)
    course = db.session.scalars(sa.select(Course)).one()
    assert (course.id, course.title) == (course_id, "Careers, revised")
    assert course.updated_at > updated_at
    assert get_lesson("phd").summary_html == "<p>New summary.</p>"


# --- students' facts --------------------------------------------------------------------


def _answer_question(key: str, response: Any) -> tuple[int, int]:
    """Record a submitted attempt that answered the current version of `key`."""
    user = make_user()
    question_row = get_question(key)
    attempt = Attempt(user_id=user.id, lesson_id=question_row.lesson_id, state="submitted")
    [version] = [v for v in versions(key) if v.is_current]
    _db.session.add(attempt)
    _db.session.add(
        AttemptAnswer(attempt=attempt, question_version_id=version.id, response=response)
    )
    _db.session.commit()
    return attempt.id, version.id


def test_answers_given_before_a_reload_keep_their_version(db, package):
    load_package(package.path)
    attempt_id, v1_id = _answer_question("abroad-why", "Money")
    progress_before = snapshot(PROGRESS_TABLES)
    package.question("abroad-why")["prompt"] = "Why did Ada really go abroad?"
    package.lessons.pop()  # the advice lesson and its question are retired too

    reload(package)

    assert snapshot(PROGRESS_TABLES) == progress_before
    answer = db.session.scalars(
        sa.select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id)
    ).one()
    assert answer.question_version_id == v1_id
    assert answer.question_version.prompt == "Why did Ada go abroad?"
    assert not answer.question_version.is_current
    assert [v.prompt for v in versions("abroad-why") if v.is_current] == [
        "Why did Ada really go abroad?"
    ]


def test_attempts_on_a_retired_lesson_survive(db, package):
    load_package(package.path)
    _answer_question("advice-steps", ["Go abroad"])
    progress_before = snapshot(PROGRESS_TABLES)
    package.lessons.pop()

    reload(package)

    assert snapshot(PROGRESS_TABLES) == progress_before
    assert get_lesson("advice").retired_at is not None


# --- refusing broken packages -----------------------------------------------------------


def test_broken_package_is_refused_and_changes_nothing(db, package):
    load_package(package.path)
    before = snapshot()
    package.question("abroad-why")["answer"] = "Paris"  # not one of the choices
    package.question("abroad-why")["prompt"] = "A changed prompt that must not be stored"
    package.lesson("phd")["quotes"][0]["text"] = "Words Ada never said."

    with writes() as statements, pytest.raises(ImportRefused) as refused:
        reload(package)

    assert statements == []
    assert snapshot() == before
    lines = [str(problem) for problem in refused.value.problems]
    assert any(
        line.startswith("lessons/abroad.md: questions[0].answer: ") and "Paris" in line
        for line in lines
    ), lines
    assert any(line.startswith("lessons/phd.md: quotes[0]") for line in lines), lines


def test_broken_first_load_creates_nothing(db, package):
    (package.path / "transcript.txt").write_text("Something else entirely.", encoding="utf-8")

    with pytest.raises(ImportRefused) as refused:
        load_package(package.path)

    assert refused.value.problems
    assert all(rows == [] for rows in snapshot().values())


def test_missing_folder_is_refused(db, tmp_path):
    with pytest.raises(ImportRefused) as refused:
        load_package(tmp_path / "nowhere")
    assert "not found" in str(refused.value)


# --- load_all ---------------------------------------------------------------------------


def test_load_all_loads_every_package_folder(db, tmp_path):
    courses = tmp_path / "courses"
    Package(courses / "careers")
    second = Package(courses / "other")
    second.course["slug"] = "other"
    second.write()
    (courses / "notes").mkdir()  # no course.yaml: not a package
    (courses / "README.md").write_text("not a package", encoding="utf-8")

    reports = load_all(courses)

    assert [(r.course_slug, r.course) for r in reports] == [
        ("careers", "created"),
        ("other", "created"),
    ]
    assert [r.changed for r in load_all(courses)] == [False, False]


@pytest.mark.parametrize("make", [lambda root: root, lambda root: root / "missing"])
def test_load_all_with_nothing_to_load_returns_nothing(db, tmp_path, make):
    assert load_all(make(tmp_path)) == []


def test_load_all_is_all_or_nothing(db, tmp_path):
    courses = tmp_path / "courses"
    Package(courses / "a-good")
    bad = Package(courses / "b-bad")
    bad.course["slug"] = "bad"
    bad.question("phd-tf")["answer"] = "yes"
    bad.write()

    with pytest.raises(ImportRefused) as refused:
        load_all(courses)

    assert all(problem.file.startswith("b-bad/") for problem in refused.value.problems)
    assert all(rows == [] for rows in snapshot().values())


def test_load_all_refuses_two_packages_with_one_slug(db, tmp_path):
    courses = tmp_path / "courses"
    Package(courses / "one")
    Package(courses / "two")

    with pytest.raises(ImportRefused) as refused:
        load_all(courses)

    assert refused.value.problems == [
        Problem("two/course.yaml", "slug", "'careers' is also the slug of one/")
    ]
    assert snapshot(["courses"]) == {"courses": []}


def test_curated_courses_load_without_problems_and_reload_unchanged(db):
    courses = REPO_ROOT / "data" / "courses"

    reports = load_all(courses)

    assert reports, f"no course packages in {courses}"
    assert all(report.course == "created" and report.questions_added for report in reports)
    with writes() as statements:
        again = load_all(courses)
    assert statements == []
    assert [report.changed for report in again] == [False] * len(reports)

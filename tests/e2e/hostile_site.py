"""A site full of hostile content (issue 15): every XSS payload of tests/data/xss-payloads.txt
in every place a person can write, seeded through the services into the live server's database.

- a course package (`hostile_package`): title, description, lesson titles, objectives,
  takeaways, quotes, reflection prompts, question prompts, choices and explanations, the
  lesson Markdown, and the transcript itself hold the payloads; loaded by `load_package`, and
  zipped for the browser test to send through the real upload form;
- display names of the students and the editor, a cohort's name;
- an import job whose title and transcript are payloads, run by the real import service;
- attempts answered with payload choices, and a takeaway kept for review.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from studyguide.extensions import db
from studyguide.models import Course, ImportJob, Lesson, Question, ReviewLog
from studyguide.services import attempts, cohorts, import_jobs, review, teaching
from studyguide.services.importer import load_package
from tests.factories import make_user

REPO = Path(__file__).resolve().parents[2]
PAYLOADS = (REPO / "tests" / "data" / "xss-payloads.txt").read_text(encoding="utf-8").splitlines()
VALID = REPO / "tests" / "coursepack" / "fixtures" / "valid"
PASSWORD = "a long enough passphrase"
STUDENT = "xss-student@example.org"
EDITOR = "xss-editor@example.org"


def _front_and_body(path: Path) -> tuple[dict[str, Any], str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def _write_lesson(path: Path, front: dict[str, Any], body: str) -> None:
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")


def hostile_package(root: Path, slug: str) -> Path:
    """Write the valid fixture package with every payload put into it, as `slug`."""
    shutil.copytree(VALID, root)
    original = (root / "transcript.txt").read_text(encoding="utf-8")
    transcript = original + "\n" + "\n".join(PAYLOADS) + "\n"
    (root / "transcript.txt").write_text(transcript, encoding="utf-8")

    def evidence(payload: str) -> dict[str, Any]:
        start = transcript.index(payload, len(original))
        return {"quote": payload, "start_char": start, "end_char": start + len(payload)}

    course = yaml.safe_load((root / "course.yaml").read_text(encoding="utf-8"))
    course.update(slug=slug, title=PAYLOADS[0], description="\n".join(PAYLOADS[1:6]))
    (root / "course.yaml").write_text(
        yaml.safe_dump(course, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    front, _body = _front_and_body(root / "lessons" / "advice.md")
    front["title"] = PAYLOADS[2]
    front["objectives"] = list(PAYLOADS)  # copies: a shared list would dump as a YAML alias
    front["takeaways"] = [{"text": p, "evidence": {**evidence(p), "start_time": None}}
                          for p in PAYLOADS]  # fmt: skip
    front["quotes"] = [{**evidence(p), "text": p, "start_time": None} for p in PAYLOADS]
    for quote in front["quotes"]:
        del quote["quote"]
    front["reflection_prompts"] = list(PAYLOADS)
    for k, question in enumerate(front["questions"]):
        question["explanation"] = PAYLOADS[-1 - k]
    front["questions"].append(_payload_question(evidence(PAYLOADS[3])))
    _write_lesson(root / "lessons" / "advice.md", front, "\n\n".join(PAYLOADS) + "\n")
    return root


def _payload_question(found: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "payload-choices",
        "type": "multiple_choice",
        "prompt": PAYLOADS[0] + " " + PAYLOADS[2],
        "choices": PAYLOADS[10:14],
        "answer": PAYLOADS[10],
        "explanation": PAYLOADS[4],
        "evidence": {**found, "start_time": None},
        "difficulty": "easy",
    }


def zipped(root: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, str(path.relative_to(root)))
    return buffer.getvalue()


def _user(email: str, name: str, role: str = "student"):
    return make_user(email=email, display_name=name[:200], role=role, password=PASSWORD)


def seed(workdir: Path) -> dict[str, Any]:
    """Seed the hostile site (inside an app context); return the ids the pages need."""
    package = hostile_package(workdir / "hostile-pkg", "hostile")
    load_package(package)
    course = db.session.scalars(sa.select(Course).where(Course.slug == "hostile")).one()
    editor = _user(EDITOR, PAYLOADS[26], role="instructor")
    teaching.make_creator_editor(course, editor)
    db.session.commit()
    student = _user(STUDENT, PAYLOADS[2])
    classmates = [_user(f"xss-{k}@example.org", p) for k, p in enumerate(PAYLOADS[:12])]
    cohort = cohorts.create_cohort(editor, course.id, PAYLOADS[5], None)
    for member in (student, *classmates[:6]):
        _join(cohort.id, member.id)
    lesson = db.session.scalars(
        sa.select(Lesson).where(Lesson.course_id == course.id, Lesson.slug == "advice")
    ).one()
    attempt = _answered_attempt(student.id, lesson.id)
    review.remember_takeaway(student.id, lesson.id, 1)
    job = _import_job(editor.id)
    log_id = db.session.scalar(
        sa.select(sa.func.min(ReviewLog.id)).where(ReviewLog.user_id == student.id)
    )
    question_id = db.session.scalar(
        sa.select(Question.id).where(
            Question.course_id == course.id, Question.key == "payload-choices"
        )
    )
    return {
        "lesson_id": lesson.id,
        "attempt_id": attempt,
        "cohort_id": cohort.id,
        "student_id": student.id,
        "question_id": question_id,
        "log_id": log_id,
        "job_id": job.id,
        "draft_slug": job.course.slug if job.course else None,
    }


def _join(cohort_id: int, user_id: int) -> None:
    from studyguide.models import CohortMember

    db.session.add(CohortMember(cohort_id=cohort_id, user_id=user_id))
    db.session.commit()


def _answered_attempt(student_id: int, lesson_id: int) -> int:
    attempt = attempts.start_attempt(student_id, lesson_id)
    versions = [answer.question_version for answer in attempt.answers]
    responses = {v.id: v.choices[-1] for v in versions if v.type == "multiple_choice" and v.choices}
    attempts.submit_attempt(student_id, attempt.id, responses)
    return attempt.id


def _import_job(editor_id: int) -> ImportJob:
    # A plain opening first: the format check reads the first 2,000 characters, and a talk
    # that opens with "<body" is taken for an HTML page, which is refused.
    opening = (
        "Host: Why did you start restoring wooden boats?\n"
        "Guest: My grandfather kept an old rowing boat, and I learned to caulk its seams.\n"
    ) * 30
    talk = opening + "".join(
        f"Host: What about {payload}?\nGuest: I think {payload} is a fine thing to discuss.\n"
        for payload in PAYLOADS
    )
    job = ImportJob(
        user_id=editor_id,
        title=PAYLOADS[1],
        source_name="talk.txt",
        source_text=talk,
        options={"host": "Host", "guests": ["Guest"]},
    )
    db.session.add(job)
    db.session.commit()
    import_jobs.run_job(job.id)
    return db.session.get_one(ImportJob, job.id)

"""New courses from a transcript: submit a job, run it in a worker, show how far it got.

`submit_transcript` checks the upload at once (empty, binary, unknown format, too large, no
sentences: each its message, nothing written) and queues an `ImportJob`; the queue's consumer
calls `run_job`, which generates the draft stage by stage, refreshing the job's stage and
heartbeat, and then creates the draft course, its editor and the job's "done" in one
transaction — so a failure at any point leaves no half-made course. A running job whose
heartbeat is older than IMPORT_STALE_SECONDS (its worker was killed) is shown failed, never
"running" forever.
"""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import redis
import sqlalchemy as sa
from flask import current_app

from studyguide.coursepack import CoursePackage, write_package
from studyguide.errors import NotFound, Refused
from studyguide.extensions import db
from studyguide.generator import GenerateError, GenerateOptions, generate
from studyguide.generator.export import to_package
from studyguide.generator.ingest import decode, ingest
from studyguide.generator.pipeline import learnable_sentences
from studyguide.generator.textutil import slugify
from studyguide.models import Course, ImportJob, JobState, User, utcnow
from studyguide.services import curation, teaching
from studyguide.services._tx import transaction
from studyguide.services.importer import ImportRefused, read_checked, stage_package

ACCEPTED_SUFFIXES = (".txt", ".srt", ".vtt", ".md")
_TRANSCRIPT_FILE = {"srt": "transcript.srt", "vtt": "transcript.vtt"}


@dataclass(frozen=True)
class TranscriptUpload:
    """What the new-course form sent: a file's bytes (or pasted text) and the options."""

    title: str
    data: bytes
    filename: str  # "pasted.txt" for pasted text
    host: str = ""
    guests: tuple[str, ...] = ()


def max_transcript_bytes() -> int:
    return int(current_app.config.get("IMPORT_MAX_BYTES", GenerateOptions().max_file_bytes))


def submit_transcript(user: User, upload: TranscriptUpload) -> ImportJob:
    """Check the transcript and queue its generation; return the queued job.

    Raises:
        NotFound: `user` is not an instructor.
        Refused: the name, size or content is not a transcript; nothing was written.
    """
    if not user.is_instructor:
        raise NotFound("No such page.")
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise Refused(f"{upload.filename} is not a transcript: upload a .txt, .srt, .vtt or .md")
    limit = max_transcript_bytes()
    if len(upload.data) > limit:
        raise Refused(
            f"{upload.filename} is {len(upload.data):,} bytes, over the {limit:,}-byte limit."
        )
    try:
        text, _encoding = decode(upload.data)
        # Format, emptiness and sentences now (all linear), not minutes later in a worker.
        learnable_sentences(ingest(upload.data, options=_options(upload, limit)))
    except GenerateError as error:
        raise Refused(f"{upload.filename}: {error}.") from error
    with transaction():
        job = ImportJob(
            user_id=user.id,
            title=upload.title.strip(),
            source_name=upload.filename[:200],
            source_text=text,
            options={"host": upload.host.strip(), "guests": list(upload.guests)},
        )
        db.session.add(job)
    from studyguide import jobs  # the queue is needed only here, not at import time

    try:
        jobs.enqueue_import(job.id)
    except (OSError, sqlite3.Error, redis.RedisError) as error:
        _fail(job, "The import queue could not be reached, so the job never started.")
        raise Refused("The import queue cannot be reached right now; try again later.") from error
    return job


def _options(upload: TranscriptUpload, limit: int) -> GenerateOptions:
    return GenerateOptions(
        title=upload.title.strip() or None,
        max_file_bytes=limit,
        filename=upload.filename,
        host=upload.host.strip() or None,
        guests=tuple(name.strip() for name in upload.guests if name.strip()),
    )


@dataclass(frozen=True)
class JobStatus:
    """An import as its page shows it: a running job whose worker stopped reads as failed."""

    job: ImportJob
    state: str
    message: str

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE.value, JobState.FAILED.value)

    @property
    def waiting_long(self) -> bool:
        """Queued for over half a minute: perhaps no worker is running."""
        waited = utcnow() - self.job.created_at
        return self.state == JobState.QUEUED.value and waited > timedelta(seconds=30)


def job_status(user: User, job_id: int) -> JobStatus:
    """Return the import `job_id` of `user` as it stands (reads only).

    Raises:
        NotFound: no such job, or someone else's (the two look the same).
    """
    job = db.session.get(ImportJob, job_id)
    if job is None or job.user_id != user.id:
        raise NotFound("No such import.")
    if job.state == JobState.RUNNING.value and _stale(job):
        return JobStatus(job, JobState.FAILED.value, _stopped_message(job))
    return JobStatus(job, job.state, job.message)


def _stopped_message(job: ImportJob) -> str:
    return (
        f"The worker stopped during “{job.stage}” (it was killed or restarted). "
        "No course was made. Start the import again."
    )


def fail_stale_jobs() -> int:
    """Mark failed every running job whose worker stopped beating; return how many.

    The queue runs this every minute, so the database agrees with what the pages show.
    """
    with transaction():
        running = db.session.scalars(
            sa.select(ImportJob).where(ImportJob.state == JobState.RUNNING.value)
        ).all()
        stale = [job for job in running if _stale(job)]
        for job in stale:
            job.state = JobState.FAILED.value
            job.message = _stopped_message(job)
            job.finished_at = utcnow()
    return len(stale)


def recent_jobs(user: User, limit: int = 10) -> list[ImportJob]:
    query = (
        sa.select(ImportJob)
        .where(ImportJob.user_id == user.id)
        .order_by(ImportJob.created_at.desc(), ImportJob.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def _stale(job: ImportJob) -> bool:
    seconds = float(current_app.config.get("IMPORT_STALE_SECONDS", 300))
    beat = job.heartbeat_at or job.started_at or job.created_at
    return utcnow() - beat > timedelta(seconds=seconds)


def run_job(job_id: int) -> None:
    """Run one import job to "done" or "failed" (the queue consumer calls this)."""
    job = db.session.get(ImportJob, job_id)
    if job is None or job.state not in (JobState.QUEUED.value, JobState.RUNNING.value):
        return  # already finished, or gone: a duplicate delivery does nothing
    _beat(job, "starting", state=JobState.RUNNING, tries=job.tries + 1)
    try:
        package, notes = _generate(job)
        _create_course(job, package, notes)
    except (GenerateError, ImportRefused) as error:
        _fail(job, f"The generator could not make a course from {job.source_name}: {error}.")
    except Exception:
        _fail(job, "The generator failed unexpectedly. No course was made; the error is logged.")
        raise


def _generate(job: ImportJob) -> tuple[CoursePackage, dict[str, tuple[float, str]]]:
    guests = tuple(job.options.get("guests") or ())
    upload = TranscriptUpload(job.title, b"", job.source_name, job.options.get("host", ""), guests)
    options = replace(_options(upload, max_transcript_bytes() * 2), filename=job.source_name)
    draft = generate(job.source_text, options=options, progress=lambda stage: _beat(job, stage))
    _beat(job, "checking and saving the draft")
    name = _TRANSCRIPT_FILE.get(draft.format, "transcript.txt")
    notes = {note.question_id: (note.score, note.reason) for note in draft.notes}
    return to_package(draft, transcript_file=name), notes


def _create_course(
    job: ImportJob, package: CoursePackage, notes: dict[str, tuple[float, str]]
) -> None:
    with tempfile.TemporaryDirectory(prefix="studyguide-import-") as folder:
        # Written and read back: the draft passes every load-course check or is refused.
        write_package(Path(folder), replace(package, slug=_free_slug(package.slug)))
        checked = read_checked(Path(folder))
    with transaction():
        report = stage_package(checked)
        if report.course != "created":  # another import took the slug meanwhile
            raise Refused("another course took this course's address; start the import again")
        course = db.session.scalar(sa.select(Course).where(Course.slug == checked.slug))
        assert course is not None
        teaching.make_creator_editor(course, job.user)
        curation.mark_generated(course, notes)  # pending, with the generator's score and reason
        job.course_id = course.id
        job.state = JobState.DONE.value
        job.stage = "done"
        job.message = f"{len(checked.lessons)} lessons, " + (
            f"{sum(len(lesson.questions) for lesson in checked.lessons)} questions"
        )
        job.finished_at = job.heartbeat_at = utcnow()


def _free_slug(wanted: str) -> str:
    base = (slugify(wanted) or "course")[:90].strip("-") or "course"
    taken = set(
        db.session.scalars(
            sa.select(Course.slug).where(sa.or_(Course.slug == base, Course.slug.like(f"{base}-%")))
        )
    )
    db.session.rollback()  # end the read: the write transaction comes later
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _beat(
    job: ImportJob, stage: str, *, state: JobState | None = None, tries: int | None = None
) -> None:
    with transaction():
        job.stage = stage[:80]
        job.heartbeat_at = utcnow()
        if state is not None:
            job.state = state.value
            job.started_at = job.started_at or job.heartbeat_at
        if tries is not None:
            job.tries = tries


def _fail(job: ImportJob, message: str) -> None:
    db.session.rollback()
    with transaction():
        job.state = JobState.FAILED.value
        job.message = message
        job.finished_at = utcnow()

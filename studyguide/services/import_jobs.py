"""New courses from a transcript: submit a job, run it in a worker, show how far it got.

`submit_transcript` checks the upload at once (empty, binary, unknown format, too large, no
sentences: each its message, nothing written) and queues an `ImportJob`; the queue's consumer
calls `run_job`, which claims the job (queued -> running, one more try), generates the draft
stage by stage, refreshing the job's stage and heartbeat, and then creates the draft course, its
editor and the job's "done" in one transaction — so a failure at any point leaves no
half-made course.

A running job whose heartbeat is older than IMPORT_STALE_SECONDS lost its worker (killed or
restarted): `recover_stalled_jobs` (run by every consumer as it starts and every minute) queues
it again, up to MAX_TRIES tries, then marks it failed — never "running" forever. Each try owns
the job by its try number: a worker that was only slow, not dead, finds the job taken from it
at its next heartbeat and stops without writing anything.
"""

from __future__ import annotations

import sqlite3
import tempfile
import threading
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import redis
import sqlalchemy as sa
from flask import Flask, current_app

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
MAX_TRIES = 3  # runs of one job whose worker died, before it is marked failed
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
        _fail(job.id, "The import queue could not be reached, so the job never started.")
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
        if job.tries < MAX_TRIES:
            return JobStatus(job, JobState.QUEUED.value, _retry_message(job.stage))
        return JobStatus(job, JobState.FAILED.value, _stopped_message(job))
    return JobStatus(job, job.state, job.message)


def _retry_message(stage: str) -> str:
    return (
        f"The worker stopped during “{stage}” (it was killed or restarted); "
        "the import starts again as soon as a worker runs."
    )


def _stopped_message(job: ImportJob) -> str:
    return (
        f"The worker stopped during “{job.stage}” (it was killed or restarted), "
        f"{job.tries} times. No course was made. Start the import again."
    )


def recover_stalled_jobs() -> tuple[int, int]:
    """Queue again every running job whose worker stopped beating, or fail it after MAX_TRIES
    tries, and every job left queued longer than that (a consumer killed between taking its
    message and claiming the job loses the message); return (queued again, failed).
    Consumers run this as they start and every minute. A job queued twice is claimed once.
    """
    with transaction():
        waiting = db.session.scalars(
            sa.select(ImportJob)
            .where(ImportJob.state.in_([JobState.RUNNING.value, JobState.QUEUED.value]))
            .with_for_update()
        ).all()
        stale = [job for job in waiting if _stale(job)]
        lost = [job for job in stale if job.state == JobState.QUEUED.value]
        stale = [job for job in stale if job not in lost]
        retry = [job for job in stale if job.tries < MAX_TRIES]
        for job in lost:
            job.heartbeat_at = utcnow()  # its next message after another stale period, not sooner
        for job in stale:
            if job in retry:
                job.state = JobState.QUEUED.value
                job.message = _retry_message(job.stage)
                job.stage = "queued again"
            else:
                job.state = JobState.FAILED.value
                job.message = _stopped_message(job)
                job.finished_at = utcnow()
        retry_ids = [job.id for job in retry + lost]
    from studyguide import jobs

    for job_id in retry_ids:
        jobs.enqueue_import(job_id)
    return len(retry_ids), len(stale) - len(retry)


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


class _JobTaken(Exception):
    """The job was queued again (this worker looked dead) or finished by another worker."""


def run_job(job_id: int) -> None:
    """Run one import job to "done" or "failed" (the queue consumer calls this)."""
    claimed = _claim(job_id)
    if claimed is None:
        return  # already running elsewhere, finished, or gone: a duplicate delivery does nothing
    job, my_try = claimed
    source_name = job.source_name
    heartbeat = _Heartbeat(current_app._get_current_object(), job_id, my_try)  # type: ignore[attr-defined]
    heartbeat.start()
    try:
        package, notes = _generate(job, my_try)
        _create_course(job, my_try, package, notes)
    except _JobTaken:
        db.session.rollback()
    except (GenerateError, ImportRefused) as error:
        message = f"The generator could not make a course from {source_name}: {error}."
        _fail(job_id, message, my_try)
    except Exception:
        message = "The generator failed unexpectedly. No course was made; the error is logged."
        _fail(job_id, message, my_try)
        raise
    finally:
        heartbeat.stop()


class _Heartbeat(threading.Thread):
    """Beats for a running try several times per IMPORT_STALE_SECONDS, however long a stage
    takes, so only a dead worker's job goes stale."""

    def __init__(self, app: Flask, job_id: int, my_try: int) -> None:
        super().__init__(name=f"import-{job_id}-heartbeat", daemon=True)
        self.app, self.job_id, self.my_try = app, job_id, my_try
        self.every = max(0.1, float(app.config.get("IMPORT_STALE_SECONDS", 300)) / 4)
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            with self.app.app_context():
                try:
                    if not _touch(self.job_id, self.my_try):
                        return  # taken from this try: nothing left to beat for
                except sa.exc.SQLAlchemyError:
                    pass  # a busy database: the next beat tries again
                finally:
                    db.session.remove()

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def _claim(job_id: int) -> tuple[ImportJob, int] | None:
    """Take a queued job for this worker (queued -> running, one more try): (job, try number)."""
    now = utcnow()
    with transaction():
        claimed = _rows_updated(
            sa.update(ImportJob)
            .where(ImportJob.id == job_id, ImportJob.state == JobState.QUEUED.value)
            .values(
                state=JobState.RUNNING.value,
                stage="starting",
                tries=ImportJob.tries + 1,
                heartbeat_at=now,
                started_at=sa.func.coalesce(ImportJob.started_at, now),
            )
        )
    job = db.session.get(ImportJob, job_id) if claimed else None
    return None if job is None else (job, job.tries)


def _generate(job: ImportJob, my_try: int) -> tuple[CoursePackage, dict[str, tuple[float, str]]]:
    guests = tuple(job.options.get("guests") or ())
    upload = TranscriptUpload(job.title, b"", job.source_name, job.options.get("host", ""), guests)
    options = replace(_options(upload, max_transcript_bytes() * 2), filename=job.source_name)

    def progress(stage: str) -> None:
        _beat(job.id, my_try, stage)

    draft = generate(job.source_text, options=options, progress=progress)
    _beat(job.id, my_try, "checking and saving the draft")
    name = _TRANSCRIPT_FILE.get(draft.format, "transcript.txt")
    notes = {note.question_id: (note.score, note.reason) for note in draft.notes}
    return to_package(draft, transcript_file=name), notes


def _create_course(
    job: ImportJob, my_try: int, package: CoursePackage, notes: dict[str, tuple[float, str]]
) -> None:
    with tempfile.TemporaryDirectory(prefix="studyguide-import-") as folder:
        # Written and read back: the draft passes every load-course check or is refused.
        write_package(Path(folder), replace(package, slug=_free_slug(package.slug)))
        checked = read_checked(Path(folder))
    with transaction():
        _still_mine(job.id, my_try)
        report = stage_package(checked)
        if report.course != "created":  # another import took the slug meanwhile
            raise Refused("another course took this course's address; start the import again")
        course = db.session.execute(
            sa.select(Course).where(Course.slug == checked.slug)
        ).scalar_one()
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


def _mine(job_id: int, my_try: int) -> sa.ColumnElement[bool]:
    return sa.and_(
        ImportJob.id == job_id,
        ImportJob.state == JobState.RUNNING.value,
        ImportJob.tries == my_try,
    )


def _still_mine(job_id: int, my_try: int) -> None:
    """Raise _JobTaken unless try `my_try` still owns the job; lock its row till the commit."""
    query = sa.select(ImportJob.id).where(_mine(job_id, my_try)).with_for_update()
    if db.session.scalar(query) is None:
        raise _JobTaken()


def _touch(job_id: int, my_try: int, stage: str | None = None) -> bool:
    """Record that try `my_try` lives (and its stage); False if the job was taken from it."""
    values: dict[str, object] = {"heartbeat_at": utcnow()}
    if stage is not None:
        values["stage"] = stage[:80]
    with transaction():
        return bool(
            _rows_updated(sa.update(ImportJob).where(_mine(job_id, my_try)).values(**values))
        )


def _beat(job_id: int, my_try: int, stage: str) -> None:
    """Report the stage; raise _JobTaken if the job was taken from this try."""
    if not _touch(job_id, my_try, stage):
        raise _JobTaken()


def _fail(job_id: int, message: str, my_try: int | None = None) -> None:
    """Mark a job failed: a queued one (never started), or a running one try `my_try` owns."""
    db.session.rollback()
    owned = ImportJob.state == JobState.QUEUED.value if my_try is None else _mine(job_id, my_try)
    with transaction():
        _rows_updated(
            sa.update(ImportJob)
            .where(ImportJob.id == job_id, owned)
            .values(state=JobState.FAILED.value, message=message, finished_at=utcnow())
        )


def _rows_updated(statement: sa.Update) -> int:
    """Run an UPDATE of import jobs (the session's copies are not synchronised); its row count."""
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0))

"""New courses from a transcript, run by a real Huey consumer (SQLite queue, then Redis)."""

import io
import uuid

import pytest
import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Course, CourseEditor, ImportJob, JobState
from tests.consumer import REPO_ROOT, queue_env, running_consumer, wait_for

TRANSCRIPT = (REPO_ROOT / "tests" / "data" / "workspace-interview.txt").read_bytes()
SRT = (
    "1\n00:00:01,000 --> 00:00:05,000\nWhy did you start keeping bees in the first place?\n\n"
    "2\n00:00:05,500 --> 00:00:20,000\nA swarm landed in my grandmother's apple tree and a "
    "neighbour showed me how to shake the cluster into a cardboard box with a soft brush.\n\n"
    "3\n00:00:20,500 --> 00:00:40,000\nHe told me that a calm beekeeper makes calm bees, and "
    "that you should open a hive only once every nine days in summer to keep its warm seal.\n"
)


@pytest.fixture
def app_config(app_config, tmp_path):
    return {
        **app_config,
        "QUEUE_FILE": str(tmp_path / "queue.sqlite3"),
        "IMPORT_MAX_BYTES": 200_000,
    }


@pytest.fixture
def consumer(app, tmp_path):
    env = queue_env(app.config["SQLALCHEMY_DATABASE_URI"], app.config["QUEUE_FILE"])
    with running_consumer(env, tmp_path / "consumer.log") as process:
        yield process


def _submit(client, name="talk.txt", data=TRANSCRIPT, **fields):
    form = {"title": "Beekeeping basics", "host": "Maya", "guests": "Tomas Lindqvist", **fields}
    if name is not None:
        form["transcript"] = (io.BytesIO(data), name)
    return client.post("/teach/new", data=form, content_type="multipart/form-data")


def _job(app, job_id):
    with app.app_context():
        job = db.session.get(ImportJob, job_id)
        db.session.expunge_all()
        return job


def _finished(app, job_id):
    def check():
        job = _job(app, job_id)
        return job if job.state in (JobState.DONE.value, JobState.FAILED.value) else None

    return wait_for(check, timeout=90)


def _job_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_upload_becomes_a_draft_course_owned_by_its_instructor(app, client, auth, consumer):
    user_id = auth.login_as_instructor()
    job_id = _job_id(_submit(client))
    page = client.get(f"/teach/jobs/{job_id}").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh"' in page  # reloads itself without JS

    job = _finished(app, job_id)
    assert job.state == "done", job.message
    page = client.get(f"/teach/jobs/{job_id}").get_data(as_text=True)
    assert "Your draft is ready" in page and 'http-equiv="refresh"' not in page
    polled = client.get(f"/teach/jobs/{job_id}", headers={"Accept": "application/json"}).json
    assert (polled["state"], polled["course_url"]) == ("done", "/teach/courses/beekeeping-basics")
    with app.app_context():
        course = db.session.get(Course, job.course_id)
        assert (course.slug, course.status, course.origin) == (
            "beekeeping-basics",
            "draft",
            "browser",
        )
        assert len(course.lessons) >= 2
        editor = db.session.scalars(sa.select(CourseEditor)).one()
        assert (editor.course_id, editor.user_id) == (course.id, user_id)
    assert client.get("/teach/courses/beekeeping-basics").status_code == 200
    # The same title again gets its own address: the first course is not overwritten.
    second = _finished(app, _job_id(_submit(client)))
    with app.app_context():
        assert db.session.get(Course, second.course_id).slug == "beekeeping-basics-2"


def test_pasted_text_and_captions_are_accepted(app, client, auth, consumer):
    auth.login_as_instructor()
    pasted = _job_id(_submit(client, name=None, text=TRANSCRIPT.decode("utf-8")))
    captions = _job_id(_submit(client, name="clip.srt", data=SRT.encode(), title="Captions"))
    for job_id in (pasted, captions):
        job = _finished(app, job_id)
        assert job.state == "done", job.message
    with app.app_context():
        course = db.session.get(Course, _job(app, captions).course_id)
        assert course.transcript_file == "transcript.srt"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\n  ", "the file is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary"),
        ("notes.pdf", b"%PDF-1.4", "upload a .txt, .srt, .vtt or .md"),
        ("data.txt", b'{"a": [1, 2, 3]}', "JSON, not a transcript"),
        ("clip.srt", b"no cues here at all, just words", "named SubRip but has no SubRip cues"),
        ("big.txt", b"word " * 50_000, "over the 200,000-byte limit"),
    ],
)
def test_bad_files_get_their_message_and_write_nothing(app, client, auth, name, data, message):
    auth.login_as_instructor()
    response = _submit(client, name=name, data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportJob)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 0


def test_missing_title_and_missing_transcript_are_refused(app, client, auth):
    auth.login_as_instructor()
    assert "This field is required" in _submit(client, title="").get_data(as_text=True)
    response = _submit(client, name=None)
    assert response.status_code == 400
    assert "Choose a transcript file or paste its text" in response.get_data(as_text=True)


def test_generator_error_fails_the_job_and_makes_no_course(app, client, auth, consumer):
    """The form refuses a file without sentences at once; a job that meets a generator error
    anyway (queued before that check existed, say) fails and makes no course."""
    user_id = auth.login_as_instructor()
    numbers = b"12 34 56\n78 90 12\n"
    refused = _submit(client, name="numbers.txt", data=numbers)
    assert refused.status_code == 400 and "no sentences" in refused.get_data(as_text=True)
    with app.app_context():
        job = ImportJob(
            user_id=user_id,
            title="Numbers",
            source_name="numbers.txt",
            source_text=numbers.decode(),
        )
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        from studyguide import jobs

        jobs.enqueue_import(job_id)
    job = _finished(app, job_id)
    assert job.state == "failed"
    page = client.get(f"/teach/jobs/{job_id}").get_data(as_text=True)
    assert "The import failed" in page and "no sentences" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 0


def _kill_while_running(app, client, tmp_path, env) -> int:
    """Start a long import under a first consumer, kill -9 that consumer mid-run; its job id."""
    from benchmarks.synthetic import synthetic_transcript  # long: time to kill it

    app.config["IMPORT_MAX_BYTES"] = 5_000_000
    with running_consumer(env, tmp_path / "first-consumer.log") as first:
        job_id = _job_id(_submit(client, data=synthetic_transcript(20_000).encode()))
        wait_for(lambda: _job(app, job_id).state == "running", timeout=30, interval=0.02)
        first.kill()
        first.wait()
    return job_id


def test_a_killed_workers_import_is_run_again_by_the_next_consumer(app, client, auth, tmp_path):
    env = queue_env(app.config["SQLALCHEMY_DATABASE_URI"], app.config["QUEUE_FILE"])
    env["STUDYGUIDE_IMPORT_STALE_SECONDS"] = "2"
    app.config["IMPORT_STALE_SECONDS"] = 2
    auth.login_as_instructor()
    job_id = _kill_while_running(app, client, tmp_path, env)
    assert _job(app, job_id).state == "running"  # nobody is left to say otherwise
    wait_for(
        lambda: (
            "starts again as soon as a worker runs"
            in client.get(f"/teach/jobs/{job_id}").get_data(as_text=True)
        )
    )
    with running_consumer(env, tmp_path / "second-consumer.log"):
        job = _finished(app, job_id)
    assert (job.state, job.tries) == ("done", 2), job.message
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 1


def test_a_job_whose_worker_dies_every_time_fails_after_the_last_try(app, client, auth, tmp_path):
    from studyguide.services.import_jobs import MAX_TRIES, recover_stalled_jobs

    env = queue_env(app.config["SQLALCHEMY_DATABASE_URI"], app.config["QUEUE_FILE"])
    auth.login_as_instructor()
    job_id = _kill_while_running(app, client, tmp_path, env)
    app.config["IMPORT_STALE_SECONDS"] = 0.2
    with app.app_context():
        db.session.get(ImportJob, job_id).tries = MAX_TRIES  # as if it had died every time
        db.session.commit()
        wait_for(lambda: recover_stalled_jobs() == (0, 1))
        assert db.session.get(ImportJob, job_id).state == "failed"
        assert recover_stalled_jobs() == (0, 0)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 0
    page = client.get(f"/teach/jobs/{job_id}").get_data(as_text=True)
    assert "The import failed" in page and f"{MAX_TRIES} times" in page
    assert 'http-equiv="refresh"' not in page


def test_a_slow_worker_whose_job_was_taken_writes_nothing(app, auth):
    from studyguide.services import import_jobs

    user_id = auth.login_as_instructor()
    with app.app_context():
        job = ImportJob(user_id=user_id, title="T", source_name="t.txt", source_text="x")
        db.session.add(job)
        db.session.commit()
        job, my_try = import_jobs._claim(job.id)
        assert import_jobs._claim(job.id) is None  # a duplicate delivery takes nothing
        job.state, job.tries = JobState.QUEUED.value, my_try  # recovered: queued again
        db.session.commit()
        with pytest.raises(import_jobs._JobTaken):
            import_jobs._beat(job.id, my_try, "segmenting")
        import_jobs._fail(job.id, "should not land", my_try)
        assert db.session.get(ImportJob, job.id).state == JobState.QUEUED.value


def test_someone_elses_job_looks_missing(app, client, auth, consumer):
    auth.login_as_instructor()
    job_id = _job_id(_submit(client))
    auth.logout()
    auth.login_as_instructor("other@example.org")
    assert client.get(f"/teach/jobs/{job_id}").status_code == 404
    assert client.get(f"/teach/jobs/{job_id + 1}").status_code == 404
    _finished(app, job_id)


@pytest.fixture
def redis_queue(app, tmp_path):
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379")
    name = f"studyguide-test-{uuid.uuid4().hex[:12]}"
    app.config.update(QUEUE_URL="redis://127.0.0.1:6379/0", QUEUE_NAME=name)
    env = queue_env(app.config["SQLALCHEMY_DATABASE_URI"], "", "redis://127.0.0.1:6379/0", name)
    with running_consumer(env, tmp_path / "redis-consumer.log"):
        yield name
    from studyguide.jobs import huey_for, queue_settings

    huey_for(queue_settings(app.config, app.instance_path))[0].storage.flush_queue()


def test_the_redis_queue_runs_the_same_import(app, client, auth, redis_queue):
    auth.login_as_instructor()
    job = _finished(app, _job_id(_submit(client)))
    assert job.state == "done", job.message


def test_an_unreachable_queue_is_a_clear_message_and_a_failed_job(app, client, auth):
    app.config.update(QUEUE_URL="redis://127.0.0.1:1/0", QUEUE_NAME=f"gone-{uuid.uuid4().hex}")
    auth.login_as_instructor()
    response = _submit(client)
    assert response.status_code == 400
    assert "The import queue cannot be reached" in response.get_data(as_text=True)
    with app.app_context():
        job = db.session.scalars(sa.select(ImportJob)).one()
        assert job.state == "failed" and db.session.query(Course).count() == 0


def test_a_job_no_worker_takes_says_so(app, client, auth):
    from datetime import timedelta

    from studyguide.models import utcnow

    user_id = auth.login_as_instructor()
    with app.app_context():
        job = ImportJob(
            user_id=user_id,
            title="T",
            source_name="t.txt",
            source_text="x",
            created_at=utcnow() - timedelta(minutes=2),
        )
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    page = client.get(f"/teach/jobs/{job_id}").get_data(as_text=True)
    assert "No worker has taken this import yet" in page


def test_a_job_whose_queue_message_was_lost_runs_after_the_sweep(app, auth, consumer):
    """A consumer killed after taking a message and before claiming its job leaves the job
    queued with no message: the sweep queues it again once it has waited the stale period."""
    from datetime import timedelta

    from studyguide.models.base import utcnow
    from studyguide.services.import_jobs import recover_stalled_jobs

    user_id = auth.login_as_instructor()
    app.config["IMPORT_STALE_SECONDS"] = 60
    with app.app_context():
        job = ImportJob(
            user_id=user_id,
            title="Beekeeping basics",
            source_name="talk.txt",
            source_text=TRANSCRIPT.decode(),
            created_at=utcnow() - timedelta(minutes=5),
        )
        fresh = ImportJob(
            user_id=user_id, title="Just queued", source_name="talk.txt", source_text="x"
        )
        db.session.add_all([job, fresh])
        db.session.commit()  # never enqueued: the lost message
        job_id, fresh_id = job.id, fresh.id
        assert recover_stalled_jobs() == (1, 0)  # the old one only
        assert recover_stalled_jobs() == (0, 0)  # not again before another stale period
    assert _finished(app, job_id).state == "done"
    assert _job(app, fresh_id).state == "queued"

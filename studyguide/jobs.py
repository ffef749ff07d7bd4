"""The task queue: Huey, SQLite in instance/ by default, Redis when STUDYGUIDE_QUEUE_URL is set.

Run the consumer with `huey_consumer studyguide.jobs.huey -w 2` (`make run` starts one beside
gunicorn). Workers on other machines run the same command with the same DATABASE_URL and
STUDYGUIDE_QUEUE_URL. Tasks are thin: each opens an app context and calls one service.

A consumer that starts (after a crash, say) looks for imports whose worker died and queues them
again at once, once more when such a job would have gone stale, and then every minute
(`services.import_jobs.recover_stalled_jobs`): a killed worker's import finishes after all,
and so does an import whose message a consumer took and died holding (it stays queued).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.api import TaskWrapper

_queues: dict[tuple[str, str, str], tuple[Huey, TaskWrapper]] = {}


def queue_settings(config: Any, instance_path: str) -> tuple[str, str, str]:
    """Return (redis url or "", sqlite file, queue name) for an app's config."""
    url = config.get("QUEUE_URL") or ""
    filename = config.get("QUEUE_FILE") or str(Path(instance_path) / "queue.sqlite3")
    return url, filename, config.get("QUEUE_NAME") or "studyguide"


def huey_for(settings: tuple[str, str, str]) -> tuple[Huey, TaskWrapper]:
    """Return the queue for `settings` and its import task (one pair per settings)."""
    if settings not in _queues:
        url, filename, name = settings
        if url:
            queue: Huey = RedisHuey(name, url=url, results=False)
        else:
            Path(filename).parent.mkdir(parents=True, exist_ok=True)
            queue = SqliteHuey(name, filename=filename, results=False)
        task = queue.task(name="run_import", retries=0)(_run_import)
        recover = queue.task(name="recover_stalled_jobs")(_recover_stalled_jobs)
        queue.periodic_task(crontab(minute="*"), name="recover_stalled_jobs_every_minute")(
            _recover_stalled_jobs
        )

        @queue.on_startup("recover_stalled_jobs")
        def _recover_on_startup() -> None:
            # Jobs the dead consumer left running are stale now or after IMPORT_STALE_SECONDS.
            _recover_stalled_jobs()
            recover.schedule(delay=float(worker_app().config["IMPORT_STALE_SECONDS"]) + 1)

        _queues[settings] = (queue, task)
    return _queues[settings]


def enqueue_import(job_id: int) -> None:
    """Queue the import job `job_id` on the current app's queue."""
    _queue, task = huey_for(queue_settings(current_app.config, current_app.instance_path))
    task(job_id)


@cache
def worker_app() -> Flask:
    """The app a consumer process runs its tasks in (configured from the environment)."""
    from studyguide import create_app

    return create_app()


def _run_import(job_id: int) -> None:
    from studyguide.services.import_jobs import run_job

    with worker_app().app_context():
        run_job(job_id)


def _recover_stalled_jobs() -> None:
    from studyguide.services.import_jobs import recover_stalled_jobs

    with worker_app().app_context():
        recover_stalled_jobs()


def __getattr__(name: str) -> Huey:
    # `huey_consumer studyguide.jobs.huey` looks the queue up here; only a consumer builds it.
    if name == "huey":
        app = worker_app()
        return huey_for(queue_settings(app.config, app.instance_path))[0]
    raise AttributeError(name)

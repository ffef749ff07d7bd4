"""Course content that does not change between requests, cached by content version.

What is cached: the published courses with their current lessons (titles, slugs, order,
question counts), and a lesson's content. Every key carries the content version
(services/content_version.py), read with the user on every request, so an edit made through
any worker or process is seen at once: a new version is a new key, old keys age out.

In-process by default (a bounded LRU per app); Redis when STUDYGUIDE_CACHE_URL is a redis://
URL, so workers share one copy. Values go to Redis as JSON, never pickled.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Protocol, TypeVar

from flask import Flask, current_app

T = TypeVar("T")
_EXTENSION = "studyguide.content_cache"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LessonListing:
    """A current lesson as lists of lessons show it."""

    id: int
    course_id: int
    slug: str
    title: str
    position: int
    question_count: int  # approved current questions: the quiz's length
    # Set by its CourseListing, as the ORM's relationship would be; not a field, so it is
    # neither compared nor serialised (that would loop).
    course: ClassVar[CourseListing]


@dataclass(frozen=True)
class CourseListing:
    """A published course with its current lessons in order."""

    id: int
    slug: str
    title: str
    description: str
    status: str
    lessons: tuple[LessonListing, ...]

    def __post_init__(self) -> None:
        for lesson in self.lessons:
            object.__setattr__(lesson, "course", self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CourseListing:
        lessons = tuple(LessonListing(**lesson) for lesson in data["lessons"])
        return cls(**{**data, "lessons": lessons})


@dataclass(frozen=True)
class LessonContent:
    """What a lesson page shows of the lesson (its course from the course listing)."""

    id: int
    course_id: int
    slug: str
    position: int
    title: str
    objectives: list[str]
    segments: list[dict[str, Any]]
    takeaways: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    reflection_prompts: list[str]
    keyphrases: list[str]
    glossary: list[dict[str, str]]
    summary_html: str
    course: CourseListing

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LessonContent:
        return cls(**{**data, "course": CourseListing.from_json(data["course"])})


class Backend(Protocol):
    def fetch(self, key: str, build: Callable[[], T], decode: Callable[[Any], T]) -> T: ...


class MemoryBackend:
    """A bounded LRU of built values, in this process; thread-safe."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max(1, max_entries)
        self._entries: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def fetch(self, key: str, build: Callable[[], T], decode: Callable[[Any], T]) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]  # type: ignore[no-any-return]
        value = build()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)


class RedisBackend:
    """Values as JSON in Redis, shared by every worker; an unreachable Redis is only slower."""

    def __init__(self, url: str, ttl_seconds: int) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.ttl_seconds = ttl_seconds

    def fetch(self, key: str, build: Callable[[], T], decode: Callable[[Any], T]) -> T:
        try:
            stored = self.client.get(key)
        except Exception:  # a cache down must not take the pages down
            log.warning("content cache: Redis unreachable, building %s", key, exc_info=True)
            return build()
        if stored is not None:
            return decode(json.loads(stored))
        value = build()
        try:
            self.client.set(key, json.dumps(_plain(value)), ex=self.ttl_seconds)
        except Exception:
            log.warning("content cache: could not store %s", key, exc_info=True)
        return value


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return value


def init_app(app: Flask) -> None:
    """Give the app its cache: Redis if STUDYGUIDE_CACHE_URL says so, else in-process."""
    url = app.config.get("CACHE_URL") or ""
    backend: Backend
    if url.startswith(("redis://", "rediss://", "unix://")):
        backend = RedisBackend(url, int(app.config.get("CACHE_TTL_SECONDS", 86400)))
    else:
        backend = MemoryBackend(int(app.config.get("CACHE_MAX_ENTRIES", 1024)))
    app.extensions[_EXTENSION] = backend


def backend() -> Backend:
    return current_app.extensions[_EXTENSION]  # type: ignore[no-any-return]


# -- the keys: the only place that names them ----------------------------------------------


def _key(version: int, *parts: object) -> str:
    prefix = current_app.config.get("CACHE_PREFIX", "studyguide")
    return ":".join(str(part) for part in (prefix, "content", version, *parts))


def courses(
    version: int, build: Callable[[], tuple[CourseListing, ...]]
) -> tuple[CourseListing, ...]:
    """The published courses with their current lessons, at `version`."""
    return backend().fetch(
        _key(version, "courses"),
        build,
        lambda data: tuple(CourseListing.from_json(course) for course in data),
    )


def lesson(version: int, lesson_id: int, build: Callable[[], LessonContent]) -> LessonContent:
    """A current lesson's content, at `version`."""
    return backend().fetch(_key(version, "lesson", lesson_id), build, LessonContent.from_json)

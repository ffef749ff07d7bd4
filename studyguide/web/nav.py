"""The main navigation: the sections a user can reach, shown once their blueprint exists."""

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_login import current_user

# (label, endpoint, instructors only)
SECTIONS = (
    ("Lessons", "lessons.index", False),
    ("Review", "review.index", False),
    ("Progress", "progress.index", False),
    ("Instructor", "instructor.index", True),
    ("Cohorts", "cohorts.index", True),
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool
    count: int | None = None  # shown beside the label (cards due, for Review)


def nav_items() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    items = []
    for label, endpoint, instructors_only in SECTIONS:
        if instructors_only and not current_user.is_instructor:
            continue
        if endpoint not in current_app.view_functions:
            continue
        blueprint = endpoint.split(".")[0]
        count = _due_count() if endpoint == "review.index" else None
        items.append(NavItem(label, url_for(endpoint), request.blueprint == blueprint, count))
    return items


def register(app: Flask) -> None:
    app.jinja_env.globals["nav_items"] = nav_items
    # Registered after the login wiring, before any hook or view loads current_user.
    app.before_request(_count_due_with_user)


def _count_due_with_user() -> None:
    # A page (a GET) shows the due count in its navigation: the user loader reads it with the
    # user, so the navigation costs no query of its own.
    if request.method == "GET" and request.endpoint != "static":
        from studyguide.services import review_queue
        from studyguide.web.review.routes import browser_zone

        review_queue.expect_due_count(browser_zone())


def _due_count() -> int:
    from studyguide.services import review_queue
    from studyguide.web.review.routes import browser_zone

    return review_queue.due_count(current_user.id, browser_zone())

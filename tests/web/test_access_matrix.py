"""The access matrix: every route of `app.url_map` × every method × five roles (issue 15).

One table, keyed by endpoint, says what each role gets: a status, or LOGIN (a redirect to the
login page). A route added without a row fails `test_the_table_names_every_route`. Methods a
route does not serve answer 405 for everyone. Every refused request (LOGIN, 403, 404, 405)
leaves every row of every table as it was; after any request that may write, the database is
put back, so each cell starts from the same seeded site (tests/web/access_world.py).

Forms are filled in (`data`) wherever an empty form would stop at validation, so that what a
refused role meets is the access check, not a missing field. The matrix runs on its own
SQLite file: access is decided by the same queries on PostgreSQL, and the database is restored
by SQLite's backup API between requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.routing import MapAdapter

from tests.web.access_client import LOGIN, METHODS, Site, matrix_config, outcome
from tests.web.access_world import ROLES

# Role order in every row: anonymous, student (owns the student objects), other student (owns
# nothing), outsider (instructor without rights), editor (edits the course, mentors the cohort).


def everyone(code: int | str) -> tuple:
    return (code,) * 5


def signed_in(code: int | str) -> tuple:
    """Any logged-in account gets `code`; anonymous visitors log in first."""
    return (LOGIN, code, code, code, code)


def visitors(code: int | str) -> tuple:
    """Pages for visitors (login, register): logged-in accounts are sent on (302)."""
    return (code, 302, 302, 302, 302)


def own(code: int | str) -> tuple:
    """The student's object: theirs to use, a 404 to everyone else (as if it did not exist)."""
    return (LOGIN, code, 404, 404, 404)


def teach(code: int | str) -> tuple:
    """The editor's course or cohort: students 403, an instructor without rights 404."""
    return (LOGIN, 403, 403, 404, code)


def instructors(code: int | str) -> tuple:
    """Instructor pages that name no object: students 403, every instructor `code`."""
    return (LOGIN, 403, 403, code, code)


@dataclass(frozen=True)
class Route:
    get: tuple | None = None
    post: tuple | None = None
    args: dict = field(default_factory=dict)  # URL values other than the seeded defaults
    data: dict = field(default_factory=dict)  # the form a POST sends ("{name}": a seeded value)

    def expected(self, method: str) -> tuple | None:
        return {"GET": self.get, "POST": self.post}.get(method)


QUESTION_FORM = {
    "row_version": "1",
    "type": "multiple_choice",
    "prompt": "Why did you go abroad?",
    "choices": "My mentor supported it\nThe weather",
    "answer": "My mentor supported it",
    "explanation": "The transcript says so.",
    "quote": "I went abroad",
    "difficulty": "easy",
}

LESSON_FORM = {
    "row_version": "1",
    "title": "Renamed",
    "summary": "A summary.",
    "objectives": "Explain the point of the lesson.",
    "takeaways": "A mentor's support matters. :: my mentor supported it",
    "submit": "Save lesson",
}

SETTINGS_FORM = {"time_limit_minutes": "10", "card_limit": "20", "new_per_day": "5"}

TABLE: dict[str, Route] = {
    "main.index": Route(get=visitors(200)),
    "static": Route(get=everyone(200)),
    # accounts
    "auth.login": Route(get=visitors(200), post=visitors(200)),
    "auth.register": Route(get=visitors(200), post=visitors(200)),
    "auth.logout": Route(post=signed_in(302)),
    "auth.change_password": Route(get=signed_in(200), post=signed_in(200)),
    # lessons of a published course: every account reads them
    "lessons.index": Route(get=signed_in(200)),
    "lessons.lesson": Route(get=signed_in(200)),
    "lessons.transcript": Route(get=signed_in(200)),
    "lessons.mark_read": Route(post=signed_in(302)),
    "progress.index": Route(get=signed_in(200)),
    # quizzes: anyone may start their own attempt; an attempt is its student's alone
    "quizzes.quiz": Route(get=signed_in(200)),
    "quizzes.start": Route(post=signed_in(302)),
    "quizzes.back_to_intro": Route(get=signed_in(302)),
    "quizzes.take": Route(get=own(200)),
    "quizzes.save_answer": Route(post=own(302), data={"answer_{answer_id}": "Right"}),
    "quizzes.submit": Route(post=own(302)),
    "quizzes.back_to_attempt": Route(get=signed_in(302)),  # a redirect; `take` then decides
    "quizzes.result": Route(get=own(200), args={"attempt_id": "{submitted_attempt_id}"}),
    # review: a student's sessions, cards and answers are theirs alone
    "review.index": Route(get=signed_in(200)),
    "review.cards": Route(get=signed_in(200)),
    "review.start": Route(post=signed_in(302)),
    "review.settings": Route(post=signed_in(302), data=SETTINGS_FORM),
    "review.remember": Route(post=signed_in(302)),
    "review.session": Route(get=own(200)),
    "review.answer": Route(get=own(200)),
    "review.answer_card": Route(
        post=own(302), args={"card_id": "{question_card_id}"}, data={"rep": "0"}
    ),
    "review.rate_card": Route(post=own(302), data={"rep": "0", "rating": "3"}),
    "review.change_card": Route(post=own(302), args={"action": "suspend"}),
    # invitations: any account may open one and join
    "cohorts.join_code": Route(get=signed_in(200), post=signed_in(302), data={"code": "{code}"}),
    "cohorts.join": Route(get=signed_in(200)),
    # Invitations are for students: an instructor is told to join as a mentor (400).
    "cohorts.join_post": Route(post=(LOGIN, 302, 302, 400, 400), data={"course_id": "{course_id}"}),
    # /teach without an object
    "instructor.index": Route(get=instructors(200)),
    "instructor.new_course": Route(get=instructors(200), post=instructors(400)),
    "instructor.upload": Route(get=instructors(200), post=instructors(400)),
    "instructor.instructors": Route(get=instructors(200), post=instructors(400)),
    "cohorts.index": Route(get=instructors(200)),
    # The outsider's form offers only the courses they may mentor: "Not a valid choice" (400).
    "cohorts.new": Route(
        get=instructors(200),
        post=(LOGIN, 403, 403, 400, 302),
        data={"name": "Sneaky", "course_id": "{course_id}"},
    ),
    # /teach: the editor's course
    "instructor.job": Route(get=teach(200)),
    "instructor.course": Route(get=teach(200)),
    "instructor.download": Route(get=teach(200)),
    "instructor.publish": Route(post=teach(302)),
    "instructor.unpublish": Route(post=teach(302)),
    "instructor.add_editor": Route(post=teach(302), data={"email": "outsider@example.org"}),
    "curation.overview": Route(get=teach(200)),
    "curation.acceptance_csv": Route(get=teach(200)),
    "curation.transcript": Route(get=teach(200)),
    "curation.question": Route(get=teach(200)),
    "curation.save_question": Route(post=teach(302), data=QUESTION_FORM),
    "curation.new_question": Route(post=teach(302), data={**QUESTION_FORM, "lesson": "{lesson}"}),
    "curation.review": Route(post=teach(302), data={"row_version": "1", "approve": "Approve"}),
    "curation.lesson": Route(get=teach(200), post=teach(302), data=LESSON_FORM),
    "curation.structure": Route(
        post=teach(302), args={"action": "down"}, data={"row_version": "1"}
    ),
    # /teach: the editor's cohort
    "cohorts.cohort": Route(get=teach(200)),
    "cohorts.manage": Route(get=teach(200)),
    "cohorts.progress_csv": Route(get=teach(200)),
    "cohorts.student": Route(get=teach(200)),
    "cohorts.cohort_questions": Route(get=teach(200)),
    "cohorts.cohort_question": Route(get=teach(200)),
    "cohorts.course_questions": Route(get=teach(200)),
    "cohorts.course_question": Route(get=teach(200)),
    "cohorts.create_invitation": Route(post=teach(302), data={"days": "7", "max_uses": "3"}),
    "cohorts.revoke_invitation": Route(post=teach(302)),
    "cohorts.remove_member": Route(post=teach(302)),
    # The editor may not make the outsider a mentor: they cannot edit the course (400).
    "cohorts.add_mentor": Route(post=teach(400), data={"email": "outsider@example.org"}),
}
REFUSED = {LOGIN, 403, 404, 405}


@pytest.fixture
def app_config(app_config, tmp_path):
    return matrix_config(app_config, tmp_path)


@pytest.fixture
def site(app, tmp_path) -> Site:
    return Site(app, tmp_path)


def _fill(values: dict, seeded: dict) -> dict:
    return {
        key.format(**seeded): value.format(**seeded) if isinstance(value, str) else value
        for key, value in values.items()
    }


def _served_elsewhere(adapter: MapAdapter, url: str, method: str) -> bool:
    """Whether another rule matches `url` with `method` (its own row checks that)."""
    try:
        adapter.match(url, method=method)
    except MethodNotAllowed:
        return False
    return True


def cells(site: Site):
    """Yield (endpoint, method, url, form, expected row) for every rule and method."""
    adapter = site.app.url_map.bind("localhost")
    for rule in site.app.url_map.iter_rules():
        route = TABLE[rule.endpoint]
        url = site.url(rule, _fill(route.args, site.values))
        for method in METHODS:
            expected = route.expected(method)
            if expected is None and _served_elsewhere(adapter, url, method):
                continue
            form = _fill(route.data, site.values) if method != "GET" else {}
            yield rule.endpoint, method, url, form, expected or everyone(405)


def test_the_table_names_every_route(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(TABLE), (
        f"routes without a row: {sorted(endpoints - set(TABLE))}; "
        f"rows without a route: {sorted(set(TABLE) - endpoints)}"
    )
    for rule in app.url_map.iter_rules():
        route = TABLE[rule.endpoint]
        served = {m for m in METHODS if route.expected(m) is not None}
        assert served == rule.methods & set(METHODS), rule.endpoint


def _run(site: Site, cell: tuple, wrong: list[str], changed: list[str], *, check_db: bool) -> None:
    endpoint, method, url, form, expected = cell
    for role, want in zip(ROLES, expected, strict=True):
        response = site.client(role).open(url, method=method, data=form or None)
        got = outcome(response)
        response.close()
        if got != want:
            wrong.append(f"{role:9} {method:6} {url} ({endpoint}): {got}, expected {want}")
        if check_db and method != "GET":
            if got in REFUSED and site.dump() != site.rows:
                changed.append(f"{role} {method} {url} ({endpoint}) changed the database")
            site.restore()


def test_every_route_method_and_role_gets_what_the_table_says(site):
    wrong: list[str] = []
    changed: list[str] = []
    all_cells = list(cells(site))
    not_allowed = [cell for cell in all_cells if cell[4] == everyone(405)]
    # The router refuses these before any view runs: one look at the database after them all.
    for cell in not_allowed:
        _run(site, cell, wrong, changed, check_db=False)
    if site.dump() != site.rows:
        changed.append("a request answered 405 changed the database")
    for cell in all_cells:
        if cell[4] != everyone(405):
            _run(site, cell, wrong, changed, check_db=True)
    count = 5 * len(all_cells)
    assert not wrong, f"{len(wrong)} of {count} cells differ:\n" + "\n".join(wrong)
    assert not changed, "\n".join(changed)
    assert len(all_cells) > len(TABLE) * 4  # every method of every route


# The student pages of a lesson nobody may study: a draft course's, and a retired lesson.
HIDDEN = (
    ("GET", "/courses/{course}/lessons/{lesson}"),
    ("GET", "/lessons/{lesson_id}/quiz"),
    ("POST", "/lessons/{lesson_id}/quiz/start"),
    ("POST", "/courses/{course}/lessons/{lesson}/read"),
    ("POST", "/review/lessons/{lesson_id}/takeaways/1"),
)


@pytest.mark.parametrize("hidden", ["draft course", "retired lesson"])
def test_lessons_nobody_may_study_are_404_for_every_account(site, hidden):
    from studyguide.models import utcnow
    from tests.factories import make_course, make_lesson, make_question

    draft = hidden == "draft course"
    with site.app.app_context():
        course = make_course(status="draft" if draft else "published")
        retired = None if draft else utcnow()
        lesson = make_lesson(course, retired_at=retired, takeaways=[{"text": "t", "evidence": {}}])
        make_question(lesson)
        names = {"course": course.slug, "lesson": lesson.slug, "lesson_id": lesson.id}
    rows = site.dump()
    urls = [*HIDDEN, ("GET", "/courses/{course}/transcript")] if draft else HIDDEN
    for role in ROLES[1:]:
        for method, url in urls:
            response = site.client(role).open(url.format(**names), method=method)
            assert response.status_code == 404, (role, method, url)
    assert site.dump() == rows

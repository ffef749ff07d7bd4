"""`studyguide check-course`, `load-course` and `load-courses`: course packages on disk."""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app
from flask.cli import with_appcontext

from studyguide.coursepack import check_package
from studyguide.services.importer import ImportRefused, load_all, load_package


@click.command("check-course")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def check_course_command(paths: tuple[Path, ...]) -> None:
    """Validate course packages: schema, and every quote against the transcript.

    Prints one `file: field: problem` line per problem and exits 1 if there is any.
    """
    failed = False
    for path in paths:
        problems = check_package(path)
        for problem in problems:
            click.echo(f"{path}/{problem}" if problem.file else f"{path}: {problem}")
        if problems:
            failed = True
            click.echo(f"{path}: {len(problems)} problem(s)", err=True)
        else:
            click.echo(f"{path}: ok")
    if failed:
        sys.exit(1)


@click.command("load-course")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def load_course_command(path: Path) -> None:
    """Import a course package into the database, or update it in place.

    Idempotent: loading the same package twice changes nothing. Questions whose wording or
    answer changed get a new version; what left the package is retired, never deleted.
    On problems, prints one `file: field: problem` line each, changes nothing and exits 1.
    """
    try:
        report = load_package(path)
    except ImportRefused as refused:
        _refuse(path, refused.problems)
    click.echo(report.summary())
    for label, names in (
        ("lessons added", report.lessons_added),
        ("lessons updated", report.lessons_updated),
        ("lessons retired", report.lessons_retired),
        ("questions added", report.questions_added),
        ("questions with a new version", report.questions_versioned),
        ("questions updated", report.questions_updated),
        ("questions retired", report.questions_retired),
    ):
        if names:
            click.echo(f"  {label}: {', '.join(names)}")


@click.command("load-courses")
@click.option("--force", is_flag=True, help="Overwrite courses edited in the browser too.")
@with_appcontext
def load_courses_command(force: bool) -> None:
    """Import every course package in COURSES_DIR (default data/courses/).

    Idempotent, and all or nothing: if any package has problems, nothing is loaded.
    An empty or missing folder is not an error. A course made or edited in the browser since
    its last load is skipped and named, unless --force.
    """
    courses_dir = Path(current_app.config["COURSES_DIR"])
    try:
        reports = load_all(courses_dir, force=force)
    except ImportRefused as refused:
        _refuse(courses_dir, refused.problems)
    if not reports:
        click.echo(f"No course packages in {courses_dir}")
    for report in reports:
        click.echo(report.summary())


def _refuse(path: Path, problems: Sequence[object]) -> NoReturn:
    """Print a refused import's problems, one `file: field: problem` line each, and exit 1."""
    for problem in problems:
        click.echo(str(problem))
    click.echo(f"{path}: {len(problems)} problem(s); nothing was loaded", err=True)
    sys.exit(1)

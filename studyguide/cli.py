"""Command-line interface: `studyguide COMMAND` or `flask --app studyguide COMMAND`."""

import os
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext


@click.command("create-instructor")
@click.argument("email")
@click.option(
    "--name", "display_name", default="Instructor", show_default=True, help="Display name."
)
@with_appcontext
def create_instructor_command(email: str, display_name: str) -> None:
    """Create an instructor account, or make an existing account an instructor.

    The password is read from STUDYGUIDE_INSTRUCTOR_PASSWORD, or prompted for.
    """
    from studyguide.services.accounts import AccountError, create_or_promote_instructor

    password = os.environ.get("STUDYGUIDE_INSTRUCTOR_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        user = create_or_promote_instructor(email, password, display_name)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Instructor ready: {user.email}")


@click.command("check-course")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def check_course_command(paths: tuple[Path, ...]) -> None:
    """Validate course packages: schema, and every quote against the transcript.

    Prints one `file: field: problem` line per problem and exits 1 if there is any.
    """
    from studyguide.coursepack import check_package

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


def register(app: Flask) -> None:
    """Add the project's commands to `flask --app studyguide`."""
    for command in (create_instructor_command, check_course_command):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from studyguide import create_app

    return create_app()


main = FlaskGroup(
    create_app=_create_app,
    add_default_commands=True,
    help="studyguide: turn transcripts into grounded courses, and serve them.",
)

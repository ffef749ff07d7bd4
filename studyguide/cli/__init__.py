"""Command-line interface: `studyguide COMMAND` or `flask --app studyguide COMMAND`.

Every command lives in this package: `accounts` (create-instructor), `courses` (check-course,
load-course, load-courses), `generate` (generate, evaluate), `evalset` (evaluate-set) and
`deploy` (check-deploy).
"""

from flask import Flask
from flask.cli import FlaskGroup


def register(app: Flask) -> None:
    """Add the project's commands to `flask --app studyguide`."""
    # Imported here so that running one command module (say `generate` in a benchmark) does
    # not load the others' services and models.
    from studyguide.cli import accounts, courses, deploy, evalset, generate

    for command in (
        accounts.create_instructor_command,
        courses.check_course_command,
        courses.load_course_command,
        courses.load_courses_command,
        generate.generate_command,
        generate.evaluate_command,
        evalset.evaluate_set_command,
        deploy.check_deploy_command,
    ):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from studyguide import create_app

    return create_app()


main = FlaskGroup(
    create_app=_create_app,
    add_default_commands=True,
    help="studyguide: turn transcripts into grounded courses, and serve them.",
)

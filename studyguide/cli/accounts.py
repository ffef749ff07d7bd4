"""`studyguide create-instructor`: accounts from the command line."""

import os

import click
from flask.cli import with_appcontext

from studyguide.services.accounts import AccountError, create_or_promote_instructor


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
    password = os.environ.get("STUDYGUIDE_INSTRUCTOR_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        user = create_or_promote_instructor(email, password, display_name)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Instructor ready: {user.email}")

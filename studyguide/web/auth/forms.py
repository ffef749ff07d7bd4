from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from studyguide.services.accounts import MIN_PASSWORD_LENGTH
from studyguide.web.form import FlaskForm

PASSWORD_LENGTH_MESSAGE = f"Use at least {MIN_PASSWORD_LENGTH} characters (and at most 256)."


def no_control_characters(form, field) -> None:
    """Refuse control characters in a stored or looked-up text (PostgreSQL refuses NUL)."""
    if field.data and any(ord(char) < 32 or ord(char) == 127 for char in field.data):
        raise ValidationError("Remove the invisible control characters from this field.")


def new_password_field(label: str) -> PasswordField:
    """A field for choosing a password, with the length rule shown as a hint."""
    return PasswordField(
        label,
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD_LENGTH, max=256, message=PASSWORD_LENGTH_MESSAGE),
        ],
        description=f"At least {MIN_PASSWORD_LENGTH} characters, not a common password.",
        render_kw={"autocomplete": "new-password"},
    )


def repeat_password_field(label: str, of: str) -> PasswordField:
    """A field that must repeat the password typed in the field named `of`."""
    return PasswordField(
        label,
        validators=[DataRequired(), EqualTo(of, message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )


class RegisterForm(FlaskForm):
    display_name = StringField(
        "Your name",
        validators=[DataRequired(), Length(max=80), no_control_characters],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        "Email",
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    password = new_password_field("Password")
    confirm = repeat_password_field("Repeat password", of="password")
    # Where to go once registered (an invitation link, say); checked like the login's.
    next = HiddenField()
    submit = SubmitField("Create account")


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired(), Length(max=254), no_control_characters],
        render_kw={"autocomplete": "email"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenField()
    submit = SubmitField("Log in")


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        "Current password",
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    new = new_password_field("New password")
    confirm = repeat_password_field("Repeat new password", of="new")
    submit = SubmitField("Change password")


class LogoutForm(FlaskForm):
    submit = SubmitField("Log out")

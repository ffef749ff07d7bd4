from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from studyguide.extensions import limiter
from studyguide.models import User
from studyguide.services import accounts
from studyguide.web.auth.forms import ChangePasswordForm, LoginForm, LogoutForm, RegisterForm
from studyguide.web.auth.session import next_url_from_request

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "Invalid email or password."


def _account_key() -> str:
    return "login-account:" + User.normalize_email(request.form.get("email", ""))


def _start_session(user: User, *, remember: bool = False) -> None:
    # A fresh session at login: nothing an attacker planted before (session fixation) survives.
    session.clear()
    login_user(user, remember=remember)
    session.permanent = True


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register_user(
                form.email.data, form.display_name.data, form.password.data
            )
        except accounts.AccountError as error:
            form.form_errors.append(str(error))
        else:
            _start_session(user)
            flash(f"Welcome, {user.display_name}! Your account is ready.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT_IP"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    # Only failed attempts count against an account: a student who logs in often is fine.
    deduct_when=lambda response: response.status_code != 302,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(LOGIN_FAILED)
        else:
            target = next_url_from_request()
            _start_session(user, remember=form.remember.data)
            flash(f"Logged in as {user.display_name}.", "success")
            return redirect(target or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    form = LogoutForm()
    if not form.validate_on_submit():
        flash("Your logout form expired; please try again.", "warning")
        return redirect(url_for("main.index"))
    accounts.end_all_sessions(current_user)
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("main.index"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.new.data)
        except accounts.AccountError as error:
            form.form_errors.append(str(error))
        else:
            # Other sessions are now invalid; this one continues with the new token.
            _start_session(current_user._get_current_object())
            flash("Your password is changed. Other devices have been logged out.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form)

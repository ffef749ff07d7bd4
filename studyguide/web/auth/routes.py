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
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from studyguide.extensions import limiter
from studyguide.models import User
from studyguide.services import accounts, login_throttle
from studyguide.web.auth.forms import ChangePasswordForm, LoginForm, LogoutForm, RegisterForm
from studyguide.web.auth.session import (
    bind_session_to_browser,
    next_url_from_request,
    safe_next_url,
)

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "Invalid email or password."


def _start_session(user: User, *, remember: bool = False) -> None:
    # A fresh session at login: nothing an attacker planted before (session fixation) survives.
    session.clear()
    login_user(user, remember=remember)
    bind_session_to_browser()
    session.permanent = True


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = accounts.register_user(
                form.email.data, form.display_name.data, form.password.data
            )
        except accounts.AccountError as error:
            form.form_errors.append(str(error))
        else:
            target = next_url_from_request()
            _start_session(user)
            flash(f"Welcome, {user.display_name}! Your account is ready.", "success")
            return redirect(target or url_for("main.index"))
    return render_template("auth/register.html", form=form, next=safe_next_url(form.next.data))


@bp.route("/login", methods=["GET", "POST"])
# A flood guard on every POST (the limiter's store); failed passwords are throttled by
# login_throttle, counted in the database so that every worker and server agrees.
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT_IP"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = login_throttle.log_in(
                form.email.data, form.password.data, get_remote_address(), _throttle_policy()
            )
        except login_throttle.LoginThrottled as error:
            form.form_errors.append(str(error))
            page = render_template("auth/login.html", form=form, next=safe_next_url(form.next.data))
            return page, 429, {"Retry-After": str(error.retry_after)}
        if user is None:
            form.form_errors.append(LOGIN_FAILED)
        else:
            target = next_url_from_request()
            _start_session(user, remember=form.remember.data)
            flash(f"Logged in as {user.display_name}.", "success")
            return redirect(target or url_for("main.index"))
    return render_template("auth/login.html", form=form, next=safe_next_url(form.next.data))


def _throttle_policy() -> login_throttle.ThrottlePolicy:
    return login_throttle.ThrottlePolicy(**current_app.config["LOGIN_THROTTLE"])


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

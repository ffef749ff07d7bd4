from flask import redirect, render_template, url_for
from flask_login import current_user

from studyguide.web.main import bp


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("lessons.index"))
    return render_template("main/index.html")

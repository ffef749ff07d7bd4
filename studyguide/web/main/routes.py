from flask import render_template

from studyguide.web.main import bp


@bp.route("/")
def index():
    return render_template("main/index.html")

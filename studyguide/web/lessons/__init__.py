from flask import Blueprint

bp = Blueprint("lessons", __name__)

from studyguide.web.lessons import routes  # noqa: E402,F401  (registers the views on bp)

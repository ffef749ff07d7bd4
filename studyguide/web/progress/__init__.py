from flask import Blueprint

bp = Blueprint("progress", __name__)

from studyguide.web.progress import routes  # noqa: E402,F401  (registers the views on bp)
